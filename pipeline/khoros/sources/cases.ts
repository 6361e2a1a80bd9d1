/**
 * Cases with their interactions inline: CRM `GET /cases?limit=100&cursor=[&updatedSince=]`
 * (seed-defined bulk list; 100 is the largest page, as cases carry their interactions).
 * Requests: `ceil(n / 100)`, i.e. 10 per 1,000 cases, the minimum; interactions and their
 * attachment links cost nothing more. Checkpoint: `{cursor, done}`.
 */
import type { Source } from '../source-page.ts';
import { crmCursorPages } from './crm-cursor-source.ts';
import { DEFAULT_PAGE_SIZES, epochMs, type SourceOptions } from './source-options.ts';

/**
 * The raw-table key of a case: its id as the CRM gives it (legacy `00012345` or
 * `CASE-2025-000123`; normalising is the `normalizeCaseIds` operator's job).
 *
 * @example
 * caseKey({ id: '00010001' }); // '00010001'
 */
export function caseKey(record: Record<string, unknown>): string | null {
  return typeof record.id === 'string' && record.id !== '' ? record.id : null;
}

/**
 * The cases source (family and stream `cases`). With `updatedSince`, only cases changed
 * since then (delta runs); a checkpoint's cursor belongs to the filter it was made under,
 * so a delta run starts its stream afresh rather than from a full run's checkpoint.
 *
 * @example
 * casesSource({ updatedSince: '2025-01-01T00:00:00Z' })(clients, new Map());
 */
export function casesSource(options: SourceOptions = {}): Source {
  const limit = options.pageSizes?.cases ?? DEFAULT_PAGE_SIZES.cases;
  // Checked here, when the source is built: a bad time is a configuration error.
  const params: Record<string, string> = options.updatedSince === undefined ? {} : { updatedSince: new Date(epochMs(options.updatedSince, 0, 'updatedSince')).toISOString() };
  return (clients, resumeFrom) => crmCursorPages(clients, { family: 'cases', stream: 'cases', path: '/cases', field: 'cases', limit, params, maxPages: options.maxPages }, resumeFrom);
}
