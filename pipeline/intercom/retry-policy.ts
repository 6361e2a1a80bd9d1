/**
 * What to do after each kind of failed Intercom request, as one table (Airbyte's
 * `default_error_mapping`), not nested ifs. The outcome classes are the Khoros layer's
 * (`classifyStatus`, `classifyError`); the columns differ: a 429 waits for the rate-limit
 * window (the pacer knows when it resets), and a write that is not idempotent is looked up
 * before it is tried again, never blindly retried.
 */
import type { Outcome } from '../khoros/retry-policy.ts';

export type { Outcome } from '../khoros/retry-policy.ts';

/**
 * What a call that is not idempotent (a create) does after the failure:
 * - `retry`: the server surely did nothing (429, refused connection): send it again;
 * - `lookup-then-retry`: it may have landed (5xx, reset, timeout): the caller's lookup
 *   decides; found → that is the answer; not found → send again; no lookup →
 *   `IntercomWriteUncertainError`;
 * - `lookup-then-uncertain`: it landed (a 2xx whose body was garbled): found → the answer;
 *   otherwise `IntercomWriteUncertainError` (sending again would double it);
 * - `fail`: not retried at all (the row's `maxRetries` is 0 too).
 */
export type NotIdempotent = 'retry' | 'lookup-then-retry' | 'lookup-then-uncertain' | 'fail';

/** One row of the table. */
export interface IntercomRetryRule {
  /** Retries allowed for this outcome within one call (0: fail at once). */
  maxRetries: number;
  /**
   * `window`: no back-off of its own, the next attempt waits in the pacer until the window
   * the 429 named resets (`X-RateLimit-Reset`); without rate-limit headers it falls back to
   * `Retry-After`, then exponential. `full-jitter`: uniform in `[0, baseMs × 2^n]`;
   * `exponential`: `baseMs × 2^n`; both capped at `capMs`.
   */
  wait: 'window' | 'full-jitter' | 'exponential';
  baseMs: number;
  capMs: number;
  notIdempotent: NotIdempotent;
}

/** Overrides per outcome, for tests (small delays) and tuning. */
export type IntercomRetryOverrides = { [O in Outcome]?: Partial<IntercomRetryRule> };

/**
 * The table. Idempotent calls (GET, PUT, DELETE, searches, and writes the caller marks
 * idempotent such as tagging) retry every retriable row; the last column is for creates.
 *
 * | outcome | retries | wait | not idempotent |
 * | --- | --- | --- | --- |
 * | `rate-limited` 429 | 10 | until the window resets (+ skew) | retry (refused before any work) |
 * | `server-error` 5xx | 8 | full jitter 250 ms · 2ⁿ ≤ 10 s | look up, then retry |
 * | `network` reset, timeout after sending | 8 | full jitter 250 ms · 2ⁿ ≤ 10 s | look up, then retry |
 * | `connect-failed` never connected | 8 | full jitter 250 ms · 2ⁿ ≤ 10 s | retry (never reached) |
 * | `malformed` 2xx, body not JSON | 3 | full jitter 250 ms · 2ⁿ ≤ 2 s | look up, else uncertain |
 * | `unauthorized` 401/403 | 0 | — | fail (`IntercomRequestError`) |
 * | `client-error` other 4xx, 409 included | 0 | — | fail (`IntercomRequestError`) |
 */
export const INTERCOM_RETRY_TABLE: Readonly<Record<Outcome, Readonly<IntercomRetryRule>>> = Object.freeze({
  'rate-limited': { maxRetries: 10, wait: 'window', baseMs: 1_000, capMs: 60_000, notIdempotent: 'retry' },
  'server-error': { maxRetries: 8, wait: 'full-jitter', baseMs: 250, capMs: 10_000, notIdempotent: 'lookup-then-retry' },
  network: { maxRetries: 8, wait: 'full-jitter', baseMs: 250, capMs: 10_000, notIdempotent: 'lookup-then-retry' },
  'connect-failed': { maxRetries: 8, wait: 'full-jitter', baseMs: 250, capMs: 10_000, notIdempotent: 'retry' },
  malformed: { maxRetries: 3, wait: 'full-jitter', baseMs: 250, capMs: 2_000, notIdempotent: 'lookup-then-uncertain' },
  unauthorized: { maxRetries: 0, wait: 'exponential', baseMs: 0, capMs: 0, notIdempotent: 'fail' },
  'client-error': { maxRetries: 0, wait: 'exponential', baseMs: 0, capMs: 0, notIdempotent: 'fail' },
});

