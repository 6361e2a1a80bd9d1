/**
 * `khoros2intercom import`: writes the staged data to Intercom under the confirmed map
 * (contacts, then conversations with every part), through the write ledger. Prints the
 * summary as JSON on stdout and progress on stderr. Kill it at any point and rerun it: it
 * settles what was in flight and continues. Exit 3 when a rate limit or an outage stopped
 * it (rerun to resume), 2 for a map that is not confirmed (or edited, or drifted).
 */
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runImport } from '../../pipeline/import.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

interface ImportArgs {
  config: string;
  workspace?: string;
  mapping: string;
}

/** The yargs module of `import`. */
export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import',
  describe: 'Write the staged data to Intercom under the confirmed map (resumable: rerun after a kill)',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token needs write access)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' }),
  handler: async (args) => {
    const config = await loadConfig(args.config, process.env);
    const workspace = await openWorkspace(args.workspace ?? config.workspace, { stage: 'import', args: { mapping: args.mapping } });
    try {
      const summary = await runImport({
        workspace, intercom: createIntercomClient(config.intercom), mappingPath: args.mapping,
        onProgress: (p) => process.stderr.write(`${p.step}: ${JSON.stringify(p.counts)}\n`),
      });
      await workspace.finishRun('succeeded');
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } catch (error) {
      await workspace.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`khoros2intercom import: ${(error as Error).message}\n`);
    } finally {
      await workspace.close();
    }
  },
};
