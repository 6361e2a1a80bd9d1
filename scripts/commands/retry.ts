/**
 * `khoros2intercom retry --failed`: replays just the records import quarantined (after their
 * cause is fixed: a missing attribute or tag re-created, a contact fixed), through the same
 * ledgered import. Keys that now import leave quarantine; those that still fail stay with
 * this run's reason. Prints the summary as JSON on stdout. Exit 3 when a rate limit or an
 * outage stopped it (rerun to resume), 2 for a map that is not confirmed.
 */
import type { CommandModule } from 'yargs';
import { workspaceCommand } from '../workspace-command.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runRetryFailed } from '../../pipeline/retry-failed.ts';

interface RetryArgs {
  failed: boolean;
  config: string;
  workspace?: string;
  mapping: string;
}

/** The yargs module of `retry`. */
export const retryCommand: CommandModule<object, RetryArgs> = {
  command: 'retry',
  describe: 'Replay the records import quarantined (--failed), once their cause is fixed',
  builder: (y) =>
    y
      .option('failed', { type: 'boolean', demandOption: true, describe: 'Replay the records import quarantined (import_contacts, import_conversations)' })
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token needs write access)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' })
      .check((argv) => {
        if (argv.failed !== true) throw new Error('retry needs --failed (the only kind of retry there is)');
        return true;
      }),
  handler: (args) =>
    workspaceCommand('retry', args, { stage: 'retry', runArgs: { mapping: args.mapping, failed: true } }, async ({ config, workspace }) => ({
      output: await runRetryFailed({
        workspace, intercom: createIntercomClient(config.intercom), mappingPath: args.mapping,
        onProgress: (p) => process.stderr.write(`${p.step}: ${JSON.stringify(p.counts)}\n`),
      }),
    })),
};
