/**
 * The scope report as Markdown (`discover.md`), for people: one section per question the
 * migration team asks before it starts, the automation inventory as checklists to tick
 * off while rebuilding in Intercom. Every value from Khoros is escaped (pipes, line
 * breaks, HTML), since names and rule texts are free text.
 */
import type { ExportEstimate } from '../khoros/estimate-export.ts';
import type { CatalogEntry, DiscoverReport, FamilyStatus, Span } from './report.ts';

/** The section headings, in order (specs and readers can rely on them). */
export const SECTIONS = Object.freeze([
  'Objects', 'Custom fields', 'Brands, initiatives and campaigns', 'Agents and Intercom admins',
  'Time span', 'Quarantine and data quality', 'Export-time estimate', 'Automation inventory',
]);

const NOT_YET = 'not exported yet';

/**
 * Renders the report.
 *
 * @example
 * await writeFile('discover.md', renderDiscoverMarkdown(report));
 */
export function renderDiscoverMarkdown(report: DiscoverReport): string {
  return [
    `# Khoros scope report`,
    '',
    `Generated ${report.generatedAt} from the workspace \`${cell(report.workspace)}\` (run \`${report.runId}\`). ` +
      (report.full ? 'The whole export ran first: every count is staged data.' : 'Only the small families were exported; the big ones are counted once `khoros2intercom export` (or `discover --full`) has staged them.'),
    '',
    ...objects(report), ...customFields(report), ...catalog(report), ...agents(report),
    ...timeSpan(report), ...quality(report), ...estimate(report), ...automation(report),
  ].join('\n');
}

function objects(report: DiscoverReport): string[] {
  return [
    heading(0),
    table(['object', 'status', 'count', 'quarantined'], report.objects.map((o) => [o.object, o.status, count(o.count, o.status), num(o.quarantined)])),
  ];
}

function customFields(report: DiscoverReport): string[] {
  const lines = [heading(1)];
  if (report.customFields.length === 0) return [...lines, 'No declarations staged (the CRM answered none, or `custom_fields` is not exported yet).', ''];
  for (const object of report.customFields) {
    lines.push(`### ${cell(object.object)} (${object.fields.length} field${object.fields.length === 1 ? '' : 's'})`, '');
    lines.push(table(['field', 'label', 'type', 'searchable', 'options', 'records with a value'], object.fields.map((f) => [
      `\`${cell(f.name)}\``, cell(f.label), cell(f.type), f.searchable ? 'yes' : 'no',
      f.options.length ? f.options.map((o) => `${cell(o.name)} (\`${cell(o.value)}\`)`).join(', ') : '',
      f.filled === null ? NOT_YET : num(f.filled),
    ])));
  }
  return lines;
}

function catalog(report: DiscoverReport): string[] {
  const { casesStatus } = report.catalog;
  const lines = [heading(2)];
  if (casesStatus === 'not exported yet') lines.push('Cases are not exported yet: how many cases use each entry comes with them.', '');
  const part = (title: string, entries: CatalogEntry[]) => {
    lines.push(`### ${title}`, '');
    if (entries.length === 0) return void lines.push('None declared or referenced.', '');
    lines.push(table(['id', 'name', 'cases', 'in use'], entries.map((e) => [
      `\`${cell(e.id)}\``, e.name === null ? '(not declared: cases reference it)' : cell(e.name), count(e.cases, casesStatus),
      e.cases === null ? '' : e.cases > 0 ? (e.declared ? 'yes' : 'yes, undeclared') : 'declared, unused',
    ])));
  };
  part('Brands', report.catalog.brands);
  part('Initiatives', report.catalog.initiatives);
  part('Campaigns', report.catalog.campaigns);
  return lines;
}

