/**
 * `khoros2intercom export`: stages every Khoros object family in the workspace, then the
 * files they point at. Rerun it after a kill or a rate-limit stop: it resumes from the
 * workspace's checkpoints. Progress goes to stderr on a terminal; the summary, as JSON,
 * to stdout.
 */
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { runExport } from '../../pipeline/export.ts';
import { progressLine } from '../../pipeline/export/progress-line.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

interface ExportArgs {
  config: string;
  workspace?: string;
  only?: string;
  since?: string;
  until?: string;
  downloads: boolean;
  'max-file-bytes'?: number;
  'quota-scale': number;
  'report-poll-ms'?: number;
}

/** The yargs module of `export`. */
export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export',
  describe: 'Stage every Khoros record in the workspace (resumable)',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (sim writes one)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('only', { type: 'string', describe: 'Comma-separated families, e.g. customers,cases' })
      .option('since', { type: 'string', describe: 'Start of the Analytics windows (ISO-8601); the go-live date saves requests' })
      .option('until', { type: 'string', describe: 'End of the Analytics windows (ISO-8601, default now)' })
      .option('downloads', { type: 'boolean', default: true, describe: 'Download attachments and KB images (--no-downloads to skip)' })
      .option('max-file-bytes', { type: 'number', describe: 'Largest file kept (default 50 MiB)' })
      .option('report-poll-ms', { type: 'number', describe: 'Wait before polling an Analytics job (default 2000 ms; grows after each RUNNING answer)' })
      .option('quota-scale', { type: 'number', default: 1, describe: 'Multiply every Khoros quota (only against a simulator with its limits raised alike)' }),
  handler: async (args) => {
    const config = await loadConfig(args.config, process.env);
    const workspace = await openWorkspace(args.workspace ?? config.workspace, {
      ...config.duckdb,
      stage: 'export',
      args: { only: args.only ?? null, since: args.since ?? null, until: args.until ?? null, downloads: args.downloads },
    });
    try {
      const summary = await runExport({
        config,
        workspace,
        families: args.only?.split(',').map((f) => f.trim()).filter(Boolean),
        clients: { quotaScale: args['quota-scale'] },
        sources: { since: args.since, until: args.until, report: args['report-poll-ms'] ? { firstPollMs: args['report-poll-ms'] } : undefined },
        downloads: args.downloads ? (args['max-file-bytes'] ? { maxBytes: args['max-file-bytes'] } : {}) : false,
        onProgress: progressLine(process.stderr),
      });
      await workspace.finishRun('succeeded');
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify({ runId: workspace.runId, ...summary })}\n`);
    } catch (error) {
      await workspace.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`\nkhoros2intercom export: ${(error as Error).message}\n`);
    } finally {
      await workspace.close();
    }
  },
};
