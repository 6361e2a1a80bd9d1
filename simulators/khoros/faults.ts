/**
 * Fault injection for the Khoros simulator, deterministic from a seed: the n-th API
 * request of a run always meets the same fault, so a failing run can be replayed. 429
 * storms draw from a generator of their own (`rate-limit-storm.ts`), so the other faults of
 * a seed are the same with or without them.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { createStormPlan, DEFAULT_STORM_BURST } from '../rate-limit-storm.ts';

/** Shares (0..1) of requests that meet each fault. */
export interface FaultSpec {
  seed: number;
  /** A 500/502/503 answer instead of the data. */
  rate5xx: number;
  /** The connection is destroyed before any byte of the answer. */
  rateReset: number;
  /** The answer is delayed by `slowMs`. */
  rateSlow: number;
  slowMs: number;
  /** JSON declared `text/plain`, as many real Care answers are. */
  ratePlainText: number;
  /** The body is cut in the middle (the connection closes early). */
  rateTruncated: number;
  /** Requests that start a 429 storm (the family's own 429, `Retry-After` unless `--retry-after none`). @default 0 */
  rate429?: number;
  /** Consecutive requests one storm refuses. @default 10 */
  storm429Burst?: number;
  /** A storm is this many ms long instead of a burst of requests. */
  storm429Ms?: number;
}

/** What happens to one request. */
export type Fault =
  | { kind: 'none' }
  | { kind: '5xx'; status: 500 | 502 | 503 }
  | { kind: 'reset' }
  | { kind: 'slow'; ms: number }
  | { kind: 'plaintext' }
  | { kind: 'truncated' }
  /** Refused by a 429 storm; `endsAt` (epoch ms) when the storm is a time span. */
  | { kind: '429'; endsAt?: number };

const KEYS: Record<string, keyof FaultSpec> = {
  seed: 'seed',
  '5xx': 'rate5xx',
  reset: 'rateReset',
  slow: 'rateSlow',
  slowms: 'slowMs',
  plaintext: 'ratePlainText',
  truncated: 'rateTruncated',
  '429': 'rate429',
  '429burst': 'storm429Burst',
  '429ms': 'storm429Ms',
};

/** Options that are counts or durations, not shares. */
const NOT_SHARES = new Set<keyof FaultSpec>(['seed', 'slowMs', 'storm429Burst', 'storm429Ms']);

/**
 * Parses the `--faults` option: comma-separated `name=value` pairs among `seed`, `5xx`,
 * `reset`, `slow`, `slowMs`, `plaintext`, `truncated`, `429` (storms start), `429Burst`
 * (requests per storm) or `429Ms` (a storm's span instead); rates are shares between 0 and 1.
 *
 * @example
 * parseFaultSpec('seed=7,5xx=0.05,reset=0.01'); // { seed: 7, rate5xx: 0.05, rateReset: 0.01 }
 * parseFaultSpec('429=0.002,429Burst=20'); // { rate429: 0.002, storm429Burst: 20 }
 */
export function parseFaultSpec(text: string): Partial<FaultSpec> {
  const spec: Partial<FaultSpec> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [rawName, rawValue] = part.split('=');
    const key = KEYS[rawName?.trim().toLowerCase() ?? ''];
    const value = Number(rawValue);
    if (!key) throw new Error(`--faults: unknown fault "${rawName}" in "${text}"; use ${Object.keys(KEYS).join(', ')}`);
    if (rawValue === undefined || !Number.isFinite(value) || value < 0) {
      throw new Error(`--faults: "${part}" needs a non-negative number`);
    }
    if (!NOT_SHARES.has(key) && value > 1) throw new Error(`--faults: "${part}" is a share and must be between 0 and 1`);
    if (key === 'storm429Burst' && !(Number.isInteger(value) && value >= 1)) throw new Error(`--faults: "${part}" is a number of requests and must be a whole number ≥ 1`);
    if (key === 'storm429Ms' && value === 0) throw new Error(`--faults: "${part}" is a storm's span and must be more than 0 ms`);
    spec[key] = value;
  }
  if (spec.storm429Burst !== undefined && spec.storm429Ms !== undefined) {
    throw new Error(`--faults: "${text}" gives both 429Burst and 429Ms; a storm lasts a burst of requests or a span of time, choose one`);
  }
  const total = (spec.rate5xx ?? 0) + (spec.rateReset ?? 0) + (spec.rateSlow ?? 0) + (spec.ratePlainText ?? 0) + (spec.rateTruncated ?? 0);
  if (total > 1) throw new Error(`--faults: the shares in "${text}" add up to ${total}, more than 1`);
  return spec;
}

/**
 * A fresh fault sequence for one run: call `next()` once per API request, in arrival order.
 *
 * @example
 * const plan = createFaultPlan({ ...spec, seed: 3 });
 * plan.next(); // { kind: 'none' } or a fault, the same for the same seed every time
 */
export function createFaultPlan(spec: FaultSpec): { next(now?: number): Fault } {
  const rng = xoroshiro128plus(spec.seed | 0);
  const storms = createStormPlan({ rate: spec.rate429 ?? 0, burst: spec.storm429Burst ?? DEFAULT_STORM_BURST, ms: spec.storm429Ms }, spec.seed);
  return {
    next(now = Date.now()): Fault {
      // Two draws per request whatever the outcome, so one fault never shifts the next ones.
      const roll = uniformFloat64(rng);
      const pick = uniformFloat64(rng);
      const storm = storms.next(now);
      if (storm.refused) return { kind: '429', endsAt: storm.endsAt };
      let edge = spec.rate5xx;
      if (roll < edge) return { kind: '5xx', status: ([500, 502, 503] as const)[Math.floor(pick * 3)] };
      if (roll < (edge += spec.rateReset)) return { kind: 'reset' };
      if (roll < (edge += spec.rateSlow)) return { kind: 'slow', ms: spec.slowMs };
      if (roll < (edge += spec.ratePlainText)) return { kind: 'plaintext' };
      if (roll < (edge += spec.rateTruncated)) return { kind: 'truncated' };
      return { kind: 'none' };
    },
  };
}
