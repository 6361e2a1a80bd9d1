/**
 * The time span of the staged data: earliest and latest case creation and update,
 * interaction and conversation creation (the views turn CRM ISO strings and Care epoch
 * milliseconds alike into TIMESTAMPTZ). Tells how far back the import reaches and which
 * `since` the conversation enumeration needs.
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { Span, TimeSpanReport } from './report.ts';

/**
 * The spans; a span is `{from: null, to: null}` when nothing is staged.
 *
 * @example
 * (await readTimeSpan(workspace)).overall; // { from: '2023-01-16T09:19:00.077Z', to: '2026-10-30T…' }
 */
export async function readTimeSpan(workspace: Workspace): Promise<TimeSpanReport> {
  const [row] = await workspace.query<Record<string, Date | null>>(`SELECT
    (SELECT min(created) FROM cases) AS cc0, (SELECT max(created) FROM cases) AS cc1,
    (SELECT min(last_updated) FROM cases) AS cu0, (SELECT max(last_updated) FROM cases) AS cu1,
    (SELECT min(created) FROM interactions) AS ic0, (SELECT max(created) FROM interactions) AS ic1,
    (SELECT min(created) FROM conversations) AS vc0, (SELECT max(created) FROM conversations) AS vc1`);
  const span = (from: Date | null | undefined, to: Date | null | undefined): Span => ({ from: iso(from), to: iso(to) });
  const spans = {
    casesCreated: span(row?.cc0, row?.cc1),
    casesUpdated: span(row?.cu0, row?.cu1),
    interactionsCreated: span(row?.ic0, row?.ic1),
    conversationsCreated: span(row?.vc0, row?.vc1),
  };
  const froms = Object.values(spans).map((s) => s.from).filter((s): s is string => s !== null).sort();
  const tos = Object.values(spans).map((s) => s.to).filter((s): s is string => s !== null).sort();
  return { ...spans, overall: { from: froms[0] ?? null, to: tos.at(-1) ?? null } };
}

function iso(value: Date | null | undefined): string | null {
  return value instanceof Date && Number.isFinite(value.getTime()) ? value.toISOString() : null;
}
