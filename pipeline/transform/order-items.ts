/**
 * Puts interactions or messages in conversation order, as the map's `parts` says: by the
 * `orderBy` field (a time: ISO-8601 text or epoch numbers), then by the `tieBreak` field,
 * then by stored position, so equal keys keep a stable, reproducible order. Items whose
 * time does not parse go last. Sources store items out of order; Intercom appends parts in
 * the order they are sent, so this order is the one the conversation shows.
 */
import { readPath } from './read-path.ts';

/**
 * A sorted copy of `items` (the input is not touched).
 *
 * @example
 * orderItems([{ id: 'b', created: '2024-01-01T10:00:00Z' }, { id: 'a', created: '2024-01-01T10:00:00Z' }], 'created', 'id');
 * // [{ id: 'a', … }, { id: 'b', … }]
 */
export function orderItems<T>(items: readonly T[], orderBy: string, tieBreak: string): T[] {
  return items
    .map((item, index) => ({ item, index, time: sortTime(readPath(item, orderBy)), tie: tieText(readPath(item, tieBreak)) }))
    .sort((a, b) => compareTimes(a.time, b.time) || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0) || a.index - b.index)
    .map((entry) => entry.item);
}

/**
 * A time as a number for sorting (epoch milliseconds for ISO text), NaN when it is none.
 *
 * @example
 * sortTime('2024-01-01T00:00:00Z'); // 1704067200000
 */
export function sortTime(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) return Date.parse(value.trim());
  if (typeof value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return NaN;
}

function compareTimes(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

function tieText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
