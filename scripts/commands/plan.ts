/**
 * `khoros2intercom plan`: the dry run of import. Reads the workspace, the confirmed map,
 * the write ledger and the Intercom workspace (GETs and searches only; nothing is written to
 * Intercom) and says, per object, what import would create, update, skip and queue. Every
 * item is stored in the workspace's `plans` table; the per-object table goes to stderr, the
 * summary as JSON to stdout. Exit 2 when the map is not confirmed, was edited since, or the
 * staged source drifted (the gate's message says what to do).
 */
import type { CommandModule } from 'yargs';
import { workspaceCommand } from '../workspace-command.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runPlan } from '../../pipeline/plan.ts';
import { renderPlanTable } from '../../pipeline/plan/render-plan-table.ts';

interface PlanArgs {
  config: string;
  workspace?: string;
  mapping: string;
}

/** The yargs module of `plan`. */
export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan',
  describe: 'Show what import would create, update, skip and queue (writes nothing to Intercom)',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token reads the current state)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' }),
  handler: (args) =>
    workspaceCommand('plan', args, { stage: 'plan', runArgs: { mapping: args.mapping } }, async ({ config, workspace }) => {
      const summary = await runPlan({ workspace, mappingPath: args.mapping, intercom: createIntercomClient(config.intercom) });
      return { output: summary, stderr: renderPlanTable(summary) };
    }),
};
