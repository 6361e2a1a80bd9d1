/**
 * `khoros2intercom provision`: creates in Intercom the attributes, tags, collections and
 * sections the confirmed map needs, and checks what only a person can create (admins, teams,
 * brands, help-center locales). Prints the report as JSON on stdout and a summary, with the
 * manual steps, on stderr. Rerun it at will: it writes only what is missing. Exit code 1
 * when Intercom refused a write; manual steps alone do not fail the command.
 */
import type { CommandModule } from 'yargs';
import { workspaceCommand } from '../workspace-command.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runProvision } from '../../pipeline/provision.ts';
import { renderProvisionSummary } from '../../pipeline/provision/provision-report.ts';

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
  handler: (args) =>
    workspaceCommand('provision', args, { stage: 'provision', runArgs: { mapping: args.mapping } }, async ({ config, workspace }) => {
      const report = await runProvision({ workspace, intercom: createIntercomClient(config.intercom), mappingPath: args.mapping });
      return { output: report, stderr: renderProvisionSummary(report), failed: report.counts.failed > 0 };
    }),
};
