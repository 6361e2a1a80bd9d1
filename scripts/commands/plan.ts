/**
 * `khoros2intercom plan`: the dry run of import. Reads the workspace, the confirmed map,
 * the write ledger and the Intercom workspace (GETs and searches only; nothing is written to
 * Intercom) and says, per object, what import would create, update, skip and queue. Every
 * item is stored in the workspace's `plans` table; the per-object table goes to stderr, the
 * summary as JSON to stdout. Exit 2 when the map is not confirmed, was edited since, or the
 * staged source drifted (the gate's message says what to do).
 */
import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { loadConfig } from '../../pipeline/config.ts';
import { ConfigError } from '../../pipeline/errors.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runPlan } from '../../pipeline/plan.ts';
import { renderPlanTable } from '../../pipeline/plan/render-plan-table.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

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
  handler: async (args) => {
    let workspace: Workspace | undefined;
    try {
      const config = await loadConfig(args.config, process.env);
      const path = args.workspace ?? config.workspace;
      if (!existsSync(path)) throw new ConfigError(`--workspace ${path}: no such workspace; run khoros2intercom export first`);
      workspace = await openWorkspace(path, { stage: 'plan', args: { mapping: args.mapping } });
      const summary = await runPlan({ workspace, mappingPath: args.mapping, intercom: createIntercomClient(config.intercom) });
      await workspace.finishRun('succeeded');
      process.stderr.write(renderPlanTable(summary));
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } catch (error) {
      await workspace?.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`khoros2intercom plan: ${(error as Error).message}\n`);
    } finally {
      await workspace?.close();
    }
  },
};
