/**
 * A sliding-window quota: at most `calls` accepted in any `windowMs`. Refused calls do not
 * count, as a server that turns a caller away does no work for it.
 */
import type { Quota } from './settings.ts';

/** The outcome of asking for one call. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Creates a limiter for one quota.
 *
 * @example
 * const limiter = createRateLimiter({ calls: 60, windowMs: 60_000 });
 * limiter.take(Date.now()); // { ok: true } for the first 60 calls of any minute
 */
export function createRateLimiter(quota: Quota): { take(now: number): Admission } {
  // A ring of the accept times of the last `calls` accepted requests.
  const ring = new Array<number>(quota.calls).fill(-Infinity);
  let head = 0;
  return {
    take(now: number): Admission {
      const oldest = ring[head];
      if (now - oldest < quota.windowMs) return { ok: false, retryAfterMs: oldest + quota.windowMs - now };
      ring[head] = now;
      head = (head + 1) % quota.calls;
      return { ok: true };
    },
  };
}
