/**
 * Fault injection, deterministic from a seed: the n-th admitted API request of a run always
 * meets the same fault, so a failing run can be replayed. Faults never hit inspection or
 * public (served file) routes, and unauthenticated or rate-limited requests draw none.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Shares (0..1) of requests that meet each fault. */
export interface FaultRates {
  /** A 500/502/503 error answer instead of handling the request. @default 0 */
  rate5xx?: number;
  /** The socket is destroyed before any answer. @default 0 */
  rateReset?: number;
  /** Routes with `write: true` apply the write, then answer 503 anyway. @default 0 */
  rate5xxAfterWrite?: number;
}

/** What happens to one request. */
export type Fault =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: '5xx'; status: 500 | 502 | 503 }
  | { kind: '5xxAfterWrite' };

/**
 * A fresh fault sequence: call `next(write)` once per admitted API request, in arrival order.
 *
 * @example
 * const plan = createFaultPlan({ rate5xx: 0.1 }, 7);
 * plan.next(false); // { kind: 'none' } or { kind: '5xx', status: 502 }, the same for seed 7 every run
 */
export function createFaultPlan(rates: FaultRates, seed: number): { next(write: boolean): Fault } {
  const { rate5xx = 0, rateReset = 0, rate5xxAfterWrite = 0 } = rates;
  for (const [name, value] of Object.entries({ rate5xx, rateReset, rate5xxAfterWrite })) {
    if (!(value >= 0 && value <= 1)) throw new Error(`faults: ${name} must be between 0 and 1`);
  }
  const rng = xoroshiro128plus((seed | 0) ^ 0x5eed);
  return {
    next(write) {
      // Three draws per request whatever the outcome, so one fault never shifts the next ones.
      const roll = uniformFloat64(rng);
      const pick = uniformFloat64(rng);
      const afterWrite = uniformFloat64(rng);
      if (roll < rateReset) return { kind: 'reset' };
      if (roll < rateReset + rate5xx) return { kind: '5xx', status: ([500, 502, 503] as const)[Math.floor(pick * 3)] };
      if (write && afterWrite < rate5xxAfterWrite) return { kind: '5xxAfterWrite' };
      return { kind: 'none' };
    },
  };
}
