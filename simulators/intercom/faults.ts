/**
 * Fault injection, deterministic from a seed: the n-th admitted API request of a run always
 * meets the same fault, so a failing run can be replayed. Faults never hit inspection or
 * public (served file) routes, and unauthenticated or rate-limited requests draw none.
 * 429 storms and slow answers draw from generators of their own, so the 5xx, reset and
 * 5xx-after-write sequence of a seed is the same with or without them.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { createStormPlan } from '../rate-limit-storm.ts';

/** Shares (0..1) of requests that meet each fault. */
export interface FaultRates {
  /** A 500/502/503 error answer instead of handling the request. @default 0 */
  rate5xx?: number;
  /** The socket is destroyed before any answer. @default 0 */
  rateReset?: number;
  /** Routes with `write: true` apply the write, then answer 503 anyway. @default 0 */
  rate5xxAfterWrite?: number;
  /** Requests that start a 429 storm (`rate_limit_exceeded`, with the rate-limit headers). @default 0 */
  rate429?: number;
  /** Consecutive requests one storm refuses. @default 10 */
  storm429Burst?: number;
  /** A storm is this many ms long instead of a burst of requests. */
  storm429Ms?: number;
  /** Answers held back by `slowMs` before they are handled. @default 0 */
  rateSlow?: number;
  /** @default 2000 */
  slowMs?: number;
}

/** What happens to one request. */
export type Fault =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: '5xx'; status: 500 | 502 | 503 }
  | { kind: '5xxAfterWrite' }
  | { kind: '429' }
  | { kind: 'slow'; ms: number };

/**
 * A fresh fault sequence: call `next(write, now)` once per admitted API request, in arrival order.
 *
 * @example
 * const plan = createFaultPlan({ rate5xx: 0.1 }, 7);
 * plan.next(false); // { kind: 'none' } or { kind: '5xx', status: 502 }, the same for seed 7 every run
 */
export function createFaultPlan(rates: FaultRates, seed: number): { next(write: boolean, now?: number): Fault } {
  const { rate5xx = 0, rateReset = 0, rate5xxAfterWrite = 0, rate429 = 0, rateSlow = 0, slowMs = 2000 } = rates;
  for (const [name, value] of Object.entries({ rate5xx, rateReset, rate5xxAfterWrite, rate429, rateSlow })) {
    if (!(value >= 0 && value <= 1)) throw new Error(`faults: ${name} must be between 0 and 1`);
  }
  if (!(slowMs >= 0)) throw new Error('faults: slowMs must be a non-negative number of ms');
  const rng = xoroshiro128plus((seed | 0) ^ 0x5eed);
  const slowRng = xoroshiro128plus((seed | 0) ^ 0x510);
  const storms = createStormPlan({ rate: rate429, burst: rates.storm429Burst, ms: rates.storm429Ms }, seed);
  return {
    next(write, now = Date.now()) {
      // Three draws per request whatever the outcome, so one fault never shifts the next ones.
      const roll = uniformFloat64(rng);
      const pick = uniformFloat64(rng);
      const afterWrite = uniformFloat64(rng);
      const slow = uniformFloat64(slowRng) < rateSlow;
      if (storms.next(now).refused) return { kind: '429' };
      if (roll < rateReset) return { kind: 'reset' };
      if (roll < rateReset + rate5xx) return { kind: '5xx', status: ([500, 502, 503] as const)[Math.floor(pick * 3)] };
      if (write && afterWrite < rate5xxAfterWrite) return { kind: '5xxAfterWrite' };
      if (slow) return { kind: 'slow', ms: slowMs };
      return { kind: 'none' };
    },
  };
}
