/**
 * Simulated response time: a log-normal distribution fitted to a median and a 99th
 * percentile (`ln X ~ N(ln p50, σ)` with `σ = (ln p99 − ln p50) / 2.326`), drawn from a
 * seeded generator so a run can be replayed. Draws are capped at 3 × p99 so a test never
 * waits on a freak tail.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The distribution, in milliseconds. */
export interface LatencySpec {
  p50Ms: number;
  p99Ms: number;
}

const Z99 = 2.3263478740408408;

/**
 * Returns a sampler of delays (ms); `null`/undefined spec → always 0.
 *
 * @example
 * const delay = createLatency({ p50Ms: 150, p99Ms: 800 }, 42);
 * delay(); // e.g. 131.7 — the same sequence for seed 42 every run
 */
export function createLatency(spec: LatencySpec | null | undefined, seed: number): () => number {
  if (!spec) return () => 0;
  if (!(spec.p50Ms > 0) || !(spec.p99Ms >= spec.p50Ms)) throw new Error('latency: need 0 < p50Ms <= p99Ms');
  const rng = xoroshiro128plus(seed | 0);
  const mu = Math.log(spec.p50Ms);
  const sigma = (Math.log(spec.p99Ms) - mu) / Z99;
  return () => {
    // Box–Muller: two uniforms per draw, 1 − u keeps the log finite.
    const u1 = 1 - uniformFloat64(rng);
    const u2 = uniformFloat64(rng);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.min(Math.exp(mu + sigma * z), 3 * spec.p99Ms);
  };
}
