/**
 * Dataset sizes: four named scales and explicit counts (`customers=N,cases=N,...`), parsed
 * from the `--scale` option of `dataset` and `sim`.
 */
import { ConfigError } from '../../pipeline/errors.ts';
import { minimumInteractions, PLANTED_FIXED_CASES, PLANTED_INTERACTIONS } from './case-slots.ts';

/** The four counts a scale fixes; every other family is sized from them. */
export interface ScaleCounts {
  customers: number;
  cases: number;
  /** Case interactions in total (Care conversation messages are extra). */
  interactions: number;
  /** KB (TKB) articles. */
  articles: number;
}

/** A named scale. */
export type ScaleName = 'tiny' | 'small' | 'medium' | 'large';

/**
 * The named scales: `tiny` for unit tests (still every edge case, one case with 520
 * interactions), `small` for the demo, `medium` and `large` for load and memory tests.
 *
 * @example
 * SCALES.small.customers; // 200
 */
export const SCALES: Readonly<Record<ScaleName, Readonly<ScaleCounts>>> = {
  tiny: { customers: 20, cases: 30, interactions: 640, articles: 8 },
  small: { customers: 200, cases: 300, interactions: 2_000, articles: 30 },
  medium: { customers: 5_000, cases: 10_000, interactions: 60_000, articles: 300 },
  large: { customers: 100_000, cases: 170_000, interactions: 1_000_000, articles: 2_000 },
};

/**
 * The smallest counts that still hold every planted edge case (interactions: see
 * `minimumInteractions`, which depends on the number of cases).
 *
 * @example
 * MINIMUM_COUNTS.cases; // 24
 */
export const MINIMUM_COUNTS: Readonly<Omit<ScaleCounts, 'interactions'>> = { customers: 16, cases: 24, articles: 6 };

const KEYS = ['customers', 'cases', 'interactions', 'articles'] as const;
const USAGE = 'use tiny, small, medium, large, or counts such as customers=5000,cases=10000,interactions=60000,articles=300';

/**
 * Parses a `--scale` value: a scale name, or explicit counts given as
 * `customers=N,cases=N,interactions=N,articles=N` (any subset, any order). Missing counts
 * are derived in the proportions of `medium`, then raised to the minimum that holds every
 * edge case; a count given explicitly below that minimum is an error.
 *
 * @throws ConfigError naming `--scale` and the bad value.
 * @example
 * parseScale('small'); // { customers: 200, cases: 300, interactions: 2000, articles: 30 }
 * parseScale('customers=30000,interactions=200000'); // cases and articles derived
 */
export function parseScale(value: string): ScaleCounts {
  const text = String(value).trim();
  const named = SCALES[text.toLowerCase() as ScaleName];
  if (named) return { ...named };
  const fail = (why: string): never => {
    throw new ConfigError(`--scale ${JSON.stringify(value)}: ${why}`);
  };
  if (!text) fail(`empty value; ${USAGE}`);
  const given: Partial<ScaleCounts> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d[\d_]*)\s*$/i.exec(part);
    if (!match) fail(`"${part.trim()}" is neither a scale name nor key=count; ${USAGE}`);
    const key = match![1].toLowerCase() as keyof ScaleCounts;
    if (!KEYS.includes(key)) fail(`unknown count "${match![1]}"; the keys are ${KEYS.join(', ')}`);
    if (given[key] !== undefined) fail(`${key} is given twice`);
    const count = Number(match![2].replaceAll('_', ''));
    if (!Number.isSafeInteger(count) || count > 2_000_000_000) fail(`${key}=${match![2]} is too large`);
    given[key] = count;
  }
  return completeCounts(given, fail);
}

/**
 * Fills missing counts proportionally (relative to `medium`) and enforces the minimums.
 * Shared by `parseScale` and callers that pass counts as an object.
 *
 * @example
 * completeCounts({ customers: 1000 }, (why) => { throw new Error(why); });
 */
export function completeCounts(given: Partial<ScaleCounts>, fail: (why: string) => never): ScaleCounts {
  const reference = SCALES.medium;
  const keys = KEYS.filter((k) => given[k] !== undefined);
  if (!keys.length) fail(`no counts given; ${USAGE}`);
  const factor = keys.reduce((sum, k) => sum + given[k]! / reference[k], 0) / keys.length;
  const derive = (k: (typeof KEYS)[number]) => Math.round(reference[k] * factor);
  for (const k of ['customers', 'cases', 'articles'] as const) {
    if (given[k] !== undefined && given[k]! < MINIMUM_COUNTS[k]) {
      fail(`${k}=${given[k]} is below ${MINIMUM_COUNTS[k]}, the fewest that still hold every planted edge case`);
    }
  }
  const customers = given.customers ?? Math.max(MINIMUM_COUNTS.customers, derive('customers'));
  const articles = given.articles ?? Math.max(MINIMUM_COUNTS.articles, derive('articles'));
  let cases = given.cases ?? Math.max(MINIMUM_COUNTS.cases, derive('cases'));
  let interactions: number;
  if (given.interactions === undefined) {
    interactions = Math.max(minimumInteractions(cases), derive('interactions'));
  } else {
    interactions = given.interactions;
    // Derived cases give way to explicit interactions: fewer cases need fewer interactions.
    if (given.cases === undefined) cases = Math.max(MINIMUM_COUNTS.cases, Math.min(cases, interactions - PLANTED_INTERACTIONS + PLANTED_FIXED_CASES));
    if (interactions < minimumInteractions(cases)) {
      fail(`interactions=${interactions} is below ${minimumInteractions(cases)}, the fewest for ${cases} cases (the planted cases hold ${PLANTED_INTERACTIONS}, every other case at least one)`);
    }
  }
  return { customers, cases, interactions, articles };
}

/**
 * The label written to `meta.scale`: the name of a named scale, else the four counts.
 *
 * @example
 * scaleLabel({ customers: 20, cases: 30, interactions: 640, articles: 8 }); // 'tiny'
 */
export function scaleLabel(counts: ScaleCounts): string {
  for (const [name, named] of Object.entries(SCALES)) if (KEYS.every((k) => named[k] === counts[k])) return name;
  return KEYS.map((k) => `${k}=${counts[k]}`).join(',');
}
