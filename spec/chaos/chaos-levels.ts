/**
 * The chaos suite's fault levels: every fault kind of both simulators at one share, rising
 * level by level, with 429 storms and slow answers. Storms start far less often than the
 * other faults: each one costs a wait (Khoros: its `Retry-After`; Intercom: the rest of its
 * 10-second window), so at the same share as the rest they would measure waiting, not
 * resilience.
 */

/** One level: a name for the table and the `sim --faults` text. */
export interface ChaosLevel {
  name: string;
  /** The share of requests that meet each fault kind. */
  share: number;
  faults: string;
}

/** How long a slow answer is held back, on both simulators (ms). */
export const SLOW_MS = 1000;

/**
 * The `sim --faults` text of a level: Khoros 5xx, resets, slow, plaintext and truncated
 * answers at `share` each, 429 storms starting at share/10 (bursts of 10 calls); Intercom
 * 5xx, resets, writes that land but answer 503 and slow answers at `share` each, 429 storms
 * starting at share/100 (bursts of 10 requests). Seeded by `seed` on both sides; slow
 * answers are held back `slowMs`.
 *
 * @example
 * levelFaults(0.01, 3);
 * // 'seed=3,5xx=0.01,reset=0.01,slow=0.01,slowMs=1000,plaintext=0.01,truncated=0.01,429=0.001,429Burst=10,intercom.seed=3,...'
 */
export function levelFaults(share: number, seed: number, slowMs = SLOW_MS): string {
  if (!(share > 0 && share <= 0.2)) throw new Error(`chaos: a level's share must be above 0 and at most 0.2 (five Khoros fault kinds share one draw), got ${share}`);
  const s = (n: number) => String(Number(n.toPrecision(3)));
  return [
    `seed=${seed}`, `5xx=${s(share)}`, `reset=${s(share)}`, `slow=${s(share)}`, `slowMs=${slowMs}`, `plaintext=${s(share)}`, `truncated=${s(share)}`,
    `429=${s(share / 10)}`, '429Burst=10',
    `intercom.seed=${seed}`, `intercom.5xx=${s(share)}`, `intercom.reset=${s(share)}`, `intercom.5xxAfterWrite=${s(share)}`,
    `intercom.slow=${s(share)}`, `intercom.slowMs=${slowMs}`, `intercom.429=${s(share / 100)}`, 'intercom.429Burst=10',
  ].join(',');
}

/**
 * The levels of `npm run chaos`, lowest first.
 *
 * @example
 * chaosLevels(1).map((l) => l.name); // ['1%', '3%', '10%', '20%']
 */
export function chaosLevels(seed: number): ChaosLevel[] {
  return [0.01, 0.03, 0.1, 0.2].map((share) => ({ name: `${share * 100}%`, share, faults: levelFaults(share, seed) }));
}
