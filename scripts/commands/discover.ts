/**
 * `khoros2intercom discover`: the scope report. Exports the small Khoros families into the
 * workspace (everything with `--full`), reads the Intercom admins, writes `discover.json`
 * and `discover.md`, and prints a short summary on stderr.
 */
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { defaultReportDir, discoverSummary, runDiscover, writeDiscoverReport } from '../../pipeline/discover.ts';
import { epochMs } from '../../pipeline/khoros/sources/source-options.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';

interface DiscoverArgs {
  config: string;
  workspace?: string;
  full: boolean;
  out?: string;
  since?: string;
}

/**
 * The yargs module of `discover --config FILE [--workspace FILE] [--full] [--out DIR] [--since ISO]`.
 *
 * @example
 * yargs(hideBin(process.argv)).command(discoverCommand).parseAsync();
 */
export const discoverCommand: CommandModule<object, DiscoverArgs> = {
  command: 'discover',
  describe: 'Report the migration scope (counts, custom fields, agents vs Intercom admins, estimate, automation) as Markdown and JSON',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (see `sim --write-config`)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('full', { type: 'boolean', default: false, describe: 'Run the whole export first, so every count is real' })
      .option('out', { type: 'string', describe: 'Folder for discover.json and discover.md (default: <workspace>.reports/ beside the workspace)' })
      .option('since', { type: 'string', describe: 'Start of the conversation enumeration, ISO-8601 (the go-live date; default 2015-01-01)' })
      .check((args) => {
        if (args.since !== undefined) epochMs(args.since, 0, '--since');
        return true;
      }),
  handler: async (args) => {
    const config = await loadConfig(args.config, process.env);
    const path = args.workspace ?? config.workspace;
    const workspace = await openWorkspace(path, { stage: 'discover', args: { full: args.full, since: args.since ?? null, out: args.out ?? null } });
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop).once('SIGTERM', stop);
    try {
      const report = await runDiscover({
        config, workspace, workspacePath: path, full: args.full,
        clients: { signal: abort.signal },
        sources: args.since === undefined ? {} : { since: args.since },
        onProgress: (event) => {
          if (event.type === 'page' && event.page.checkpoint.done) process.stderr.write(`  ${event.page.family}: stream ${event.page.stream} done\n`);
        },
      });
      const written = await writeDiscoverReport(report, args.out ?? defaultReportDir(path));
      await workspace.finishRun('succeeded');
      process.stderr.write(`${[...discoverSummary(report), `Report: ${written.markdown} (and ${written.json})`].join('\n')}\n`);
    } catch (error) {
      await workspace.finishRun(abort.signal.aborted ? 'cancelled' : 'failed');
      throw error;
    } finally {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      await workspace.close();
    }
  },
};
