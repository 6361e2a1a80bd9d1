/**
 * Fault injection for the Khoros simulator, deterministic from a seed: the n-th API
 * request of a run always meets the same fault, so a failing run can be replayed.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

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
}

/** What happens to one request. */
export type Fault =
  | { kind: 'none' }
  | { kind: '5xx'; status: 500 | 502 | 503 }
  | { kind: 'reset' }
  | { kind: 'slow'; ms: number }
  | { kind: 'plaintext' }
  | { kind: 'truncated' };

const KEYS: Record<string, keyof FaultSpec> = {
  seed: 'seed',
  '5xx': 'rate5xx',
  reset: 'rateReset',
  slow: 'rateSlow',
  slowms: 'slowMs',
  plaintext: 'ratePlainText',
  truncated: 'rateTruncated',
};

/**
 * Parses the `--faults` option: comma-separated `name=value` pairs among `seed`, `5xx`,
 * `reset`, `slow`, `slowMs`, `plaintext`, `truncated`; rates are shares between 0 and 1.
 *
 * @example
 * parseFaultSpec('seed=7,5xx=0.05,reset=0.01'); // { seed: 7, rate5xx: 0.05, rateReset: 0.01 }
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
    if (key.startsWith('rate') && value > 1) throw new Error(`--faults: "${part}" is a share and must be between 0 and 1`);
    spec[key] = value;
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
export function createFaultPlan(spec: FaultSpec): { next(): Fault } {
  const rng = xoroshiro128plus(spec.seed | 0);
  return {
    next(): Fault {
      // Two draws per request whatever the outcome, so one fault never shifts the next ones.
      const roll = uniformFloat64(rng);
      const pick = uniformFloat64(rng);
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
