/**
 * `khoros2intercom cutover`: the checklist that ends a migration (Khoros writes frozen,
 * confirmed by a person; the final delta; verify green; the automation inventory handed
 * off, confirmed by a person), each step recorded in the workspace (`cutover_steps`).
 * Rerunning skips the steps done. Exit 0 when every step is done, 1 while one failed or
 * waits for its confirmation, 2 without `--confirm-frozen`.
 */
import type { CommandModule } from 'yargs';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { runCutover, type CutoverResult } from '../../pipeline/cutover.ts';
import { workspaceCommand } from '../workspace-command.ts';

interface CutoverArgs {
  config: string;
  workspace?: string;
  mapping: string;
  'confirm-frozen'?: string;
  'confirm-automation'?: string;
  sample?: boolean;
  'quota-scale'?: number;
}

/** The checklist on stderr. */
export function cutoverText(result: CutoverResult): string {
  const lines = [`cutover: ${result.complete ? 'complete' : 'not complete'}`];
  for (const s of result.steps) {
    const reason = (s.detail as { reason?: string } | null)?.reason;
    lines.push(`  ${s.status.padEnd(8)} ${s.step.padEnd(19)} ${s.at}${s.by ? ` by ${s.by}` : ''}${s.ranNow ? '' : ' (done earlier)'}${reason ? `: ${reason}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The yargs module of `cutover`. */
export const cutoverCommand: CommandModule<object, CutoverArgs> = {
  command: 'cutover',
  describe: 'The cutover checklist: writes frozen (confirmed), final delta, verify green, automation handed off; resumable',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' })
      .option('confirm-frozen', { type: 'string', describe: 'Your name: you confirm that writes to Khoros are frozen (required)' })
      .option('confirm-automation', { type: 'string', describe: 'Your name: you confirm the automation inventory was handed off' })
      .option('sample', { type: 'boolean', describe: 'Verify the sample rather than everything' })
      .option('quota-scale', { type: 'number', describe: 'Multiply every Khoros quota (simulators, tests)' }),
  handler: (args) =>
    workspaceCommand('cutover', args, { stage: 'cutover', runArgs: { mapping: args.mapping, confirmFrozen: args['confirm-frozen'] ?? null, confirmAutomation: args['confirm-automation'] ?? null, sample: args.sample === true } }, async ({ config, workspace }) => {
      const result = await runCutover({
        config, workspace, mappingPath: args.mapping, intercom: createIntercomClient(config.intercom),
        confirmFrozen: args['confirm-frozen'], confirmAutomation: args['confirm-automation'], sampleVerify: args.sample === true,
        workspacePath: args.workspace ?? config.workspace, clients: args['quota-scale'] === undefined ? undefined : { quotaScale: args['quota-scale'] },
        onProgress: (message) => process.stderr.write(`${message}\n`),
      });
      return { output: result, stderr: cutoverText(result), failed: !result.complete };
    }),
};
