/**
 * The `startEpochMillis` / `endEpochMillis` window of the Care author endpoints, limited to
 * 24 hours as documented (reference §3). The 400 wording and the half-open bounds
 * `[start, end)` are seed-defined: the record says neither.
 */
import { KhorosHttpError } from '../../route.ts';

/** The documented longest window: 24 hours. */
export const MAX_WINDOW_MS = 86_400_000;

/** A parsed window, `start` included, `end` excluded. */
export interface EpochWindow {
  start: number;
  end: number;
}

/**
 * Reads and checks the window, throwing a 400 for missing, non-numeric, empty, reversed or
 * longer-than-24-hour windows.
 *
 * @example
 * const { start, end } = parseEpochWindow(req.query);
 * const inside = (t: number) => t >= start && t < end;
 */
export function parseEpochWindow(query: URLSearchParams): EpochWindow {
  const start = epochMillis(query, 'startEpochMillis');
  const end = epochMillis(query, 'endEpochMillis');
  if (end <= start) throw new KhorosHttpError(400, 'endEpochMillis must be greater than startEpochMillis');
  if (end - start > MAX_WINDOW_MS) throw new KhorosHttpError(400, 'The time window must not exceed 24 hours');
  return { start, end };
}

function epochMillis(query: URLSearchParams, name: string): number {
  const text = query.get(name);
  if (text === null || !/^\d{1,15}$/.test(text)) {
    throw new KhorosHttpError(400, `${name} is required and must be epoch milliseconds`);
  }
  return Number(text);
}
