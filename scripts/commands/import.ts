/**
 * `khoros2intercom import`: writes the staged data to Intercom under the confirmed map
 * (contacts, then conversations with every part), through the write ledger. Prints the
 * summary as JSON on stdout and progress on stderr. Kill it at any point and rerun it: it
 * settles what was in flight and continues. Exit 3 when a rate limit or an outage stopped
 * it (rerun to resume), 2 for a map that is not confirmed (or edited, or drifted).
 */
import type { CommandModule } from 'yargs';
import { workspaceCommand } from '../workspace-command.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runImport } from '../../pipeline/import.ts';

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
  handler: (args) =>
    workspaceCommand('import', args, { stage: 'import', runArgs: { mapping: args.mapping } }, async ({ config, workspace }) => ({
      output: await runImport({
        workspace, config, intercom: createIntercomClient(config.intercom), mappingPath: args.mapping,
        onProgress: (p) => process.stderr.write(`${p.step}: ${JSON.stringify(p.counts)}\n`),
      }),
    })),
};
