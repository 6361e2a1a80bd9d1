/**
 * The loop every Khoros call runs: take a throttle slot, send, classify, and then retry or
 * fail as the retry table says. Every retry takes a new slot, so retries spend budget as
 * the server counts them.
 */
import { KhorosRequestError, MalformedResponseError, MigrationError, RateLimitError, TransientError, type KhorosRequestContext } from '../errors.ts';
import { classifyError } from './classify-outcome.ts';
import type { Throttle } from './create-throttle.ts';
import type { FamilyAuth } from './family-auth.ts';
import type { Redactor } from './create-redactor.ts';
import { decideRetry, type Outcome, type RetryDecision, type RetryRule } from './retry-policy.ts';

/** One attempt's result: a value, or a failure in one of the table's classes. */
export type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; outcome: Outcome; detail: string; status?: number; retryAfter?: string; contentType?: string; responseMessage?: string; responseBody?: string };

/** Per-family counters the loop feeds. */
export interface StatsSink {
  request(): void;
  rateLimited(): void;
  retry(reason: Outcome): void;
  waited(ms: number): void;
}

/** What the loop runs on: one family's throttle, credentials, table and counters. */
export interface RetryLoopContext {
  family: string;
  throttle: Throttle;
  table: Readonly<Record<Outcome, RetryRule>>;
  redactor: Redactor;
  stats: StatsSink;
  sleep(ms: number): Promise<void>;
  random(): number;
  signal?: AbortSignal;
}

/**
 * Runs `send` until it succeeds or the table says stop; `auth` gives the headers of each
 * attempt (`noAuth` off the family's origin). Thrown transport errors are classified by
 * `classifyError`; errors of this tool (a refused host, a config error) pass through.
 *
 * @example
 * const body = await requestWithRetries(ctx, { method: 'GET', url, idempotent: true, auth },
 *   async (headers) => ({ ok: true, value: await fetchIt(headers) }));
 */
export async function requestWithRetries<T>(
  ctx: RetryLoopContext,
  call: { method: string; url: URL; idempotent: boolean; auth: FamilyAuth },
  send: (headers: Record<string, string>) => Promise<Attempt<T>>,
): Promise<T> {
  const retries: Partial<Record<Outcome, number>> = {};
  let attempts = 0;
  for (;;) {
    const headers = await call.auth.apply(call.url);
    ctx.stats.waited(await ctx.throttle.slot());
    attempts += 1;
    ctx.stats.request();
    let result: Attempt<T>;
    try {
      result = await send(headers);
    } catch (error) {
      ctx.signal?.throwIfAborted();
      // Errors this tool raised on purpose (a refused host, missing config) are never retried.
      if (error instanceof MigrationError) throw error;
      result = { ok: false, outcome: classifyError(error), detail: describe(error, ctx.redactor) };
    }
    if (result.ok) return result.value;
    if (result.outcome === 'rate-limited') ctx.stats.rateLimited();
    const done = retries[result.outcome] ?? 0;
    const decision = decideRetry(result.outcome, {
      retries: done, idempotent: call.idempotent, retryAfter: result.retryAfter, canReauthenticate: Boolean(call.auth.invalidate), random: ctx.random,
    }, ctx.table);
    if (!decision.retry) throw failure(result, decision, { family: ctx.family, method: call.method, url: ctx.redactor.url(call.url), attempts });
    retries[result.outcome] = done + 1;
    ctx.stats.retry(result.outcome);
    if (decision.reauthenticate) call.auth.invalidate?.(headers);
    if (decision.delayMs > 0) {
      await ctx.sleep(decision.delayMs);
      ctx.stats.waited(decision.delayMs);
    }
  }
}

/** The error for a failure the table will not retry, by outcome. */
function failure(result: Extract<Attempt<unknown>, { ok: false }>, decision: Extract<RetryDecision, { retry: false }>, context: KhorosRequestContext): Error {
  const { outcome, detail, status } = result;
  if (decision.because === 'not-idempotent') return new TransientError({ ...context, reason: outcome, status, detail, notRetried: true });
  switch (outcome) {
    case 'rate-limited':
      return new RateLimitError(context);
    case 'malformed':
      return new MalformedResponseError({ ...context, status: status ?? 0, contentType: result.contentType, detail, responseBody: result.responseBody });
    case 'unauthorized':
    case 'client-error':
      return new KhorosRequestError({ ...context, status: status ?? 0, responseMessage: result.responseMessage, responseBody: result.responseBody, detail: status && status < 400 ? detail : undefined });
    default:
      return new TransientError({ ...context, reason: outcome, status, detail });
  }
}

/** A transport error in words, secrets masked; got errors carry options with credentials, so only name, code and message are kept. */
function describe(error: unknown, redactor: Redactor): string {
  const { code, message, name } = (error ?? {}) as { code?: string; message?: string; name?: string };
  return redactor.text([name, code, message].filter(Boolean).join(' '));
}
