/**
 * `khoros2intercom map confirm`: checks the reviewed field map (schema, then meaning
 * against the staged source and the Intercom workspace) and records it in the workspace
 * as the next confirmed version. Prints the version and hashes, or every problem (exit 2).
 */
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { confirmMap } from '../../pipeline/mapping/confirm-map.ts';
import { readIntercomCatalog } from '../../pipeline/mapping/confirm-read-catalog.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

interface MapConfirmArgs {
  config: string;
  workspace?: string;
  mapping: string;
  by?: string;
}

/** The yargs module of `map confirm`. */
export const mapConfirmCommand: CommandModule<object, MapConfirmArgs> = {
  command: 'confirm',
  describe: 'Check the reviewed field map and record it as the confirmed version import runs under',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token reads the workspace\'s attributes and admins)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The field map to confirm' })
      .option('by', { type: 'string', describe: 'Who confirms (default: the OS user)' }),
  handler: async (args) => {
    const config = await loadConfig(args.config, process.env);
    const workspace = await openWorkspace(args.workspace ?? config.workspace, { ...config.duckdb, stage: 'map-confirm', args: { mapping: args.mapping, by: args.by ?? null } });
    try {
      const intercom = await readIntercomCatalog(config.intercom);
      const confirmed = await confirmMap({ workspace, mappingPath: args.mapping, intercom, by: args.by });
      await workspace.finishRun('succeeded');
      process.stdout.write(`confirmed ${args.mapping} as version ${confirmed.version} by ${confirmed.confirmedBy}\n` +
        `  file sha256:    ${confirmed.fileSha256}\n  source profile: ${confirmed.profileHash}\n`);
    } catch (error) {
      await workspace.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`khoros2intercom map confirm: ${(error as Error).message}\n`);
    } finally {
      await workspace.close();
    }
  },
};