function agents(report: DiscoverReport): string[] {
  const a = report.agents;
  const roles = Object.entries(a.roles).map(([role, n]) => `${cell(role)} ${n}`).join(', ') || 'none';
  const lines = [heading(3)];
  lines.push(`${a.agents.length} agents (roles: ${roles}).`);
  if (a.intercomError) lines.push('', `**Intercom admins could not be read** (${cell(a.intercomError)}): every agent is shown unmatched until discover runs again with Intercom reachable.`);
  else lines.push(`Intercom has ${a.intercomAdmins} admins: ${a.matched} agents match by email, ${a.matchedCaseInsensitive} only when letter case is ignored, ${a.unmatched} have no admin.`);
  if (a.unmatched) lines.push('', `Admins cannot be created through the Intercom API: the ${a.unmatched} unmatched agent${a.unmatched === 1 ? '' : 's'} need${a.unmatched === 1 ? 's' : ''} a fallback admin (or an Intercom seat created by hand before the import).`);
  lines.push('', table(['agent', 'email', 'role', 'active', 'teams', 'Intercom admin', 'match'], a.agents.map((g) => [
    cell(g.name ?? g.id), cell(g.email ?? ''), cell(g.role ?? ''), g.active ? 'yes' : 'no', g.teams.map(cell).join(', '),
    g.admin ? `${g.admin.name ? `${cell(g.admin.name)}, ` : ''}${cell(g.admin.email)} (id ${cell(g.admin.id)})` : '', g.match,
  ])));
  if (a.adminsWithoutAgent.length) {
    lines.push('### Intercom admins without a Khoros agent', '', table(['admin', 'email', 'id'], a.adminsWithoutAgent.map((d) => [cell(d.name ?? ''), cell(d.email), cell(d.id)])));
  }
  if (a.teams.length) lines.push('### Teams', '', table(['team', 'members'], a.teams.map((t) => [cell(t.name), num(t.members)])));
  return lines;
}

function timeSpan(report: DiscoverReport): string[] {
  const t = report.timeSpan;
  const row = (label: string, span: Span) => [label, span.from ?? NOT_YET, span.to ?? NOT_YET];
  return [
    heading(4),
    table(['data', 'from', 'to'], [
      row('cases created', t.casesCreated), row('cases last updated', t.casesUpdated),
      row('interactions created', t.interactionsCreated), row('conversations created', t.conversationsCreated),
      row('all of the above', t.overall),
    ]),
  ];
}

function quality(report: DiscoverReport): string[] {
  const q = report.quality;
  const lines = [heading(5), `${num(q.quarantined)} records quarantined (kept in the \`quarantine\` table with the reason and the payload).`, ''];
  if (q.quarantine.length) lines.push(table(['family', 'reason', 'records'], q.quarantine.map((r) => [cell(r.family), `\`${cell(r.reasonKind)}\``, num(r.records)])));
  lines.push('### Case id collisions', '', `${q.caseIdCollisions.length} naive keys recorded by the export; ${num(q.caseIdConflicts)} among the staged cases (\`case_id_conflicts\`). The migration links by canonical id, never by the naive key.`, '');
  if (q.caseIdCollisions.length) {
    lines.push(table(['naive key', 'ids', 'canonical ids', 'reasons'], q.caseIdCollisions.map((c) => [
      `\`${cell(c.naiveKey)}\``, c.ids.map(cell).join(', '), c.canonicalIds.map(cell).join(', '), c.reasons.map(cell).join(', '),
    ])));
  }
  lines.push('### Files', '', `${num(q.filesStored)} files stored; ${num(q.refusedDownloads)} downloads refused (\`refused_downloads\`).`, '');
  if (q.refusedByReason.length) lines.push(table(['reason', 'files'], q.refusedByReason.map((r) => [cell(r.reason), num(r.files)])));
  return lines;
}

function estimate(report: DiscoverReport): string[] {
  const { estimate: e, since, until, counts } = report.estimate;
  const lines = [heading(6)];
  lines.push(`A full export from scratch at the default Khoros rate limits, with the page sizes the sources use; ${e.windows} Analytics windows of 31 days from ${since} to ${until} enumerate the conversations (set \`--since\` to the go-live date: every empty window still costs two requests).`, '');
  const missing = Object.entries(counts).filter(([, n]) => n === null).map(([k]) => k);
  if (missing.length) lines.push(`**Not exported yet, so not in the totals:** ${missing.join(', ')}. The totals below are a lower bound; run \`discover --full\` (or the export) for the real counts.`, '');
  lines.push(table(['family', 'bucket', 'phase', 'requests', 'minutes', 'formula'], e.families.map((f) => [
    f.family, f.bucket, f.phase, f.requests === null ? NOT_YET : num(f.requests), f.minutes === null ? (f.requests === null ? '' : 'not rate limited') : f.minutes.toFixed(1), cell(f.formula),
  ])));
  lines.push(table(['bucket', 'calls per minute', 'requests', 'minutes'], e.buckets.map((b) => [
    b.bucket, b.callsPerMinute === null ? 'unlimited' : num(b.callsPerMinute), num(b.requests), b.minutes === null ? '' : b.minutes.toFixed(1),
  ])));
  lines.push(...timing(e), '');
  return lines;
}

