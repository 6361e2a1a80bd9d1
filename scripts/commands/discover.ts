/**
 * `khoros2intercom discover`: the scope report. Exports the small Khoros families into the
 * workspace (everything with `--full`), reads the Intercom admins, writes `discover.json`
 * and `discover.md`, and prints a short summary on stderr. Rerunning costs nothing for
 * what is already staged: the export skips done streams.
 */
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { defaultReportDir, discoverSummary, runDiscover, writeDiscoverReport } from '../../pipeline/discover.ts';
import { progressLine } from '../../pipeline/export/progress-line.ts';
import { epochMs } from '../../pipeline/khoros/sources/source-options.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

interface DiscoverArgs {
  config: string;
  workspace?: string;
  full: boolean;
  out?: string;
  since?: string;
  'quota-scale': number;
  'report-poll-ms'?: number;
}

/**
 * The yargs module of `discover --config FILE [--workspace FILE] [--full] [--out DIR] [--since ISO]`.
 *
 * @example
 * yargs(hideBin(process.argv)).command(discoverCommand).parseAsync();
 */
export const discoverCommand: CommandModule<object, DiscoverArgs> = {
  command: 'discover',
  describe: 'Report the migration scope (counts, custom fields, agents vs Intercom admins, export estimate, automation to rebuild) as Markdown and JSON',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (sim writes one)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('full', { type: 'boolean', default: false, describe: 'Run the whole export first (resumable), so every count is real' })
      .option('out', { type: 'string', describe: 'Folder for discover.json and discover.md (default: <workspace>.reports/ beside the workspace)' })
      .option('since', { type: 'string', describe: 'Start of the conversation enumeration and of the estimate\'s Analytics windows (ISO-8601; the go-live date saves requests)' })
      .option('report-poll-ms', { type: 'number', describe: 'Wait before polling an Analytics job (default 2000 ms)' })
      .option('quota-scale', { type: 'number', default: 1, describe: 'Multiply every Khoros quota (only against a simulator with its limits raised alike)' })
      .check((args) => {
        if (args.since !== undefined) epochMs(args.since, 0, '--since');
        return true;
      }),
  handler: async (args) => {
    const config = await loadConfig(args.config, process.env);
    const path = args.workspace ?? config.workspace;
    const workspace = await openWorkspace(path, { ...config.duckdb, stage: 'discover', args: { full: args.full, since: args.since ?? null, out: args.out ?? null } });
    try {
      const report = await runDiscover({
        config, workspace, workspacePath: path, full: args.full,
        clients: { quotaScale: args['quota-scale'] },
        sources: { since: args.since, report: args['report-poll-ms'] ? { firstPollMs: args['report-poll-ms'] } : undefined },
        onProgress: progressLine(process.stderr),
      });
      const written = await writeDiscoverReport(report, args.out ?? defaultReportDir(path));
      await workspace.finishRun('succeeded');
      process.stderr.write(`${[...discoverSummary(report), `Report: ${written.markdown} (and discover.json beside it)`].join('\n')}\n`);
    } catch (error) {
      await workspace.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`\nkhoros2intercom discover: ${(error as Error).message}\n`);
    } finally {
      await workspace.close();
    }
  },
};
