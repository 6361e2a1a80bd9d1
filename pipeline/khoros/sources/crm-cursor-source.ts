/**
 * The CRM family's bulk list (`GET /customers`, `GET /cases`): cursor pages of up to
 * `limit` records, `{<records>: [...], nextCursor}` with `nextCursor: null` on the last.
 * Shared by the customers and cases sources.
 */
import type { Observable } from 'rxjs';
import type { KhorosClients } from '../khoros-api.ts';
import type { StreamCheckpoint } from '../source-page.ts';
import { paginate, type PageWithMissing } from './paginate.ts';
import { UnexpectedAnswerError } from './pagination-error.ts';

/** Checkpoint state of a CRM cursor stream: the cursor of the next page (null: the first). */
export interface CrmCursorState {
  cursor: string | null;
}

/** What to list. */
export interface CrmCursorList {
  family: string;
  stream: string;
  /** `/customers` or `/cases`. */
  path: string;
  /** The answer's array: `customers` or `cases`. */
  field: string;
  limit: number;
  /** Further query parameters (`updatedSince`). */
  params?: Record<string, string>;
  maxPages?: number;
}

/**
 * The stream's pages: `ceil(n / limit)` requests for `n` records, exactly (the last page
 * answers `nextCursor: null`, so no empty page is fetched).
 *
 * @example
 * crmCursorPages(clients, { family: 'customers', stream: 'customers', path: '/customers', field: 'customers', limit: 1000 }, new Map());
 */
export function crmCursorPages(clients: KhorosClients, list: CrmCursorList, resumeFrom: ReadonlyMap<string, StreamCheckpoint>): Observable<PageWithMissing> {
  const { family, stream, path, field, limit, params = {}, maxPages } = list;
  const endpoint = `GET /crm${path}?${new URLSearchParams({ limit: String(limit), ...params })}`;
  return paginate<CrmCursorState>({
    family, stream, maxPages,
    initial: { cursor: null },
    async fetch({ cursor }) {
      const body = await clients.crm.json<Record<string, unknown>>(path, { searchParams: { limit, ...params, ...(cursor ? { cursor } : {}) } });
      const records = body?.[field];
      if (!Array.isArray(records)) throw new UnexpectedAnswerError(stream, endpoint, `no "${field}" array`);
      const next = typeof body.nextCursor === 'string' && body.nextCursor !== '' ? body.nextCursor : null;
      return { endpoint, records, next: { cursor: next }, done: next === null };
    },
  }, resumeFrom);
}
