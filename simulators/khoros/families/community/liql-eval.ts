/**
 * Runs a parsed LiQL query over a collection's items: filter, order, cursor page, project.
 * Seed-defined behaviour where the public record is silent: without `ORDER BY` items come
 * in ascending `id` order (numeric ids compare as numbers); `LIMIT` defaults to 25 and a
 * LIMIT above the maximum is refused (not clamped) so a misconfigured client fails loudly;
 * cursors are keyset cursors (the last item's sort value and id), so a page boundary
 * survives items being added or edited between calls, and a cursor made under another
 * ORDER BY is refused.
 */
import type { LiqlCondition, LiqlQuery, LiqlValue } from './liql.ts';

/** An item of a collection, as the API returns it. */
export type LiqlItem = Record<string, unknown> & { id: string };

/** Resolves the fields that are not plain paths of the item (relations, aliases). */
export type FieldResolvers = Record<string, (item: LiqlItem) => unknown>;

/** The result: a page of items, or a count. */
export type LiqlResult = { items: Record<string, unknown>[]; nextCursor?: string } | { count: number };

/**
 * A well-formed query the service still refuses (a bad cursor, a LIMIT too large); the
 * Community family answers it with HTTP 400.
 *
 * @example
 * throw new LiqlQueryError('LIMIT 5000 exceeds the maximum of 1000');
 */
export class LiqlQueryError extends Error {
  override name = 'LiqlQueryError';
}

/** Items per page when the query has no LIMIT. */
export const DEFAULT_LIQL_LIMIT = 25;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Evaluates `query` over `items`.
 *
 * @example
 * runLiql(parseLiql("SELECT id FROM messages WHERE depth = 0 LIMIT 2"), items, { maxLimit: 1000 });
 * // { items: [{ type: 'message', id: '1' }, { type: 'message', id: '2' }], nextCursor: 'WyJpZCIsIkFTQyIsIjIiLCIyIl0' }
 */
export function runLiql(query: LiqlQuery, items: LiqlItem[], options: { maxLimit: number; resolvers?: FieldResolvers }): LiqlResult {
  const value = (item: LiqlItem, field: string) => (options.resolvers?.[field] ? options.resolvers[field](item) : getPath(item, field));
  const matching = items.filter((item) => query.where.every((c) => holds(c, value(item, c.field))));
  if (query.fields === 'count(*)') return { count: matching.length };

  const limit = query.limit ?? DEFAULT_LIQL_LIMIT;
  if (limit > options.maxLimit) throw new LiqlQueryError(`LIMIT ${limit} exceeds the maximum of ${options.maxLimit}`);
  const field = query.orderBy?.field ?? 'id';
  const direction = query.orderBy?.direction ?? 'ASC';
  const sign = direction === 'DESC' ? -1 : 1;
  const keyOf = (item: LiqlItem): [unknown, string] => [value(item, field), item.id];
  // A total order (ties broken by the id's text) so a keyset cursor never skips an item.
  const total = (a: unknown, b: unknown) => compareValues(a, b) || textOrder(a, b);
  const order = (a: [unknown, string], b: [unknown, string]) => sign * total(a[0], b[0]) || total(a[1], b[1]);

  let rows = matching.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => order(a.key, b.key));
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, field, direction);
    rows = rows.filter((row) => order(row.key, after) > 0);
  }
  rows = rows.slice(query.offset ?? 0);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ item }) => project(item, query.fields as '*' | string[])),
    ...(rows.length > limit && last ? { nextCursor: encodeCursor(field, direction, last.key) } : {}),
  };
}

/**
 * Reads a dotted path; an array on the way yields the values of its elements.
 *
 * @example
 * getPath({ board: { id: 'kb' } }, 'board.id'); // 'kb'
 */
export function getPath(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) current = current.map((c) => (c as Record<string, unknown> | null)?.[part]);
    else if (current !== null && typeof current === 'object') current = (current as Record<string, unknown>)[part];
    else return undefined;
  }
  return current;
}

/**
 * Orders two values: numbers (and numeric strings) by value, ISO-8601 times by instant
 * (so `-07:00` and `Z` times compare correctly), anything else as strings; absent first.
 *
 * @example
 * compareValues('2024-01-01T10:00:00-07:00', '2024-01-01T12:00:00Z'); // > 0
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b || (a == null && b == null)) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  const sa = String(a);
  const sb = String(b);
  const na = Number(sa);
  const nb = Number(sb);
  if (sa.trim() !== '' && sb.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  if (ISO_TIME.test(sa) && ISO_TIME.test(sb)) {
    const diff = Date.parse(sa) - Date.parse(sb);
    if (!Number.isNaN(diff)) return diff;
  }
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function textOrder(a: unknown, b: unknown): number {
  const sa = String(a ?? '');
  const sb = String(b ?? '');
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function holds(condition: LiqlCondition, actual: unknown): boolean {
  // A relation (an image's messages, say) holds when any of its values does.
  if (Array.isArray(actual)) return actual.some((a) => holds(condition, a));
  switch (condition.op) {
    case 'IN':
      return condition.values.some((v) => same(actual, v));
    case '=':
      return same(actual, condition.value);
    case '!=':
      return !same(actual, condition.value);
    default: {
      if (actual === undefined || actual === null) return false;
      const c = compareValues(actual, condition.value);
      return condition.op === '>' ? c > 0 : condition.op === '<' ? c < 0 : condition.op === '>=' ? c >= 0 : c <= 0;
    }
  }
}

/** Equality is textual: `'007' = '7'` is false, `depth = 0` matches the number 0. */
function same(actual: unknown, wanted: LiqlValue): boolean {
  return actual !== undefined && actual !== null && String(actual) === String(wanted);
}

/** The selected fields of an item; `type` always comes along, as on the real service. */
function project(item: LiqlItem, fields: '*' | string[]): Record<string, unknown> {
  if (fields === '*') return item;
  const out: Record<string, unknown> = { type: item.type };
  for (const field of fields) {
    const parts = field.split('.');
    let source: unknown = item;
    let target = out;
    parts.forEach((part, i) => {
      source = source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[part] : undefined;
      if (source === undefined) return;
      if (i === parts.length - 1) target[part] = source;
      else target = (target[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

function encodeCursor(field: string, direction: string, key: [unknown, string]): string {
  return Buffer.from(JSON.stringify([field, direction, key[0] ?? null, key[1]])).toString('base64url');
}

function decodeCursor(cursor: string, field: string, direction: string): [unknown, string] {
  try {
    const [f, d, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, unknown, string];
    if (f === field && d === direction && typeof id === 'string') return [value, id];
  } catch {
    // fall through to the refusal below
  }
  throw new LiqlQueryError(`Invalid cursor ${cursor} for this query`);
}
