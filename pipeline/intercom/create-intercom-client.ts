/**
 * Builds the Intercom client of one run: one got instance carrying the bearer token and
 * `Intercom-Version` on every call, one pacer fed by the rate-limit headers of every
 * answer, adaptive concurrency, and the retry loop of `retry-policy.ts`. JSON is parsed
 * here, not by got, so a garbled body is classified rather than thrown.
 */
import got, { type Response } from 'got';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config.ts';
import {
  IntercomRateLimitError, IntercomRequestError, IntercomUnavailableError, IntercomWriteUncertainError, MigrationError,
  type IntercomErrorDetail, type IntercomRequestContext,
} from '../errors.ts';
import { classifyError, classifyStatus } from '../khoros/classify-outcome.ts';
import { createRedactor, type Redactor } from '../khoros/create-redactor.ts';
import { parseRetryAfter } from '../khoros/retry-policy.ts';
import { createAdaptiveConcurrency } from './adaptive-concurrency.ts';
import type { IntercomClient, IntercomMethod, IntercomRequestOptions, IntercomStats } from './intercom-api.ts';
import { createRateBudget, readRateLimitHeaders, type BudgetTicket, type RateBudgetOptions, type RateLimitHeaders } from './rate-budget.ts';
import { decideIntercomRetry, resolveIntercomRetryTable, type IntercomRetryDecision, type IntercomRetryOverrides, type Outcome } from './retry-policy.ts';

/** Options of `createIntercomClient`. */
export interface IntercomClientOptions {
  /** Most requests in flight; the adaptive limit stays below it. @default 50 */
  maxConcurrency?: number;
  /** Concurrency = budget rate × mean latency × headroom. @default 2 */
  headroom?: number;
  /** The pacer's options (skew allowance, safety share, spreading). */
  pacing?: Omit<RateBudgetOptions, 'now'>;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** Retry table overrides per outcome (tests shrink the delays). */
  retry?: IntercomRetryOverrides;
  /** Aborts waiting, sleeping and in-flight requests. */
  signal?: AbortSignal;
  /** Back-off sleep, for fake timers. @default timers/promises setTimeout with `signal` */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source. @default Math.random */
  random?: () => number;
  /** Clock of the pacer (epoch ms; `X-RateLimit-Reset` is compared to it). @default Date.now */
  now?: () => number;
}

/** Bytes of an error body kept (hidden) on the error. */
const ERROR_BODY_CHARS = 4096;

/** One attempt's result. */
type Attempt<T> =
  | { ok: true; value: T }
  | { ok: false; outcome: Outcome; detail: string; status?: number; retryAfterMs?: number; errors?: IntercomErrorDetail[]; requestId?: string; body?: string; paced?: boolean };

/**
 * Creates the client from the `intercom` config slice (`token` already resolved from the
 * environment by `loadConfig`).
 *
 * @example
 * const intercom = createIntercomClient(config.intercom);
 * const contact = await intercom.request('POST', '/contacts', {
 *   json: { role: 'user', external_id: 'khoros-42', email: 'a@b.example' },
 *   lookup: () => intercom.request('GET', '/contacts/find_by_external_id/khoros-42').catch(() => undefined),
 * });
 * intercom.stats().requests; // 1 (more after a 5xx: the lookup, then perhaps a second POST)
 */
