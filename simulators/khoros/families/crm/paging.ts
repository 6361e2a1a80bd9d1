/**
 * Seed-defined bulk paging of the CRM family (`GET /customers`, `GET /cases`): the CRM
 * spec has no list endpoints, so the simulator adds cursor pages over the store's
 * insertion order. The cursor is opaque (base64url of the last id served), stays valid
 * while records are added or changed, and is refused with 400 when it does not decode to
 * a stored id (for instance after that record was deleted).
 */
import type { OrderedIndex } from '../../ordered-index.ts';
import { KhorosHttpError, type KhorosRequest } from '../../route.ts';

/** One page and the cursor to the next, null on the last page. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The `limit` query parameter: default and maximum `max`; a larger value is clamped to
 * `max` (seed-defined), a non-integer or one below 1 is refused.
 *
 * @example
 * pageLimit(req, settings.pageSizes.cases); // 100 for `?limit=5000` with the default settings
 */
export function pageLimit(req: KhorosRequest, max: number): number {
  const raw = req.query.get('limit');
  if (raw === null || raw === '') return max;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw badRequest(`limit must be a positive integer, got ${raw}`);
  return Math.min(limit, max);
}

/**
 * Up to `limit` records after the request's `cursor` that satisfy `keep`, scanning the
 * index in chunks so a selective filter does not cost one pass per page.
 *
 * @example
 * const { items, nextCursor } = cursorPage(req, store.cases, 100, (c) => c.lastUpdated! >= since);
 */
export function cursorPage<T>(req: KhorosRequest, index: OrderedIndex<T>, limit: number, keep: (record: T) => boolean, keyOf: (record: T) => string): CursorPage<T> {
  let after = decodeCursor(req.query.get('cursor'), index);
  const items: T[] = [];
  for (;;) {
    const { items: batch, next } = index.page(after, Math.max(limit, 100));
    for (let i = 0; i < batch.length; i++) {
      if (!keep(batch[i])) continue;
      items.push(batch[i]);
      if (items.length === limit) {
        const atEnd = next === null && i === batch.length - 1;
        return { items, nextCursor: atEnd ? null : encodeCursor(keyOf(batch[i])) };
      }
    }
    if (next === null) return { items, nextCursor: null };
    after = next;
  }
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | null, index: OrderedIndex<unknown>): string | undefined {
  if (cursor === null || cursor === '') return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (encodeCursor(key) !== cursor || index.get(key) === undefined) throw badRequest(`Invalid cursor ${cursor}`);
  return key;
}

function badRequest(message: string): KhorosHttpError {
  return new KhorosHttpError(400, message, { error: 'bad_request', message });
}
