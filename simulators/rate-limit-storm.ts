/**
 * 429 storms for both simulators' fault injection: a seeded share of requests starts a
 * storm, and while it lasts every request is refused with the API's own 429, as when
 * another integration spends the shared quota. A storm lasts a burst of consecutive
 * requests or, given `ms`, a span of time. Deterministic from the seed: one draw per
 * request whatever happens (a storm never shifts the draws after it), from a generator
 * of its own, so the simulators' other fault sequences are the same with or without storms.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** How often storms start and how long they last. */
export interface StormSpec {
  /** Share (0..1) of requests that start a storm. @default 0 */
  rate: number;
  /** Consecutive requests refused by one storm, the first included. @default 10 */
  burst?: number;
  /** A time span instead of a burst: every request within this many ms of the start is refused. */
  ms?: number;
}

/** One request's verdict: refused by a storm (and, for a time span, when it ends) or not. */
export type StormVerdict = { refused: false } | { refused: true; endsAt?: number };

/** The default burst length. */
export const DEFAULT_STORM_BURST = 10;

/**
 * A fresh storm sequence: call `next(now)` once per request that could meet a fault, in
 * arrival order.
 *
 * @example
 * const storms = createStormPlan({ rate: 0.01, burst: 20 }, 7);
 * storms.next(Date.now()); // { refused: false }, or { refused: true } for 20 requests in a row
 */
export function createStormPlan(spec: StormSpec, seed: number): { next(now: number): StormVerdict } {
  const { rate, burst = DEFAULT_STORM_BURST, ms } = spec;
  if (!(rate >= 0 && rate <= 1)) throw new Error(`faults: the 429 storm share must be between 0 and 1, got ${rate}`);
  if (!(Number.isInteger(burst) && burst >= 1)) throw new Error(`faults: the 429 storm burst must be a whole number of requests ≥ 1, got ${burst}`);
  if (ms !== undefined && !(ms > 0)) throw new Error(`faults: the 429 storm span must be a positive number of ms, got ${ms}`);
  const rng = xoroshiro128plus((seed | 0) ^ 0x429);
  let left = 0;
  let endsAt = -Infinity;
  return {
    next(now) {
      const roll = uniformFloat64(rng);
      if (ms !== undefined) {
        if (now < endsAt) return { refused: true, endsAt };
        if (roll >= rate) return { refused: false };
        endsAt = now + ms;
        return { refused: true, endsAt };
      }
      if (left > 0) {
        left -= 1;
        return { refused: true };
      }
      if (roll >= rate) return { refused: false };
      left = burst - 1;
      return { refused: true };
    },
  };
}