export function createIntercomClient(config: Config['intercom'], options: IntercomClientOptions = {}): IntercomClient {
  const { signal, timeoutMs = 30_000, random = Math.random, now = Date.now } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal }));
  const table = resolveIntercomRetryTable(options.retry);
  const redactor = createRedactor([config.token]);
  const budget = createRateBudget({ ...options.pacing, now });
  const gate = createAdaptiveConcurrency({ max: options.maxConcurrency ?? 50, headroom: options.headroom });
  const baseUrl = config.url.replace(/\/+$/, '');
  const counters = { requests: 0, rateLimited: 0, retries: {} as Partial<Record<Outcome, number>>, lookups: { done: 0, found: 0 }, budgetWaitMs: 0, backoffMs: 0 };

  // One got instance for the whole API: every call carries the token and the version.
  const instance = got.extend({
    headers: { authorization: `Bearer ${config.token}`, 'intercom-version': config.version, accept: 'application/json', 'user-agent': 'khoros2intercom' },
    retry: { limit: 0 }, throwHttpErrors: false, followRedirect: false, responseType: 'text', timeout: { request: timeoutMs },
  });

  /** One attempt: a slot, a budget ticket, the request; the budget learns from every answer. */
  async function attempt<T>(method: IntercomMethod, url: URL, json: unknown): Promise<Attempt<T>> {
    const release = await gate.acquire(signal);
    let ticket: BudgetTicket;
    try {
      ticket = await budget.take(signal);
    } catch (error) {
      release();
      throw error;
    }
    counters.budgetWaitMs += ticket.waitedMs;
    counters.requests += 1;
    let rate: RateLimitHeaders | undefined;
    let answered = false;
    const started = performance.now();
    try {
      const res = await instance(url, { method, json, signal });
      answered = true;
      gate.record(performance.now() - started);
      rate = readRateLimitHeaders(res.headers);
      const result = interpret<T>(res, redactor, method);
      // A 429 with headers has told the pacer its window is spent: the pacer does the waiting.
      return result.ok ? result : { ...result, paced: rate !== undefined };
    } catch (error) {
      signal?.throwIfAborted();
      return { ok: false, outcome: classifyError(error), detail: describe(error, redactor) };
    } finally {
      budget.observe(ticket, rate, answered);
      gate.update(budget.ratePerSecond());
      release();
    }
  }

  return {
    baseUrl,
    async request<T = unknown>(method: IntercomMethod, path: string, callOptions: IntercomRequestOptions<T> = {}): Promise<T> {
      const url = new URL(`${baseUrl}/${path.replace(/^\/+/, '')}`);
      for (const [name, value] of Object.entries(callOptions.searchParams ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
      const idempotent = callOptions.idempotent ?? method !== 'POST';
      const { lookup } = callOptions;
      const context = (attempts: number): IntercomRequestContext => ({ method, path: redactor.text(url.pathname), attempts });
      const retries: Partial<Record<Outcome, number>> = {};
      let attempts = 0;
      for (;;) {
        const result = await attempt<T>(method, url, callOptions.json);
        attempts += 1;
        if (result.ok) return result.value;
        if (result.outcome === 'rate-limited') counters.rateLimited += 1;
        const done = retries[result.outcome] ?? 0;
        const decision = decideIntercomRetry(result.outcome, {
          retries: done, idempotent, hasLookup: Boolean(lookup), paced: result.paced === true, retryAfterMs: result.retryAfterMs, random,
        }, table);
        if (decision.lookupFirst && lookup) {
          counters.lookups.done += 1;
          const found = await lookup();
          if (found !== undefined) {
            counters.lookups.found += 1;
            return found;
          }
        }
        if (decision.action === 'stop') throw failure(result, decision, context(attempts));
        retries[result.outcome] = done + 1;
        counters.retries[result.outcome] = (counters.retries[result.outcome] ?? 0) + 1;
        if (decision.delayMs > 0) {
          await sleep(decision.delayMs);
          counters.backoffMs += decision.delayMs;
        }
      }
    },
    stats(): IntercomStats {
      return {
        ...structuredClone(counters),
        budgetWaitMs: Math.round(counters.budgetWaitMs),
        concurrency: gate.limit,
        inFlight: gate.inFlight,
        latency: gate.latency(),
        budget: budget.snapshot(),
      };
    },
  };
}

/** A 2xx answer parsed, or a failure classified with Intercom's `error.list`. */
function interpret<T>(res: Response<string>, redactor: Redactor, method: string): Attempt<T> {
  const status = res.statusCode;
  const outcome = classifyStatus(status);
  if (outcome === 'ok') {
    // `DELETE /tags/{id}` answers a bare 200 (documented without content): done, not garbled.
    if (status === 204 || status === 205 || (method === 'DELETE' && res.body === '')) return { ok: true, value: undefined as T };
    try {
      return { ok: true, value: JSON.parse(res.body) as T };
    } catch (error) {
      return { ok: false, outcome: 'malformed', status, detail: res.body ? `HTTP ${status} ${redactor.text((error as Error).message)}` : `HTTP ${status} with an empty body` };
    }
  }
  const { errors, requestId } = errorList(res.body, redactor);
  const retryAfter = res.headers['retry-after'];
  const first = errors[0];
  return {
    ok: false, outcome, status, errors, requestId,
    detail: `HTTP ${status}${first ? ` ${first.code}${first.message ? `: ${first.message}` : ''}` : ''}`,
    retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, Date.now()),
    body: res.body ? redactor.excerpt(res.body, ERROR_BODY_CHARS) : undefined,
  };
}

/** The entries of an `error.list` body (secrets masked); none when the body is not one. */
function errorList(text: string, redactor: Redactor): { errors: IntercomErrorDetail[]; requestId?: string } {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return { errors: [] };
  }
  const list: unknown[] = Array.isArray(body?.errors) ? body.errors : [];
  const errors = list
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string')
    .map((e) => {
      const detail: IntercomErrorDetail = { code: redactor.text(String(e.code)) };
      if (typeof e.message === 'string') detail.message = redactor.excerpt(e.message, 500);
      if (typeof e.field === 'string') detail.field = redactor.text(e.field);
      return detail;
    });
  return { errors, requestId: typeof body?.request_id === 'string' ? body.request_id : undefined };
}

/** The error a stopping decision raises. */
function failure(result: Extract<Attempt<unknown>, { ok: false }>, decision: Extract<IntercomRetryDecision, { action: 'stop' }>, context: IntercomRequestContext): MigrationError {
  const { outcome, status, detail } = result;
  if (decision.error === 'refused') {
    return new IntercomRequestError({ ...context, status: status ?? 0, errors: result.errors ?? [], requestId: result.requestId, responseBody: result.body });
  }
  if (decision.error === 'uncertain') return new IntercomWriteUncertainError({ ...context, reason: outcome, status, detail, lookedUp: decision.lookupFirst });
  if (outcome === 'rate-limited') return new IntercomRateLimitError(context.method, context.path, context.attempts);
  return new IntercomUnavailableError({ ...context, reason: outcome, status, detail });
}

/** A transport error in words, secrets masked; got errors carry options with the token, so only name, code and message are kept. */
function describe(error: unknown, redactor: Redactor): string {
  const { code, message, name } = (error ?? {}) as { code?: string; message?: string; name?: string };
  return redactor.text([name, code, message].filter(Boolean).join(' '));
}
