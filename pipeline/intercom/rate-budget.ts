/**
 * The pacer of the Intercom client: it keeps the latest view of the server's rate-limit
 * window from the `X-RateLimit-Limit`, `-Remaining` and `-Reset` headers of every answer,
 * and holds each request back BEFORE it is sent while the window has nothing left, so a
 * well-behaved run is never told no (429).
 *
 * Intercom counts requests in fixed windows (10 s, the per-minute quota divided by six) and
 * its headers describe the window the request landed in. Answers arrive late (latency) and
 * out of order (concurrency), so the view is kept by request sequence numbers: each
 * request takes the next number when it leaves, and the answer of request `s` saying
 * `remaining = r` means `r` were left once every request up to `s` had arrived (requests
 * leave and arrive in order). The budget left is then `r` minus the requests sent after
 * `s`, minus a small safety share for requests that overtake each other on the way.
 * Reordering can make `r` too high for a moment; merging every view by `min` corrects it
 * when the overtaken request's own answer arrives.
 *
 * When the local clock passes `Reset` (plus a skew allowance: the server's clock may be
 * behind ours) the pacer assumes the next window with the full limit, counting requests
 * still in flight against it (they may land after the boundary), until an answer states
 * the new window. An answer sent after the reset it names proves the server's clock is
 * behind; the skew allowance grows by that much.
 *
 * Spending: by default a window's budget goes out as fast as the concurrency allows
 * (bounded by `adaptive-concurrency.ts`), then the pacer waits for the reset; `spread: true`
 * instead spreads what is left of the window evenly over what is left of it. Measured with
 * `scripts/bench/intercom-rate.ts` (quota 600/min, latency p50 150 ms / p99 800 ms, 60 s of
 * GETs): both achieve 0.99 of the quota (99 of every 100 per window, the safety share being
 * the rest) with zero 429s, so spending at once is the default: a chain of dependent writes
 * (contact, conversation, its parts) then never waits while budget is left. Spreading is
 * the gentler choice for a server that counts sliding windows.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** The rate-limit headers of one answer. */
export interface RateLimitHeaders {
  /** Requests allowed in the window (`X-RateLimit-Limit`). */
  limit: number;
  /** Requests left in the window once this one was counted (`X-RateLimit-Remaining`). */
  remaining: number;
  /** Unix seconds when the window resets (`X-RateLimit-Reset`). */
  resetSeconds: number;
}

/**
 * Reads the three headers; `undefined` unless all are numbers (unauthenticated answers and
 * some edge errors carry none).
 *
 * @example
 * readRateLimitHeaders({ 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1767225610' });
 * // { limit: 167, remaining: 3, resetSeconds: 1767225610 }
 */
export function readRateLimitHeaders(headers: Record<string, string | string[] | undefined>): RateLimitHeaders | undefined {
  const read = (name: string) => {
    const value = headers[name];
    const n = Number(Array.isArray(value) ? value[0] : value);
    return value === undefined || value === '' || !Number.isFinite(n) ? undefined : n;
  };
  const limit = read('x-ratelimit-limit');
  const remaining = read('x-ratelimit-remaining');
  const resetSeconds = read('x-ratelimit-reset');
  if (limit === undefined || remaining === undefined || resetSeconds === undefined) return undefined;
  return { limit, remaining: Math.max(0, remaining), resetSeconds };
}

/** Share of each window the pacer leaves unused (`RateBudgetOptions.safetyShare`). */
export const DEFAULT_SAFETY_SHARE = 0.01;

/**
 * Requests of a window of `limit` the pacer leaves unused: `⌈limit × share⌉`, at least 1,
 * never the whole limit. The estimate (`pipeline/estimate.ts`) paces by the same rule.
 *
 * @example
 * windowSafety(1667); // 17: of Intercom's 10,000 a minute (1,667 per 10 s), 1,650 per window are spent
 */
export function windowSafety(limit: number, share = DEFAULT_SAFETY_SHARE): number {
  return Math.min(Math.max(1, Math.ceil(limit * share)), limit - 1);
}

