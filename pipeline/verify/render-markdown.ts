/**
 * The verify report as Markdown: the verdict, the thresholds, the per-object counts, the
 * field match rates and the first findings (the workspace views list them all).
 */
import type { VerifyResult } from './verify-types.ts';

const cell = (value: unknown) => String(value ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const json = (value: unknown) => (value === undefined || value === null ? '' : `\`${cell(JSON.stringify(value)).slice(0, 120)}\``);

/**
 * @example
 * await writeFile('verify.md', renderMarkdown(result));
 */
export function renderMarkdown(result: VerifyResult): string {
  const lines = [
    `# Verify: ${result.pass ? 'PASS' : 'FAIL'}`,
    '',
    `Run \`${result.runId}\`, ${result.mode === 'full' ? 'every record' : `a sample of the hardest records (seed ${result.seed})`}, map version ${result.mapVersion}, ${result.startedAt} → ${result.finishedAt}, ${result.intercomRequests} Intercom requests.`,
    '',
    '## Thresholds',
    '',
    '| threshold | limit | actual | |',
    '| --- | ---: | ---: | --- |',
    ...result.thresholds.map((t) => `| ${t.name} | ${t.limit} | ${t.actual} | ${t.pass ? 'pass' : '**fail**'} |`),
    '',
    '## Per object',
    '',
    '| object | source | staged | quarantined | planned | written | checked | read back | missing | unexpected | with mismatches |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.counts.map((c) => `| ${c.objectType} | ${c.source} | ${c.staged} | ${c.quarantined} | ${c.planned} | ${c.written} | ${c.checked} | ${c.readBack} | ${c.missing} | ${c.unexpected} | ${c.withMismatches} |`),
    '',
    `Fields compared: ${result.totals.fieldChecks}, differing: ${result.totals.fieldMismatches}. Conversations whose part count differs: ${result.totals.partCountMismatches}.`,
    ...result.notes.map((note) => `- ${note}`),
    '',
    '## Fields',
    '',
    '| object | field | compared | differing |',
    '| --- | --- | ---: | ---: |',
    ...result.fieldStats.map((f) => `| ${f.objectType} | ${cell(f.field)} | ${f.checked} | ${f.mismatched} |`),
    '',
    `## Findings (${result.findingCount}${result.findingCount > result.findings.length ? `, the first ${result.findings.length}` : ''})`,
    '',
  ];
  if (result.findings.length === 0) lines.push('None.');
  else {
    lines.push('| kind | object | Khoros key | Intercom id | field | expected | actual | detail |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const f of result.findings) lines.push(`| ${f.kind} | ${f.objectType} | ${cell(f.khorosKey)} | ${cell(f.intercomId)} | ${cell(f.field)} | ${json(f.expected)} | ${json(f.actual)} | ${cell(f.detail)} |`);
  }
  lines.push('', 'Every finding is in the workspace: `SELECT * FROM field_mismatches`, `missing_in_intercom`, `unexpected_in_intercom`, `reconciliation_summary`.', '');
  return lines.join('\n');
}
