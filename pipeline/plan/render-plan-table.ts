/**
 * The plan summary as a table for people (stderr): one line per object and family with its
 * actions, then the reasons and findings worth a look.
 */
import type { ObjectSummary, PlanSummary } from './plan-summary.ts';

const LABELS: Record<string, string> = {
  data_attribute: 'contact attributes', conversation_attribute: 'conversation attributes', tag: 'tags',
  collection: 'collections', section: 'sections', contact: 'contacts', conversation: 'conversations',
  article: 'articles', internal_article: 'internal articles',
};

/**
 * Renders the summary.
 *
 * @example
 * process.stderr.write(renderPlanTable(summary));
 * // object                         from            create  update  skip  queue  ...
 */
export function renderPlanTable(summary: PlanSummary): string {
  const header = ['object', 'from', 'create', 'update', 'skip', 'queue', 'total', 'parts', 'files'];
  const rows = summary.objects.map((o) => [
    LABELS[o.objectType] ?? o.objectType, o.family, o.create, o.update, o.skip, o.queue, o.total, o.parts ?? '', o.attachments ?? '',
  ].map(String));
  const t = summary.totals;
  rows.push(['total', '', t.create, t.update, t.skip, t.queue, t.total, '', ''].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [
    `plan ${summary.planId} (map version ${summary.mapVersion}${summary.ledger ? `, ${summary.ledgerWrites} earlier writes in the ledger` : ', no ledger'}; ` +
      `${summary.intercomRequests} Intercom reads, nothing written)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows[rows.length - 1]),
  ];
  const notes = summary.objects.flatMap((o) => notesOf(o));
  if (notes.length) out.push('', 'look at:', ...notes.map((n) => `  - ${n}`));
  const mapFindings = Object.entries(summary.mapFindings);
  if (mapFindings.length) out.push('', 'the map itself:', ...mapFindings.map(([rule, n]) => `  - ${rule}: ${n}`));
  out.push('', `every item: SELECT * FROM plans WHERE plan_id = '${summary.planId}'`);
  return `${out.join('\n')}\n`;
}

function notesOf(o: ObjectSummary): string[] {
  const label = `${LABELS[o.objectType] ?? o.objectType} (${o.family})`;
  const out: string[] = [];
  const reasons = Object.entries(o.reasons).filter(([r]) => r !== 'new' && r !== 'exists').map(([r, n]) => `${r} ${n}`);
  if (reasons.length) out.push(`${label}: ${reasons.join(', ')}`);
  if (o.flagged) out.push(`${label}: ${o.flagged} written with a reconciliation-queue entry or quarantined values (${o.quarantinedFields} values)`);
  const findings = Object.entries(o.findings).map(([rule, n]) => `${rule} ${n}`);
  if (findings.length) out.push(`${label} findings: ${findings.join(', ')}`);
  if (o.changedFields && Object.keys(o.changedFields).length) out.push(`${label} fields updated: ${Object.entries(o.changedFields).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  return out;
}
