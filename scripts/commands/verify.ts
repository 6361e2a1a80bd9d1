/**
 * `khoros2intercom verify`: reads back from Intercom what the migration wrote and compares
 * it with what the confirmed map says should be there (`--sample`: the hardest records,
 * seeded; `--full`: everything). Prints the result as JSON on stdout and a summary on
 * stderr, writes the reports (JSON, Markdown, one HTML page) to `<workspace>.verify/` or
 * `--out DIR`, and exits 1 when a threshold of the config's `verify` section is not met, so
 * a CI job can gate the cutover (2 for a bad option or an unconfirmed map, 3 when a rate
 * limit or an outage stopped it: run it again).
 */
import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { ConfigError } from '../../pipeline/errors.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runVerify, type VerifyResult } from '../../pipeline/verify.ts';
import { workspaceCommand } from '../workspace-command.ts';

interface VerifyArgs {
  config: string;
  workspace?: string;
  mapping: string;
  sample?: boolean;
  full?: boolean;
  seed?: number;
  out?: string;
}

/** The summary table on stderr: the verdict, each threshold, each object's counts. */
function summary(result: VerifyResult): string {
  const lines = [`verify ${result.mode}: ${result.pass ? 'PASS' : 'FAIL'} (${result.findingCount} findings, ${result.intercomRequests} Intercom requests)`];
  for (const t of result.thresholds) lines.push(`  ${t.pass ? 'pass' : 'FAIL'}  ${t.name}: ${t.actual} (limit ${t.limit})`);
  lines.push('  object                 planned  written  read back  missing  unexpected  mismatched');
  for (const c of result.counts) {
    lines.push(`  ${c.objectType.padEnd(22)} ${String(c.planned).padStart(7)}  ${String(c.written).padStart(7)}  ${String(c.readBack).padStart(9)}  ${String(c.missing).padStart(7)}  ${String(c.unexpected).padStart(10)}  ${String(c.withMismatches).padStart(10)}`);
  }
  if (result.reports) lines.push(`  report: ${result.reports.html}`);
  return `${lines.join('\n')}\n`;
}

/** The yargs module of `verify`. */
export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify',
  describe: 'Read Intercom back and reconcile it with the confirmed map; exit 1 when a threshold is not met',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (thresholds in its verify section)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' })
      .option('sample', { type: 'boolean', describe: 'Check a seeded sample of the hardest records (the default)' })
      .option('full', { type: 'boolean', describe: 'Check every record the migration wrote' })
      .option('seed', { type: 'number', describe: 'Seed of the sample (default 1)' })
      .option('out', { type: 'string', describe: 'Report folder (default: <workspace>.verify/)' }),
  handler: (args) =>
    workspaceCommand('verify', args, { stage: 'verify', runArgs: { mapping: args.mapping, sample: args.sample, full: args.full, seed: args.seed, out: args.out } }, async ({ config, workspace }) => {
      if (args.sample && args.full) throw new ConfigError('--sample and --full: choose one');
      if (args.seed !== undefined && (!Number.isSafeInteger(args.seed) || args.seed < 0)) throw new ConfigError(`--seed ${args.seed}: expected a whole number ≥ 0`);
      const result = await runVerify({
        workspace, config, intercom: createIntercomClient(config.intercom), mappingPath: args.mapping,
        mode: args.full ? 'full' : 'sample', seed: args.seed,
        workspacePath: args.workspace ?? config.workspace, outDir: args.out === undefined ? undefined : resolve(args.out),
        onProgress: (step, c) => process.stderr.write(`${step}: ${c.readBack}/${c.planned} read back\n`),
      });
      return { output: result, stderr: summary(result), failed: !result.pass };
    }),
};
