/**
 * `khoros2intercom dataset`: writes a seeded dataset (streamed, bounded memory) to a file or
 * to stdout, and prints a one-line summary to stderr.
 */
import type { CommandModule } from 'yargs';
import { ConfigError } from '../../pipeline/errors.ts';
import { parseScale, scaleLabel } from '../../simulators/dataset/scales.ts';
import { writeDataset, type WriteResult } from '../../simulators/dataset/write-dataset.ts';

interface DatasetArgs {
  seed: number;
  scale: string;
  out: string;
}

/**
 * The one-line summary printed after a write.
 *
 * @example
 * datasetSummary({ seed: 1, scale: 'tiny', out: 'tiny.json' }, result);
 * // 'dataset seed 1, scale tiny → tiny.json: 411,519 bytes; 20 customers, 30 cases, 640 interactions, 8 articles, ...'
 */
export function datasetSummary(args: DatasetArgs, result: WriteResult): string {
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-US');
  const c = result.counts;
  return (
    `dataset seed ${args.seed}, scale ${scaleLabel(parseScale(args.scale))} → ${args.out === '-' ? 'stdout' : args.out}: ${n(result.bytes)} bytes; ` +
    `${n(c.customers)} customers, ${n(c.cases)} cases, ${n(c.interactions)} interactions, ${n(c.articles)} articles, ` +
    `${n(c.authors)} authors, ${n(c.conversations)} conversations, ${n(c.messages)} messages, ${n(c.agents)} agents, ${n(c['intercom.contacts'])} Intercom contacts`
  );
}

/**
 * The yargs module of `dataset --seed N --scale S --out FILE|-`.
 *
 * @example
 * yargs(hideBin(process.argv)).command(datasetCommand).parseAsync();
 */
export const datasetCommand: CommandModule<object, DatasetArgs> = {
  command: 'dataset',
  describe: 'Write a seeded Khoros + Intercom dataset (JSON, one record per line) to a file or stdout',
  builder: (y) =>
    y
      .option('seed', { type: 'number', default: 1, describe: 'Seed: the same seed and scale always give the same bytes' })
      .option('scale', {
        type: 'string',
        default: 'small',
        describe: 'tiny, small, medium, large, or counts such as customers=5000,cases=10000,interactions=60000,articles=300 (missing counts are derived)',
      })
      // nargs: 1 lets `--out -` take the lone dash as its value (yargs would make it a positional).
      .option('out', { type: 'string', nargs: 1, demandOption: true, describe: 'File to write, or - for stdout' })
      .check((args) => {
        if (!Number.isSafeInteger(args.seed)) throw new ConfigError(`--seed ${args.seed}: must be an integer`);
        parseScale(args.scale);
        return true;
      }),
  handler: async (args) => {
    const result = await writeDataset({ seed: args.seed, scale: args.scale }, args.out === '-' ? process.stdout : args.out).catch((error: NodeJS.ErrnoException) => {
      // File-system failures name the option; anything else keeps its own message.
      throw error.code ? new ConfigError(`--out ${args.out}: ${error.message}`, { cause: error }) : error;
    });
    process.stderr.write(`${datasetSummary(args, result)}\n`);
  },
};
