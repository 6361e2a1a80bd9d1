/**
 * The seeded dataset generator, in memory. The same seed and scale always give the same
 * document; `writeDataset` streams the very same records to a file in bounded memory.
 *
 * The record-producing logic lives in generator functions, one family per module, each
 * deriving record `i` from (seed, i) and the plan alone: `generateCustomers`,
 * `generateAuthors`, `generateCases`, `generateConversations`, `generateArticles`,
 * `generateImages`, `generateContacts`. `datasetLayout` puts them in document order.
 */
import { ConfigError } from '../../pipeline/errors.ts';
import type { Dataset } from './types.ts';
import { datasetLayout, materialize } from './dataset-layout.ts';
import { planDataset, type DatasetPlan } from './plan.ts';
import { completeCounts, parseScale, scaleLabel, type ScaleCounts } from './scales.ts';

/** What to generate. */
export interface DatasetOptions {
  /** Any safe integer; the same seed gives the same dataset. */
  seed: number;
  /** A scale name (`tiny`, `small`, `medium`, `large`), explicit counts as `--scale` takes them, or counts. */
  scale: string | Partial<ScaleCounts>;
}

/**
 * Plans a dataset from options (validating the scale as `--scale` does).
 *
 * @example
 * const plan = planFor({ seed: 1, scale: 'tiny' });
 */
export function planFor(options: DatasetOptions): DatasetPlan {
  const counts =
    typeof options.scale === 'string'
      ? parseScale(options.scale)
      : completeCounts(options.scale, (why) => {
          throw new ConfigError(`--scale ${JSON.stringify(options.scale)}: ${why}`);
        });
  return planDataset(options.seed, counts, scaleLabel(counts));
}

/**
 * Generates the whole dataset in memory. Fine up to `medium` (a few seconds); use
 * `writeDataset` for `large`.
 *
 * @example
 * const dataset = generateDataset({ seed: 1, scale: 'tiny' });
 * dataset.khoros.cases.length; // 30
 */
export function generateDataset(options: DatasetOptions): Dataset {
  return materialize(datasetLayout(planFor(options))) as Dataset;
}
