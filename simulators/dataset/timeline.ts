/**
 * The fixed source timeline of every generated dataset, and the two time formats the
 * generator writes besides epoch milliseconds (Care) and Unix seconds (Intercom).
 */

/**
 * Every generated record falls in `[start, end]` (UTC); `asOf` is "now" in the data.
 * Cases created before `newCaseIdsFrom` carry legacy ids, the others the new format.
 *
 * @example
 * new Date(TIMELINE.asOf).toISOString(); // '2026-11-01T00:00:00.000Z'
 */
export const TIMELINE = {
  /** 2023-01-01T00:00:00.000Z */
  start: Date.UTC(2023, 0, 1),
  /** 2026-10-31T23:59:59.999Z: the last millisecond a record may carry. */
  end: Date.UTC(2026, 10, 1) - 1,
  /** 2026-11-01T00:00:00.000Z, written to `meta.asOf`. */
  asOf: Date.UTC(2026, 10, 1),
  /** 2025-07-01T00:00:00.000Z: the case-id format changed on this day. */
  newCaseIdsFrom: Date.UTC(2025, 6, 1),
} as const;

/**
 * ISO-8601 with a UTC offset and milliseconds, as Community v2 writes `post_time`
 * (`2024-03-05T12:37:18.311-07:00`).
 *
 * @example
 * isoWithOffset(Date.UTC(2024, 2, 5, 19, 37, 18, 311), -420); // '2024-03-05T12:37:18.311-07:00'
 */
export function isoWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A calendar date (`YYYY-MM-DD`), the value format of `date` custom fields.
 *
 * @example
 * isoDate(Date.UTC(2025, 1, 28)); // '2025-02-28'
 */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
