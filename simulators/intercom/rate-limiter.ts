/**
 * Intercom's rate limit: a per-minute quota (10,000 per app by default) "evenly distributed
 * into 10 second windows", i.e. `ceil(quota / 6)` requests per window. Headers on every
 * authenticated answer: `X-RateLimit-Limit` (per window), `X-RateLimit-Remaining`,
 * `X-RateLimit-Reset` (Unix seconds when the window resets); past the limit, 429
 * `rate_limit_exceeded` "Exceeded rate limit of N in 10_seconds". Windows are aligned on the
 * clock. `windowSeconds` shortens the windows (tests) without changing the per-window limit.
 */

/** The outcome for one request. */
export interface Admission {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the current window ends. */
  reset: number;
  /** The 429 message when not allowed. */
  message: string;
}

/** Options of `createRateLimiter`. */
export interface RateLimitOptions {
  /** @default 10000 */
  ratePerMinute?: number;
  /** @default 10 */
  windowSeconds?: number;
}

/**
 * A fixed-window limiter for one token.
 *
 * @example
 * const limiter = createRateLimiter({ ratePerMinute: 60 }); // 10 per 10-second window
 * limiter.admit(Date.now()); // { allowed: true, limit: 10, remaining: 9, reset: ..., message: '...' }
 */
export function createRateLimiter(options: RateLimitOptions = {}): { admit(nowMs: number): Admission } {
  const { ratePerMinute = 10_000, windowSeconds = 10 } = options;
  const limit = Math.ceil(ratePerMinute / 6);
  const windowMs = windowSeconds * 1000;
  let window = -1;
  let used = 0;
  return {
    admit(nowMs) {
      const current = Math.floor(nowMs / windowMs);
      if (current !== window) {
        window = current;
        used = 0;
      }
      const allowed = used < limit;
      if (allowed) used += 1;
      return {
        allowed,
        limit,
        remaining: limit - used,
        reset: Math.ceil(((current + 1) * windowMs) / 1000),
        message: `Exceeded rate limit of ${limit} in ${windowSeconds}_seconds`,
      };
    },
  };
}
