/**
 * `khoros2intercom migrate`: every stage end to end (export → map propose → map confirm →
 * provision → import). It stops at the confirmation step (exit 0, status
 * `awaiting-confirmation`) until a person has reviewed the map and run `map confirm`,
 * unless given `--auto-confirm` (for demos and tests). An existing map file is kept (a
 * person's edits), never proposed over. The per-object summary goes to stderr, the result,
 * as JSON, to stdout. `--sample N [--seed S]` makes it a sample migration: only N of the
 * hardest conversations (seeded) and their contacts are imported, every run is marked as a
 * sample, and `rollback --sample` undoes it.
 */
import { dirname, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { progressLine } from '../../pipeline/export/progress-line.ts';
import { renderMigrateSummary, runMigrate } from '../../pipeline/migrate.ts';
import { renderProvisionSummary } from '../../pipeline/provision/provision-report.ts';
import { ConfigError } from '../../pipeline/errors.ts';
import { exitCodeOf } from '../exit-code.ts';

interface MigrateArgs {
  config: string;
  workspace?: string;
  mapping?: string;
  'auto-confirm': boolean;
  since?: string;
  downloads: boolean;
  'quota-scale': number;
  'report-poll-ms'?: number;
  sample?: string;
  seed?: string;
}

/**
 * An option that must be a whole number (digits, optionally signed for `--seed`), parsed;
 * `ConfigError` naming the option and the value otherwise.
 *
 * @example
 * wholeNumber('--sample', '3', { min: 1 }); // 3
 * wholeNumber('--sample', '0', { min: 1 }); // throws: --sample 0: expected a positive integer (conversations to migrate)
 */
export function wholeNumber(option: string, value: string | undefined, limits: { min: number; what: string }): number {
  const text = String(value ?? '').trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < limits.min) throw new ConfigError(`${option} ${JSON.stringify(value ?? '')}: expected ${limits.what}`);
  return n;
}

/** The yargs module of `migrate`. */
export const migrateCommand: CommandModule<object, MigrateArgs> = {
  command: 'migrate',
  describe: 'Every stage end to end; stops at the map confirmation unless --auto-confirm',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (sim writes one)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', describe: 'The field map (default: mapping.yaml beside the workspace); proposed when missing, kept when it exists' })
      .option('auto-confirm', { type: 'boolean', default: false, describe: 'Confirm the map without review (demos and tests)' })
      .option('since', { type: 'string', describe: 'Start of the Analytics windows (ISO-8601)' })
      .option('downloads', { type: 'boolean', default: true, describe: 'Download attachments and KB images (--no-downloads to skip)' })
      .option('report-poll-ms', { type: 'number', describe: 'Wait before polling an Analytics job (default 2000 ms)' })
      .option('sample', { type: 'string', describe: 'A sample migration: only N of the hardest conversations (seeded) and their contacts, marked as a sample (rollback --sample undoes it)' })
      .option('seed', { type: 'string', describe: 'Seed of the --sample choice (default 1): the same seed, the same sample' })
      .option('quota-scale', { type: 'number', default: 1, describe: 'Multiply every Khoros quota (only against a simulator with its limits raised alike)' }),
  handler: async (args) => {
    try {
      const sample = args.sample === undefined ? undefined : wholeNumber('--sample', args.sample, { min: 1, what: 'a positive integer (conversations to migrate)' });
      if (args.seed !== undefined && sample === undefined) throw new ConfigError(`--seed ${args.seed}: only with --sample N`);
      const seed = args.seed === undefined ? undefined : wholeNumber('--seed', args.seed, { min: Number.MIN_SAFE_INTEGER, what: 'an integer' });
      const config = await loadConfig(args.config, process.env);
      const workspacePath = args.workspace ?? config.workspace;
      const mappingPath = args.mapping ?? join(dirname(workspacePath), 'mapping.yaml');
      const exportProgress = progressLine(process.stderr);
      const result = await runMigrate({
        config, workspacePath, mappingPath, autoConfirm: args['auto-confirm'], sample, seed,
        exportOptions: {
          clients: { quotaScale: args['quota-scale'] },
          sources: { since: args.since, report: args['report-poll-ms'] ? { firstPollMs: args['report-poll-ms'] } : undefined },
          downloads: args.downloads ? {} : false,
        },
        onProgress: (event) => {
          if (event.type === 'export') exportProgress(event.event);
          else if (event.type === 'import') process.stderr.write(`${event.progress.step}: ${JSON.stringify(event.progress.counts)}\n`);
          else process.stderr.write(`\n== ${event.stage}${event.detail ? `: ${event.detail}` : ''}\n`);
        },
      });
      if (result.provision) process.stderr.write(renderProvisionSummary(result.provision));
      process.stderr.write(`\n${renderMigrateSummary(result)}`);
      if (result.status === 'awaiting-confirmation') {
        process.stderr.write(`\nmigrate stopped at the confirmation step: ${result.message?.replace('--config FILE', `--config ${args.config}`)}\n`);
      }
      process.stdout.write(`${JSON.stringify(result)}\n`);
      // A migration that verify finds wrong is not done: exit 1, as `verify` does.
      if (result.verify && !result.verify.pass) process.exitCode = 1;
    } catch (error) {
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`\nkhoros2intercom migrate: ${(error as Error).message}\n`);
    }
  },
};
