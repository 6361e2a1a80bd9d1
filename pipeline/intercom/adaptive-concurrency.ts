/**
 * How many Intercom requests may be in flight at once, adapting to latency and budget by
 * Little's law: to sustain `rate` requests per second when each takes `latency` seconds,
 * `rate × latency` must be in flight. The target is that times a headroom (the latency
 * tail, and the pacer's pauses, which the window's budget then has to make up), clamped
 * to `[min, max]`. The pacer (`rate-budget.ts`) still decides when each request may leave;
 * this only keeps enough in flight to spend the budget, and no more, so a slow server is
 * not buried under requests nor a fast budget starved by a serial loop.
 *
 * The latency is the mean of the last `samples` answers (Little's law holds for the mean;
 * the median of a long-tailed distribution under-estimates it: 150 ms median with an
 * 800 ms 99th percentile has a mean near 195 ms).
 */

/** The pure rule, for tests and for reading. */
export interface ConcurrencyTargetInput {
  /** Requests per second the budget allows now; `undefined` while unknown. */
  budgetPerSecond: number | undefined;
  /** Mean latency in milliseconds; `undefined` before any answer. */
  latencyMs: number | undefined;
  /** @default 2 */
  headroom?: number;
  /** @default 1 */
  min?: number;
  max: number;
}

/**
 * `ceil(budgetPerSecond × latency × headroom)` clamped to `[min, max]`; `max` while either
 * input is unknown (nothing to pace by: the pacer and 429s decide).
 *
 * @example
 * concurrencyTarget({ budgetPerSecond: 10, latencyMs: 200, max: 50 });    // 4
 * concurrencyTarget({ budgetPerSecond: 167, latencyMs: 200, max: 50 });   // 50 (67 clamped)
 * concurrencyTarget({ budgetPerSecond: 20, latencyMs: 2, max: 50 });      // 1
 */
export function concurrencyTarget(input: ConcurrencyTargetInput): number {
  const { budgetPerSecond, latencyMs, headroom = 2, min = 1, max } = input;
  if (budgetPerSecond === undefined || latencyMs === undefined) return max;
  const wanted = Math.ceil(budgetPerSecond * (latencyMs / 1000) * headroom);
  return Math.min(max, Math.max(min, wanted));
}

/** Options of `createAdaptiveConcurrency`. */
export interface AdaptiveConcurrencyOptions {
  /** @default 50 */
  max?: number;
  /** @default 1 */
  min?: number;
  /** @default 2 */
  headroom?: number;
  /** Latencies kept for the mean. @default 50 */
  samples?: number;
}

/** A semaphore whose limit follows `concurrencyTarget`. */
export interface AdaptiveConcurrency {
  /** Waits for a slot; resolves to its release function. Rejects (and leaves the queue) when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Records one answer's latency. */
  record(latencyMs: number): void;
  /** Recomputes the limit for the budget's current rate (`RateBudget.ratePerSecond()`). */
  update(budgetPerSecond: number | undefined): void;
  /** The current limit. */
  readonly limit: number;
  readonly inFlight: number;
  readonly queued: number;
  /** Mean and median of the kept latencies; `undefined` before any answer. */
  latency(): { meanMs: number; p50Ms: number } | undefined;
}

/**
 * Creates the limiter. It starts at `max` (the pacer lets only one probe out before the
 * first answer anyway) and follows the target after every `update`.
 *
 * @example
 * const gate = createAdaptiveConcurrency({ max: 50 });
 * const release = await gate.acquire();
 * try { await send(); gate.record(180); } finally { gate.update(10); release(); }
 * gate.limit; // 4: 10/s × 0.18 s × 2, rounded up
 */
export function createAdaptiveConcurrency(options: AdaptiveConcurrencyOptions = {}): AdaptiveConcurrency {
  const { max = 50, min = 1, headroom = 2, samples = 50 } = options;
  if (!(Number.isInteger(max) && max >= 1 && Number.isInteger(min) && min >= 1 && min <= max)) throw new RangeError(`concurrency: need integers 1 <= min <= max, got ${min}, ${max}`);
  const kept: number[] = [];
  let next = 0;
  let limit = max;
  let inFlight = 0;
  const queue: { grant: () => void }[] = [];

  const pump = () => {
    while (inFlight < limit && queue.length > 0) {
      inFlight += 1;
      queue.shift()!.grant();
    }
  };
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      pump();
    };
  };
  const mean = () => (kept.length === 0 ? undefined : kept.reduce((a, b) => a + b, 0) / kept.length);

  return {
    acquire(signal) {
      signal?.throwIfAborted();
      if (inFlight < limit && queue.length === 0) {
        inFlight += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(releaser());
          },
        };
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
    record(latencyMs) {
      if (!(latencyMs >= 0)) return;
      // A ring buffer: memory stays at `samples` however long the run.
      if (kept.length < samples) kept.push(latencyMs);
      else kept[next] = latencyMs;
      next = (next + 1) % samples;
    },
    update(budgetPerSecond) {
      limit = concurrencyTarget({ budgetPerSecond, latencyMs: mean(), headroom, min, max });
      pump();
    },
    get limit() {
      return limit;
    },
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length;
    },
    latency() {
      const m = mean();
      if (m === undefined) return undefined;
      const sorted = [...kept].sort((a, b) => a - b);
      return { meanMs: m, p50Ms: sorted[Math.floor((sorted.length - 1) / 2)] };
    },
  };
}