/** Options of `createRateBudget`. */
export interface RateBudgetOptions {
  /**
   * Milliseconds waited past `Reset` before assuming the next window, for a server clock
   * behind ours; grows by what answers prove. @default 250
   */
  skewMs?: number;
  /**
   * Share of each window left unused for requests that overtake each other on the way
   * (at least 1, never the whole limit). @default DEFAULT_SAFETY_SHARE (0.01)
   */
  safetyShare?: number;
  /** Spread a window's budget evenly over what is left of it instead of spending it at once. @default false */
  spread?: boolean;
  /** Window length assumed until two consecutive resets show it (Intercom: 10 s). @default 10000 */
  defaultWindowMs?: number;
  /** Clock, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. @default timers/promises setTimeout */
  sleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
}

/** One granted request: answer it with `observe`, whatever happens. */
export interface BudgetTicket {
  /** Send order. */
  readonly seq: number;
  /** When it was granted (epoch ms, the budget's clock). */
  readonly sentAt: number;
  /** How long `take` waited for it. */
  readonly waitedMs: number;
}

/** The pacer's view, for stats and tests. */
export interface BudgetSnapshot {
  limit: number;
  /** Requests the pacer would still grant in this window. */
  available: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
  windowMs: number;
  skewMs: number;
  /** False while the window is assumed (past a reset, before an answer stated it). */
  confirmed: boolean;
}

/** The pacer. */
export interface RateBudget {
  /** Waits until a request may leave without exceeding the window; rejects when `signal` aborts. */
  take(signal?: AbortSignal): Promise<BudgetTicket>;
  /**
   * Learns from the answer of `ticket`: its rate-limit headers (if any), and whether an
   * HTTP answer came at all (`answered`: false after a reset or timeout). Must be called
   * once per ticket: the first request probes the window alone.
   */
  observe(ticket: BudgetTicket, headers: RateLimitHeaders | undefined, answered: boolean): void;
  /** The current view; `undefined` before any rate-limit header was seen. */
  snapshot(): BudgetSnapshot | undefined;
  /**
   * The request rate the budget allows now (per second): the window's average, or faster
   * when much is left of a window about to end; `undefined` while unknown.
   */
  ratePerSecond(): number | undefined;
}

interface WindowView {
  limit: number;
  /** Left after every request up to `knownSeq`. */
  remaining: number;
  knownSeq: number;
  resetMs: number;
  confirmed: boolean;
}

/**
 * Creates the pacer of one token's budget (one per client: every request of the run shares it).
 *
 * @example
 * const budget = createRateBudget();
 * const ticket = await budget.take();
 * const res = await send();
 * budget.observe(ticket, readRateLimitHeaders(res.headers), true);
 */
