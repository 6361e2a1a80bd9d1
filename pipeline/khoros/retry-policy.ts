/**
 * What to do after each kind of failed Khoros request, as one table (Airbyte's
 * `default_error_mapping`), not nested ifs: how often to retry, how long to wait, and
 * whether a request that is not idempotent (a POST) may be retried at all.
 */

/** The outcome classes a failed attempt falls into (see `classifyOutcome`). */
export type Outcome =
  /** 429. */
  | 'rate-limited'
  /** 5xx. */
  | 'server-error'
  /** The connection never opened (refused, DNS, unreachable, connect timeout): the request surely did not reach the server. */
  | 'connect-failed'
  /** Reset, socket hang up, timeout after the request was sent. */
  | 'network'
  /** A 2xx body that is not JSON: truncated, HTML, empty. */
  | 'malformed'
  /** 401 or 403. */
  | 'unauthorized'
  /** Any other 4xx (and unexpected 3xx). */
  | 'client-error';

/** One row of the table. */
export interface RetryRule {
  /** Retries allowed for this outcome within one call (0: fail at once). */
  maxRetries: number;
  /** `exponential`: `baseMs × 2^n`; `full-jitter`: uniform in `[0, baseMs × 2^n]`; both capped at `capMs`. */
  backoff: 'exponential' | 'full-jitter';
  baseMs: number;
  capMs: number;
  /** Wait what `Retry-After` says instead, when the answer has it (still capped at `capMs`). */
  honourRetryAfter: boolean;
  /** The server surely did not act on the request, so a request that is not idempotent may be retried too. */
  unprocessed: boolean;
  /** Log in again before retrying (families with sessions only; others fail at once). */
  reauthenticate: boolean;
}

/** Overrides per outcome, for tests (small delays) and tuning. */
export type RetryOverrides = { [O in Outcome]?: Partial<RetryRule> };

/**
 * The table. A 429 is a refusal before any work (the quota is checked first), so even a
 * POST may be retried after it; a 5xx, a reset or a garbled body may follow work done, so
 * only idempotent calls retry those.
 */
export const RETRY_TABLE: Readonly<Record<Outcome, Readonly<RetryRule>>> = Object.freeze({
  'rate-limited': { maxRetries: 10, backoff: 'exponential', baseMs: 1_000, capMs: 300_000, honourRetryAfter: true, unprocessed: true, reauthenticate: false },
  'server-error': { maxRetries: 8, backoff: 'full-jitter', baseMs: 250, capMs: 10_000, honourRetryAfter: true, unprocessed: false, reauthenticate: false },
  'connect-failed': { maxRetries: 8, backoff: 'full-jitter', baseMs: 250, capMs: 10_000, honourRetryAfter: false, unprocessed: true, reauthenticate: false },
  network: { maxRetries: 8, backoff: 'full-jitter', baseMs: 250, capMs: 10_000, honourRetryAfter: false, unprocessed: false, reauthenticate: false },
  malformed: { maxRetries: 3, backoff: 'full-jitter', baseMs: 250, capMs: 2_000, honourRetryAfter: false, unprocessed: false, reauthenticate: false },
  unauthorized: { maxRetries: 1, backoff: 'exponential', baseMs: 0, capMs: 0, honourRetryAfter: false, unprocessed: true, reauthenticate: true },
  'client-error': { maxRetries: 0, backoff: 'exponential', baseMs: 0, capMs: 0, honourRetryAfter: false, unprocessed: true, reauthenticate: false },
});

/**
 * The table with `overrides` merged per row.
 *
 * @example
 * const fast = resolveRetryTable({ 'rate-limited': { baseMs: 1, capMs: 10 } });
 */
export function resolveRetryTable(overrides: RetryOverrides = {}): Record<Outcome, RetryRule> {
  const table = {} as Record<Outcome, RetryRule>;
  for (const outcome of Object.keys(RETRY_TABLE) as Outcome[]) table[outcome] = { ...RETRY_TABLE[outcome], ...overrides[outcome] };
  return table;
}

/** What the caller knows about the failed attempt. */
export interface RetryContext {
  /** Retries already made for this outcome within this call. */
  retries: number;
  /** Whether the call may be repeated without effect (GET, LiQL, login: yes; a job-creating POST: no). */
  idempotent: boolean;
  /** The `Retry-After` header, if any. */
  retryAfter?: string;
  /** Whether the family can log in again (Community sessions). */
  canReauthenticate?: boolean;
  /** @default Math.random */
  random?: () => number;
  /** Clock for HTTP-date `Retry-After`. @default Date.now */
  now?: number;
}

/** The decision: retry after `delayMs` (logging in again first if asked), or fail and why. */
export type RetryDecision =
  | { retry: true; delayMs: number; reauthenticate: boolean }
  | { retry: false; because: 'exhausted' | 'not-retriable' | 'not-idempotent' };

/**
 * Looks the outcome up in the table and decides.
 *
 * @example
 * decideRetry('rate-limited', { retries: 2, idempotent: true });               // { retry: true, delayMs: 4000, reauthenticate: false }
 * decideRetry('server-error', { retries: 0, idempotent: false });              // { retry: false, because: 'not-idempotent' }
 * decideRetry('rate-limited', { retries: 0, idempotent: true, retryAfter: '7' }); // delayMs 7000
 */
export function decideRetry(outcome: Outcome, context: RetryContext, table: Readonly<Record<Outcome, RetryRule>> = RETRY_TABLE): RetryDecision {
  const rule = table[outcome];
  const { retries, idempotent, random = Math.random } = context;
  if (rule.maxRetries === 0 || (rule.reauthenticate && !context.canReauthenticate)) return { retry: false, because: 'not-retriable' };
  if (!idempotent && !rule.unprocessed) return { retry: false, because: 'not-idempotent' };
  if (retries >= rule.maxRetries) return { retry: false, because: 'exhausted' };
  const ceiling = Math.min(rule.capMs, rule.baseMs * 2 ** retries);
  const computed = rule.backoff === 'full-jitter' ? Math.floor(random() * ceiling) : ceiling;
  const told = rule.honourRetryAfter ? parseRetryAfter(context.retryAfter, context.now ?? Date.now()) : undefined;
  const delayMs = told === undefined ? computed : Math.min(rule.capMs, told);
  return { retry: true, delayMs, reauthenticate: rule.reauthenticate };
}

/**
 * Parses `Retry-After`: delay-seconds or an HTTP date (RFC 9110 §10.2.3); `undefined` when
 * absent or unreadable, 0 for a date in the past.
 *
 * @example
 * parseRetryAfter('120', Date.now());                              // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')); // 60000
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; `Date.parse` would also read '-5' as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
