/**
 * Intercom's cursor pagination (`cursor_pages`): `per_page` plus an opaque `starting_after`
 * cursor, answered as `{type:'pages', page, per_page, total_pages, next?}`. `next` is
 * omitted on the last page — the official SDK stops when `pages.next.starting_after` is
 * absent. The cursor is base64 of `[offset, last id]`, like Intercom's `WzE2...` cursors
 * (base64 JSON); the id keeps paging right when records were added or removed meanwhile.
 */
import { IntercomError } from './context.ts';

/** Options of `cursorPage`. */
export interface CursorOptions {
  /** `per_page` as received (query string or body); invalid values answer 400. */
  perPage?: unknown;
  /** `starting_after` as received. */
  startingAfter?: unknown;
  /** @default 50 */
  defaultPerPage?: number;
  /** Larger `per_page` values are clamped to it. @default 150 */
  maxPerPage?: number;
}

/** One page of a list response. */
export interface CursorPage<T> {
  data: T[];
  total_count: number;
  pages: Record<string, unknown>;
}

function decode(cursor: string): [number, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (Array.isArray(parsed) && Number.isInteger(parsed[0]) && parsed[0] >= 0 && typeof parsed[1] === 'string') return [parsed[0], parsed[1]];
  } catch {
    // fall through to the error below
  }
  throw new IntercomError(400, 'parameter_invalid', 'starting_after is invalid', 'starting_after');
}

/**
 * Cuts one page from the full, ordered result.
 *
 * @example
 * const first = cursorPage(contacts, { perPage: 2 });
 * const second = cursorPage(contacts, { perPage: 2, startingAfter: (first.pages.next as any).starting_after });
 */
export function cursorPage<T extends { id?: unknown }>(items: T[], options: CursorOptions = {}): CursorPage<T> {
  const { defaultPerPage = 50, maxPerPage = 150 } = options;
  let perPage = defaultPerPage;
  if (options.perPage !== undefined && options.perPage !== null && options.perPage !== '') {
    const n = Number(options.perPage);
    if (!Number.isInteger(n) || n < 1) throw new IntercomError(400, 'parameter_invalid', 'per_page must be a positive integer', 'per_page');
    perPage = Math.min(n, maxPerPage);
  }
  let offset = 0;
  if (typeof options.startingAfter === 'string' && options.startingAfter !== '') {
    const [at, lastId] = decode(options.startingAfter);
    if (String(items[at - 1]?.id) === lastId) offset = at;
    else {
      const index = items.findIndex((item) => String(item.id) === lastId);
      offset = index >= 0 ? index + 1 : Math.min(at, items.length);
    }
  }
  const data = items.slice(offset, offset + perPage);
  const end = offset + data.length;
  const pages: Record<string, unknown> = {
    type: 'pages',
    page: Math.floor(offset / perPage) + 1,
    per_page: perPage,
    total_pages: Math.ceil(items.length / perPage),
  };
  if (end < items.length && data.length > 0) {
    pages.next = { per_page: perPage, starting_after: Buffer.from(JSON.stringify([end, String(data[data.length - 1].id)])).toString('base64') };
  }
  return { data, total_count: items.length, pages };
}
