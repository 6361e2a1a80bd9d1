/**
 * Authors (Care Persons): Care `GET /api/v2/authors?offset=N&include_deleted_crm=true`,
 * `data: {nextPageUrl, personList}`, 10 persons per call, the full Person shape.
 *
 * Why this route and not the Analytics Raw Author report (the cheaper one in requests):
 * - Care list: `ceil(n / 10)` requests, i.e. 100 per 1,000 persons, on the `care` quota
 *   (60/min, shared with the conversation details), whatever the dates.
 * - Raw Author report: one job per ≤ 31-day window of `lastModified`, 2 requests for an
 *   empty window (create + poll) and 3 for one with rows, whatever `n`: from 2015 to now
 *   about 140 windows, so 280–420 requests on the 20/min Analytics quota. That is fewer
 *   than the Care list only above ~3,000–4,000 persons.
 * - But its flat rows (`authorId, authorDisplayId, name, screenName, networks, crmId,
 *   brandOwned, deleted, mergedIntoId, lastModifiedTime`) lose what the migration maps:
 *   the per-network handles (ids, profile URLs, avatars, the CRM handle's email), `tags`,
 *   `notes`, `timezone` and `properties`. Completing them would take `GET
 *   /api/v2/authors/{id}` per person (1,000 per 1,000): the report route is not complete,
 *   and completing it is ten times dearer than the list.
 * So the list it is: the cheapest complete route, 100 requests per 1,000 persons, which
 * is the minimum the API allows for full Persons. `include_deleted_crm=true` keeps deleted
 * persons (flagged `deleted`), so nothing is lost; merged ones carry `mergedIntoId`.
 * Checkpoint: `{offset, done}` (the offset of the next page).
 */
import type { Source } from '../source-page.ts';
import { paginate } from './paginate.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';
import type { SourceOptions } from './source-options.ts';

/**
 * The raw-table key of a person: its Person id (a UUID).
 *
 * @example
 * authorKey({ id: 'a1eb3f9c-…', handles: {} }); // 'a1eb3f9c-…'
 */
export function authorKey(record: Record<string, unknown>): string | null {
  return typeof record.id === 'string' && record.id !== '' ? record.id : null;
}

/**
 * The authors source (family and stream `authors`). The page size is the server's; the
 * next offset is read from `nextPageUrl` (null on the last page).
 *
 * @example
 * authorsSource()(clients, new Map());
 */
export function authorsSource(options: SourceOptions = {}): Source {
  const endpoint = 'GET /care/api/v2/authors?include_deleted_crm=true';
  return (clients, resumeFrom) => paginate<{ offset: number }>({
    family: 'authors', stream: 'authors', maxPages: options.maxPages,
    initial: { offset: 0 },
    async fetch({ offset }) {
      const body = await clients.care.json<{ data?: { nextPageUrl?: unknown; personList?: unknown } }>('/api/v2/authors', { searchParams: { offset, include_deleted_crm: true } });
      const persons = body?.data?.personList;
      if (!Array.isArray(persons)) throw new UnexpectedAnswerError('authors', endpoint, 'no "data.personList" array');
      const nextUrl = typeof body.data?.nextPageUrl === 'string' && body.data.nextPageUrl !== '' ? body.data.nextPageUrl : null;
      const done = nextUrl === null || persons.length === 0;
      return { endpoint, records: persons, next: { offset: done ? offset + persons.length : nextOffset(nextUrl!, offset + persons.length) }, done };
    },
  }, resumeFrom);
}

/** The `offset` the next page URL names, else the count so far. */
function nextOffset(nextPageUrl: string, fallback: number): number {
  const raw = new URL(nextPageUrl, 'http://relative.invalid').searchParams.get('offset');
  const offset = raw === null || raw === '' ? NaN : Number(raw);
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : fallback;
}
