/**
 * Writes a proposal's evidence beside the map: `mapping.report.json` (the `ProposalReport`
 * as is) and `mapping.report.md`, one table per object and, per field, the target, type,
 * confidence, reasons, samples, empty share, distinct values, longest value and the values
 * that would fail conversion. Deterministic, like the map.
 */
import { writeFile } from 'node:fs/promises';
import type { ProposalReport, ProposalReportField } from './propose-map.ts';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const values = (list: readonly string[], max = 5) => list.slice(0, max).map((v) => `\`${clip(v).replaceAll('`', "'")}\``).join(', ') + (list.length > max ? `, … (${list.length})` : '');
const percent = (x: number | undefined) => (x === undefined ? '' : `${Math.round(x * 1000) / 10}%`);

/**
 * The report as Markdown.
 *
 * @example
 * const markdown = proposalReportMarkdown(report);
 */
export function proposalReportMarkdown(report: ProposalReport): string {
  const s = report.summary;
  const lines = [
    '# Field map proposal',
    '',
    `Source profile \`${report.profileHash.slice(0, 16)}…\`${report.runId ? `, staged by run \`${report.runId}\`` : ''}; proposer: ${report.proposer}.`,
    '',
    `${s.rows} fields: ${s.standard} to standard Intercom fields, ${s.existingAttributes} to existing attributes, ${s.newAttributes} to new attributes, ` +
      `${s.tags} to tags, ${s.skipped} skipped. ${s.withFailingValues} with values that fail conversion (quarantined at import).`,
    '',
  ];
  if (report.warnings.length) lines.push('## Look at these first', '', ...report.warnings.map((w) => `- ${w}`), '');
  const objects = [...new Set(report.fields.map((f) => f.object))];
  for (const object of objects) {
    const fields = report.fields.filter((f) => f.object === object);
    lines.push(`## ${object}`, '', '| field | target | conversion | confidence | empty | distinct | longest | samples | failing |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const f of fields) {
      const type = `${f.custom ? `custom ${f.declaredType ?? ''}, ` : ''}${f.inferredType ?? ''}`;
      lines.push(`| ${cell(`\`${f.source}\` (${type})`)} | ${cell(f.target)} | ${cell(`${f.conversion}${f.lossy ? ', lossy' : ''}`)} | ${f.confidence.toFixed(2)} | ` +
        `${percent(f.nullRate)} | ${f.distinct ?? ''} | ${f.longest ?? ''} | ${cell(values(f.samples))} | ${cell(values(f.failing))} |`);
    }
    lines.push('', ...fields.flatMap((f) => reasonLines(f)), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function reasonLines(f: ProposalReportField): string[] {
  return [`- \`${f.source}\` → ${f.target}`, ...f.reasons.map((r) => `  - ${r}`)];
}

/**
 * Writes `<base>.report.md` and `<base>.report.json` (base: the map path without `.yaml`).
 *
 * @example
 * await writeProposalReport('mapping.yaml', report); // mapping.report.md, mapping.report.json
 */
export async function writeProposalReport(mappingPath: string, report: ProposalReport): Promise<{ markdown: string; json: string }> {
  const base = mappingPath.replace(/\.ya?ml$/i, '');
  const paths = { markdown: `${base}.report.md`, json: `${base}.report.json` };
  await writeFile(paths.markdown, proposalReportMarkdown(report), 'utf8');
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  return paths;
}