/**
 * The table with `overrides` merged per row.
 *
 * @example
 * const fast = resolveIntercomRetryTable({ 'server-error': { baseMs: 1, capMs: 5 } });
 */
export function resolveIntercomRetryTable(overrides: IntercomRetryOverrides = {}): Record<Outcome, IntercomRetryRule> {
  const table = {} as Record<Outcome, IntercomRetryRule>;
  for (const outcome of Object.keys(INTERCOM_RETRY_TABLE) as Outcome[]) table[outcome] = { ...INTERCOM_RETRY_TABLE[outcome], ...overrides[outcome] };
  return table;
}

/** What the loop knows about the failed attempt. */
export interface IntercomRetryContext {
  /** Retries already made for this outcome within this call. */
  retries: number;
  idempotent: boolean;
  /** Whether the caller gave a lookup for this write. */
  hasLookup: boolean;
  /** Whether the answer carried `X-RateLimit-*` headers (the pacer then waits for the window). */
  paced: boolean;
  /** Milliseconds `Retry-After` asked for, if any. */
  retryAfterMs?: number;
  /** @default Math.random */
  random?: () => number;
}

/**
 * The decision: `retry` after `delayMs`, or `stop` with the kind of error to raise
 * (`refused`: the request error of a 4xx; `exhausted`: out of retries; `uncertain`: a write
 * that may have landed). With `lookupFirst` the caller's lookup runs before either: if it
 * finds the write, that is the answer and neither happens.
 */
export type IntercomRetryDecision =
  | { action: 'retry'; delayMs: number; lookupFirst: boolean }
  | { action: 'stop'; error: 'refused' | 'exhausted' | 'uncertain'; lookupFirst: boolean };

/**
 * Looks the outcome up in the table and decides.
 *
 * @example
 * decideIntercomRetry('server-error', { retries: 0, idempotent: true, hasLookup: false, paced: true, random: () => 0.5 }); // retry after 125 ms
 * decideIntercomRetry('server-error', { retries: 0, idempotent: false, hasLookup: true, paced: true });  // retry, looking it up first
 * decideIntercomRetry('server-error', { retries: 0, idempotent: false, hasLookup: false, paced: true }); // stop: uncertain
 * decideIntercomRetry('rate-limited', { retries: 0, idempotent: false, hasLookup: false, paced: true }); // retry after 0 ms: the pacer waits
 */
export function decideIntercomRetry(outcome: Outcome, context: IntercomRetryContext, table: Readonly<Record<Outcome, IntercomRetryRule>> = INTERCOM_RETRY_TABLE): IntercomRetryDecision {
  const rule = table[outcome];
  const { retries, idempotent, hasLookup, random = Math.random } = context;
  const policy = idempotent ? 'retry' : rule.notIdempotent;
  if (rule.maxRetries === 0 || policy === 'fail') return { action: 'stop', error: outcome === 'unauthorized' || outcome === 'client-error' ? 'refused' : 'exhausted', lookupFirst: false };
  const lookupFirst = hasLookup && (policy === 'lookup-then-retry' || policy === 'lookup-then-uncertain');
  if (policy === 'lookup-then-uncertain' || (policy === 'lookup-then-retry' && !hasLookup)) return { action: 'stop', error: 'uncertain', lookupFirst };
  if (retries >= rule.maxRetries) return { action: 'stop', error: 'exhausted', lookupFirst };
  return { action: 'retry', delayMs: delayOf(rule, context, retries, random), lookupFirst };
}

function delayOf(rule: IntercomRetryRule, context: IntercomRetryContext, retries: number, random: () => number): number {
  const ceiling = Math.min(rule.capMs, rule.baseMs * 2 ** retries);
  if (rule.wait === 'window') {
    // The pacer has marked the window spent and holds the next attempt until it resets.
    if (context.paced) return 0;
    return context.retryAfterMs === undefined ? ceiling : Math.min(rule.capMs, context.retryAfterMs);
  }
  return rule.wait === 'full-jitter' ? Math.floor(random() * ceiling) : ceiling;
}