export function createRateBudget(options: RateBudgetOptions = {}): RateBudget {
  const { skewMs = 250, safetyShare = DEFAULT_SAFETY_SHARE, spread = false, defaultWindowMs = 10_000, now = Date.now } = options;
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  let view: WindowView | undefined;
  /** No view yet and an answer came without headers: nothing to pace by until one does. */
  let unpaced = false;
  let probe: number | undefined;
  let lastSeq = 0;
  /** Highest request whose answer stated a window: every request before it landed no later. */
  let maxSeenSeq = 0;
  let lastServerResetMs = -Infinity;
  let learnedWindowMs: number | undefined;
  let behindMs = 0;
  let nextAt = 0;
  let changed = signalled();

  const windowMs = () => learnedWindowMs ?? defaultWindowMs;
  const skew = () => skewMs + behindMs;
  const safety = (limit: number) => windowSafety(limit, safetyShare);
  const available = (v: WindowView) => v.remaining - (lastSeq - v.knownSeq) - safety(v.limit);
  const notify = () => {
    const current = changed;
    changed = signalled();
    current.resolve();
  };

  /** Waits `ms` (`Infinity`: no timer) or until an answer changes the view, whichever is first. */
  async function pause(ms: number, signal?: AbortSignal): Promise<void> {
    // One controller per pause, aborted when it ends, so no timer outlives it.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const aborted = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    const timer = Number.isFinite(ms) ? sleep(Math.max(1, ms), stop.signal).catch(() => undefined) : aborted;
    try {
      await Promise.race([timer, changed.promise, aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
    }
    signal?.throwIfAborted();
  }

  /** Past the reset (and the skew): assume the next window, full, with requests still in flight counted against it. */
  function roll(at: number): void {
    if (!view || at < view.resetMs + skew()) return;
    const length = Math.max(1, windowMs());
    const resetMs = view.resetMs + (Math.floor((at - view.resetMs - skew()) / length) + 1) * length;
    view = { limit: view.limit, remaining: view.limit, knownSeq: maxSeenSeq, resetMs, confirmed: false };
    nextAt = 0;
  }

  function issue(started: number): BudgetTicket {
    lastSeq += 1;
    const at = now();
    return { seq: lastSeq, sentAt: at, waitedMs: at - started };
  }

  return {
    async take(signal) {
      const started = now();
      for (;;) {
        signal?.throwIfAborted();
        const at = now();
        if (!view) {
          if (unpaced) return issue(started);
          if (probe === undefined) {
            const ticket = issue(started);
            probe = ticket.seq;
            return ticket;
          }
          // One probe at a time until the first answer tells the window (`observe` wakes us).
          await pause(Infinity, signal);
          continue;
        }
        roll(at);
        const left = available(view);
        if (left > 0) {
          if (spread && nextAt > at) {
            await pause(nextAt - at, signal);
            continue;
          }
          if (spread) nextAt = at + Math.max(0, view.resetMs - at) / left;
          return issue(started);
        }
        await pause(view.resetMs + skew() - at, signal);
      }
    },

    observe(ticket, headers, answered) {
      if (ticket.seq === probe) probe = undefined;
      if (!headers) {
        if (answered && !view) unpaced = true;
        notify();
        return;
      }
      unpaced = false;
      const { limit, remaining, resetSeconds } = headers;
      const resetMs = resetSeconds * 1000;
      // Sent at or after the reset it names: the server's clock is that much behind ours (at least).
      if (ticket.sentAt >= resetMs) behindMs = Math.max(behindMs, Math.min(ticket.sentAt - resetMs, windowMs()));
      if (resetMs > lastServerResetMs) {
        if (Number.isFinite(lastServerResetMs)) learnedWindowMs = Math.min(learnedWindowMs ?? Infinity, resetMs - lastServerResetMs);
        lastServerResetMs = resetMs;
        view = { limit, remaining, knownSeq: ticket.seq, resetMs, confirmed: true };
        nextAt = 0;
      } else if (resetMs === lastServerResetMs && view) {
        if (!view.confirmed) {
          // Sent after we assumed the next window, yet the server still counts the old one: back to it.
          if (ticket.seq > view.knownSeq) view = { limit, remaining, knownSeq: ticket.seq, resetMs, confirmed: true };
        } else if (ticket.seq > view.knownSeq) {
          view = { ...view, limit, remaining: Math.min(remaining, view.remaining - (ticket.seq - view.knownSeq)), knownSeq: ticket.seq };
        } else {
          view = { ...view, limit, remaining: Math.min(remaining, view.remaining) };
        }
      }
      maxSeenSeq = Math.max(maxSeenSeq, ticket.seq);
      notify();
    },

    snapshot() {
      if (!view) return undefined;
      roll(now());
      return { limit: view.limit, available: Math.max(0, available(view)), resetAt: view.resetMs, windowMs: windowMs(), skewMs: skew(), confirmed: view.confirmed };
    },

    ratePerSecond() {
      if (!view) return undefined;
      const at = now();
      roll(at);
      const average = view.limit / (windowMs() / 1000);
      const left = Math.max(0, available(view));
      const secondsLeft = Math.max(0.1, (view.resetMs - at) / 1000);
      return Math.max(average, left / secondsLeft);
    },
  };
}

/** A promise with its resolve function (Node 20 has no `Promise.withResolvers`). */
function signalled(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((ok) => { resolve = ok; });
  return { promise, resolve };
}
