/**
 * `khoros2intercom provision`: creates in Intercom the attributes, tags, collections and
 * sections the confirmed map needs, and checks what only a person can create (admins, teams,
 * brands, help-center locales). Prints the report as JSON on stdout and a summary, with the
 * manual steps, on stderr. Rerun it at will: it writes only what is missing. Exit code 1
 * when Intercom refused a write; manual steps alone do not fail the command.
 */
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runProvision } from '../../pipeline/provision.ts';
import { renderProvisionSummary } from '../../pipeline/provision/provision-report.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

interface ProvisionArgs {
  config: string;
  workspace?: string;
  mapping: string;
}

/** The yargs module of `provision`. */
export const provisionCommand: CommandModule<object, ProvisionArgs> = {
  command: 'provision',
  describe: 'Create the attributes, tags and Help Center collections the confirmed map needs; list what must be created by hand',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token needs write access)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' }),
  handler: async (args) => {
    const config = await loadConfig(args.config, process.env);
    const workspace = await openWorkspace(args.workspace ?? config.workspace, { stage: 'provision', args: { mapping: args.mapping } });
    try {
      const report = await runProvision({ workspace, intercom: createIntercomClient(config.intercom), mappingPath: args.mapping });
      await workspace.finishRun(report.counts.failed > 0 ? 'failed' : 'succeeded');
      if (report.counts.failed > 0) process.exitCode = 1;
      process.stderr.write(renderProvisionSummary(report));
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } catch (error) {
      await workspace.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`khoros2intercom provision: ${(error as Error).message}\n`);
    } finally {
      await workspace.close();
    }
  },
};
