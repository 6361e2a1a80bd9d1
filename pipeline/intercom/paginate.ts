/**
 * Walks Intercom's three list styles, one page per request, as async generators that yield
 * each page's records (RxJS: `from(paginateCursor(...))` makes a cold Observable). A page is
 * requested only when the consumer asks for the next one, so memory holds one page; each
 * walk is fresh per call, refuses a repeated cursor and caps its page count.
 *
 * - cursor lists (`GET /contacts`, `GET /conversations`): `per_page` and `starting_after`
 *   in the query; stop when `pages.next.starting_after` is absent;
 * - searches (`POST /contacts/search`, `/conversations/search`): the same cursor in the
 *   body's `pagination` (in the query string Intercom silently answers page 1 again);
 * - page numbers (`GET /articles`, `/help_center/collections`): `page` and `per_page`; stop
 *   on an empty `data`, or once `page` reaches `pages.total_pages` (saves the empty page).
 */
import { IntercomPaginationError } from '../errors.ts';
import type { IntercomClient } from './intercom-api.ts';

/** Options every walk takes. */
export interface PaginateOptions {
  /** Records per page. Omitted: the endpoint's default. */
  perPage?: number;
  /** The envelope key holding the records: `data`, or `conversations` for conversations. @default 'data' */
  itemsKey?: string;
  /** Pages at most; more is an error (got's `requestLimit`). @default 100000 */
  maxPages?: number;
}

interface Envelope {
  pages?: { next?: { starting_after?: string | null } | null; page?: number; total_pages?: number } | null;
  [key: string]: unknown;
}

/**
 * Walks a cursor list.
 *
 * @example
 * for await (const contacts of paginateCursor<Contact>(intercom, '/contacts', { perPage: 150 })) stage(contacts);
 */
export async function* paginateCursor<T>(client: IntercomClient, path: string, options: PaginateOptions & { searchParams?: Record<string, string | number | boolean> } = {}): AsyncGenerator<T[], void, undefined> {
  const endpoint = `GET ${path}`;
  yield* walkCursor<T>(endpoint, options, (cursor) => client.request<Envelope>('GET', path, {
    searchParams: { ...options.searchParams, per_page: options.perPage, starting_after: cursor },
  }));
}

/**
 * Walks a search; `query` and `sort` as Intercom's search DSL takes them. Searches are POSTs
 * that change nothing, so they are retried like GETs.
 *
 * @example
 * const query = { field: 'external_id', operator: '=', value: 'khoros-42' };
 * for await (const page of paginateSearch<Contact>(intercom, '/contacts/search', { query, perPage: 50 })) found.push(...page);
 */
export async function* paginateSearch<T>(client: IntercomClient, path: string, options: PaginateOptions & { query: unknown; sort?: unknown }): AsyncGenerator<T[], void, undefined> {
  const endpoint = `POST ${path}`;
  yield* walkCursor<T>(endpoint, options, (cursor) => {
    const pagination: Record<string, unknown> = {};
    if (options.perPage !== undefined) pagination.per_page = options.perPage;
    if (cursor !== undefined) pagination.starting_after = cursor;
    const json: Record<string, unknown> = { query: options.query, pagination };
    if (options.sort !== undefined) json.sort = options.sort;
    return client.request<Envelope>('POST', path, { json, idempotent: true });
  });
}

/**
 * Walks a page-number list.
 *
 * @example
 * for await (const articles of paginatePages<Article>(intercom, '/articles', { perPage: 50 })) stage(articles);
 */
export async function* paginatePages<T>(client: IntercomClient, path: string, options: PaginateOptions & { searchParams?: Record<string, string | number | boolean> } = {}): AsyncGenerator<T[], void, undefined> {
  const { itemsKey = 'data', maxPages = 100_000 } = options;
  const endpoint = `GET ${path}`;
  for (let page = 1; ; page++) {
    if (page > maxPages) throw new IntercomPaginationError(endpoint, `more than ${maxPages} pages`);
    const body = await client.request<Envelope>('GET', path, { searchParams: { ...options.searchParams, page, per_page: options.perPage } });
    const items = itemsOf<T>(body, itemsKey, endpoint);
    if (items.length === 0) return;
    yield items;
    const total = body.pages?.total_pages;
    if (typeof total === 'number' && page >= total) return;
  }
}

/** The cursor loop shared by lists and searches: `fetch(cursor)` gets one page. */
async function* walkCursor<T>(endpoint: string, options: PaginateOptions, fetch: (cursor: string | undefined) => Promise<Envelope>): AsyncGenerator<T[], void, undefined> {
  const { itemsKey = 'data', maxPages = 100_000 } = options;
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    if (page > maxPages) throw new IntercomPaginationError(endpoint, `more than ${maxPages} pages`);
    const body = await fetch(cursor);
    const items = itemsOf<T>(body, itemsKey, endpoint);
    if (items.length > 0) yield items;
    const next = body.pages?.next?.starting_after;
    if (typeof next !== 'string' || next === '') return;
    if (next === cursor) throw new IntercomPaginationError(endpoint, `the cursor did not change (${next.slice(0, 40)})`);
    cursor = next;
  }
}

function itemsOf<T>(body: Envelope, key: string, endpoint: string): T[] {
  const items = body?.[key];
  if (!Array.isArray(items)) throw new IntercomPaginationError(endpoint, `the answer has no "${key}" list`);
  return items as T[];
}