function timing(e: ExportEstimate): string[] {
  return [
    `- First phase (customers, custom fields, agents, cases, one after the other): **${duration(e.firstPhaseMinutes)}**.`,
    `- Then every other family side by side, each on its own bucket: **${duration(e.parallelPhaseMinutes)}**${e.bottleneck ? ` (bounded by ${e.bottleneck === 'conversations' ? 'the conversations stream: its Analytics enumeration, then its details' : `the \`${e.bottleneck}\` bucket`})` : ''}.`,
    `- Then the downloads: **${duration(e.downloadsMinutes)}** for the KB images on the community quota; attachments come from a host without a rate limit, bound by bandwidth.`,
    `- Total: **${duration(e.minutes)}**${e.unknown.length ? ' at least' : ''}.`,
  ];
}

function automation(report: DiscoverReport): string[] {
  const a = report.automation;
  const lines = [heading(7), 'Nothing here migrates: Intercom has no API that creates Workflows, team inboxes or SLAs. Rebuild each item by hand and tick it off.', ''];
  const pending = (status: FamilyStatus) => (status === 'not exported yet' ? [`Not exported yet.`, ''] : []);
  lines.push('### Automation rules', '', ...pending(a.status.automation_rules));
  if (a.rules.length) {
    lines.push(table(['done', 'rule', 'trigger', 'conditions', 'actions', 'enabled', 'Rebuild in Intercom as'], a.rules.map((r) => [
      '[ ]', cell(r.name), `\`${cell(r.trigger)}\``, r.conditions.map(cell).join('; ') || '(always)', r.actions.map(cell).join('; '), r.enabled ? 'yes' : 'no', cell(r.rebuildAs),
    ])));
  }
  lines.push('### Work queues → Intercom team inboxes', '', ...pending(a.status.work_queues));
  if (a.workQueues.length) {
    lines.push(table(['done', 'work queue', 'description', 'archived', 'Rebuild in Intercom as'], a.workQueues.map((q) => [
      '[ ]', cell(q.name), cell(q.description ?? ''), q.archived ? 'yes' : 'no', cell(q.rebuildAs),
    ])));
  }
  lines.push('### SLAs → Intercom SLA rules', '', ...pending(a.status.slas));
  if (a.slas.length) {
    lines.push(table(['done', 'SLA', 'first response', 'resolution', 'priorities', 'work queues', 'Rebuild in Intercom as'], a.slas.map((s) => [
      '[ ]', cell(s.name), s.firstResponseMinutes === null ? '' : duration(s.firstResponseMinutes), s.resolutionMinutes === null ? '' : duration(s.resolutionMinutes),
      s.priorities.join(', '), s.workQueues.map(cell).join(', '), cell(s.rebuildAs),
    ])));
  }
  lines.push(`${num(a.tags)} Care tag definitions staged: the import creates the Intercom tags the records use.`, '');
  return lines;
}

function heading(index: number): string {
  return `## ${SECTIONS[index]}\n`;
}

/** A Markdown table, followed by a blank line. */
function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''].join('\n');
}

/** Free text made safe for a table cell: no pipes, line breaks or HTML. */
function cell(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

function count(n: number | null, status: FamilyStatus): string {
  if (n === null) return '—';
  return status === 'partial' ? `${num(n)} so far` : num(n);
}

function num(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/**
 * Minutes as people read them: `15 min`, `14.2 min`, `3 h 05 min`, `2 d 4 h`. Shared by the summary.
 *
 * @example
 * duration(192.5); // '3 h 13 min'
 */
export function duration(minutes: number): string {
  if (minutes < 60) return `${Number(minutes.toFixed(1))} min`;
  const total = Math.round(minutes);
  if (total < 24 * 60) return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
