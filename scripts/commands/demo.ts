/**
 * `khoros2intercom demo` (what `npm start` runs): the full demo migration against the
 * simulators. It generates the `small` dataset, starts both simulators in this process with
 * their limits raised alike on both sides (a real Khoros export runs at 60 calls a minute;
 * the demo must end in minutes), runs `migrate --auto-confirm` into `./demo/`, and prints the
 * per-object summary and the workspace to open with DuckDB.
 */
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { parseConfig } from '../../pipeline/config.ts';
import { progressLine } from '../../pipeline/export/progress-line.ts';
import { renderMigrateSummary, runMigrate } from '../../pipeline/migrate.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { startSimulators } from '../../simulators/start-simulators.ts';
import { exitCodeOf } from '../exit-code.ts';

interface DemoArgs {
  seed: number;
  scale: string;
  dir: string;
  'quota-scale': number;
}

/** The yargs module of `demo`. */
export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Run the full demo migration against both simulators (what npm start runs)',
  builder: (y) =>
    y
      .option('seed', { type: 'number', default: 1 })
      .option('scale', { type: 'string', default: 'small' })
      .option('dir', { type: 'string', default: 'demo', describe: 'Where the workspace, files, map and reports go (replaced)' })
      .option('quota-scale', { type: 'number', default: 100, describe: 'Khoros quotas raised alike on the simulator and the client' }),
  handler: async (args) => {
    const started = Date.now();
    const dir = resolve(args.dir);
    const quotaScale = args['quota-scale'];
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    process.stderr.write(`Generating the ${args.scale} dataset (seed ${args.seed}) and starting the simulators...\n`);
    const dataset = generateDataset({ seed: args.seed, scale: args.scale });
    const sims = await startSimulators({ dataset, khoros: { quotaScale, analyticsJobMs: 50 } });
    try {
      const config = parseConfig({ ...sims.config, workspace: resolve(dir, 'migration.duckdb') }, {}, 'demo config');
      const exportProgress = progressLine(process.stderr);
      const result = await runMigrate({
        config,
        mappingPath: resolve(dir, 'mapping.yaml'),
        autoConfirm: true,
        exportOptions: {
          clients: { quotaScale },
          // The dataset's instance went live on 2023-01-01: no Analytics windows before it.
          sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 60 } },
        },
        onProgress: (event) => {
          if (event.type === 'export') exportProgress(event.event);
          else if (event.type === 'import') process.stderr.write(`${event.progress.step}: ${JSON.stringify(event.progress.counts)}\n`);
          else if (event.type === 'stage') process.stderr.write(`\n== ${event.stage}${event.detail ? `: ${event.detail}` : ''}\n`);
        },
      });
      process.stderr.write(`\n${renderMigrateSummary(result)}`);
      process.stderr.write(
        `\nDone in ${Math.round((Date.now() - started) / 1000)} s. Open the workspace with DuckDB: duckdb -readonly ${result.workspacePath}\n` +
          `The field map and its report: ${result.mappingPath}\n`,
      );
      process.stdout.write(`${JSON.stringify({ workspace: result.workspacePath, mapping: result.mappingPath, status: result.status, verified: result.verify?.pass ?? null })}\n`);
      if (result.verify && !result.verify.pass) process.exitCode = 1;
    } catch (error) {
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`\nkhoros2intercom demo: ${(error as Error).message}\n`);
    } finally {
      await sims.close();
    }
  },
};
