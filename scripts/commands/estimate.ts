/**
 * `khoros2intercom estimate`: how long a migration of these counts takes under the real rate
 * limits, per stage and per quota bucket (`pipeline/estimate.ts`). No config, no network.
 * A table on stdout, or the estimate as JSON with `--json`; exit 2 naming the option and
 * the value when a count is missing or not a whole number.
 */
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../../pipeline/errors.ts';
import { estimateMigration, type MigrationEstimate } from '../../pipeline/estimate.ts';
import { DERIVED, type EstimateCounts, type OptionalCounts } from '../../pipeline/estimate/resolve-counts.ts';
import { renderEstimate } from '../../pipeline/estimate/render-estimate.ts';

/** Count options: the flag, and the count it sets. */
const COUNT_FLAGS = {
  customers: 'customers', cases: 'cases', interactions: 'interactions', articles: 'articles',
  conversations: 'conversations', messages: 'messages', authors: 'authors', agents: 'agents', initiatives: 'initiatives',
  attachments: 'attachments', 'kb-images': 'kbImages', 'intercom-contacts': 'intercomContacts',
} as const satisfies Record<string, keyof EstimateCounts>;

const REQUIRED = ['customers', 'cases', 'interactions', 'articles'] as const;

type EstimateArgs = Record<keyof typeof COUNT_FLAGS, string | undefined> & {
  assume?: string[];
  since?: string;
  until?: string;
  'intercom-per-minute'?: string;
  downloads: boolean;
  json?: boolean;
};

/** A whole number ≥ 0 from an option's text (`1_000_000` and `1,000,000` allowed). */
function wholeNumber(option: string, text: unknown): number {
  const value = Number(String(text).replace(/[_,]/g, ''));
  if (typeof text === 'boolean' || String(text).trim() === '' || !Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(`--${option} ${JSON.stringify(text)}: expected a whole number ≥ 0`);
  }
  return value;
}

/**
 * The estimate the arguments ask for.
 *
 * @throws ConfigError naming the option and its value.
 * @example
 * estimateFromArgs({ customers: '100000', cases: '170000', interactions: '1000000', articles: '2000', downloads: true });
 */
export function estimateFromArgs(args: Partial<EstimateArgs>): MigrationEstimate {
  const counts: Partial<EstimateCounts> = {};
  for (const option of REQUIRED) if (args[option] === undefined) throw new ConfigError(`--${option}: required (a whole number ≥ 0)`);
  for (const [option, key] of Object.entries(COUNT_FLAGS) as [keyof typeof COUNT_FLAGS, keyof EstimateCounts][]) {
    const text = args[option];
    if (text !== undefined) counts[key] = wholeNumber(option, Array.isArray(text) ? text.at(-1) : text);
  }
  for (const pair of args.assume ?? []) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(.*)$/.exec(pair);
    const key = match?.[1] as keyof OptionalCounts | undefined;
    if (!match || !key || !(key in DERIVED)) {
      throw new ConfigError(`--assume ${JSON.stringify(pair)}: expected COUNT=N, COUNT one of ${Object.keys(DERIVED).join(', ')}`);
    }
    counts[key] = wholeNumber(`assume ${key}`, match[2]);
  }
  const perMinute = args['intercom-per-minute'];
  const check = (option: string, value: string | undefined) => {
    if (value !== undefined && !Number.isFinite(Date.parse(value))) throw new ConfigError(`--${option} ${JSON.stringify(value)}: expected an ISO-8601 date`);
    return value;
  };
  return estimateMigration(counts as EstimateCounts, {
    since: check('since', args.since), until: check('until', args.until), downloads: args.downloads !== false,
    intercomPerMinute: perMinute === undefined ? undefined : positive('intercom-per-minute', perMinute),
  });
}

function positive(option: string, text: string): number {
  const value = wholeNumber(option, text);
  if (value === 0) throw new ConfigError(`--${option} ${JSON.stringify(text)}: expected a positive whole number`);
  return value;
}

/** The yargs module of `estimate`. */
export const estimateCommand: CommandModule<object, EstimateArgs> = {
  command: 'estimate',
  describe: 'Print how long a migration of these counts takes under the real rate limits, per stage and per quota bucket (no config, no network)',
  builder: (y) => {
    // Options added in a loop lose yargs's inferred types: the whole builder is typed as EstimateArgs.
    let built = y as unknown as Argv<EstimateArgs>;
    for (const option of Object.keys(COUNT_FLAGS)) {
      const required = (REQUIRED as readonly string[]).includes(option);
      built = built.option(option, { type: 'string', describe: required ? `Number of ${option} (required)` : `Number of ${option} (default: derived, see the output)` });
    }
    return built
      .option('assume', { type: 'string', array: true, describe: `Override a derived count: COUNT=N (${Object.keys(DERIVED).join(', ')})` })
      .option('since', { type: 'string', describe: 'Start of the Care history (the Analytics windows), ISO-8601 (default 2015-01-01)' })
      .option('until', { type: 'string', describe: 'End of the Care history, ISO-8601 (default now)' })
      .option('intercom-per-minute', { type: 'string', describe: 'Intercom calls a minute for the app (default 10000)' })
      .option('downloads', { type: 'boolean', default: true, describe: 'Count file downloads and KB image hosting (--no-downloads: as export --no-downloads)' })
      .option('json', { type: 'boolean', describe: 'Print the estimate as JSON' })
      .check((args) => {
        estimateFromArgs(args as Partial<EstimateArgs>);
        return true;
      }) as unknown as Argv<EstimateArgs>;
  },
  handler: (args) => {
    const estimate = estimateFromArgs(args);
    process.stdout.write(args.json ? `${JSON.stringify(estimate, null, 2)}\n` : renderEstimate(estimate));
  },
};
