/**
 * `khoros2intercom delta`: exports what changed in Khoros since the last watermark (with an
 * overlap) and applies it through the import under the confirmed map; reports deleted and
 * merged source records. Prints the summary as JSON on stdout (exit 2 for a bad option or
 * an unconfirmed map, 3 when a rate limit or an outage stopped it: run it again).
 */
import type { CommandModule } from 'yargs';
import { ConfigError } from '../../pipeline/errors.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { DEFAULT_OVERLAP_MINUTES, runDelta, type DeltaSummary } from '../../pipeline/delta.ts';
import { workspaceCommand } from '../workspace-command.ts';

interface DeltaArgs {
  config: string;
  workspace?: string;
  mapping: string;
  overlap: number;
  'sweep-cases'?: boolean;
  'quota-scale'?: number;
}

/** The summary on stderr: windows, staged records, writes, removals. */
export function deltaSummaryText(summary: DeltaSummary): string {
  const lines = [`delta: ${summary.writes} Intercom writes, ${summary.khorosRequests} Khoros requests`];
  for (const [group, w] of Object.entries(summary.windows)) lines.push(`  ${group.padEnd(10)} ${w.from} → ${w.to} (from the ${w.watermark} watermark)`);
  lines.push(`  staged: ${Object.entries(summary.staged).map(([f, n]) => `${f} ${n}`).join(', ') || 'nothing changed'}`);
  if (summary.removals.length) {
    lines.push(`  removed in Khoros (${summary.newRemovals} new; kept in Intercom, see source_removals):`);
    for (const r of summary.removals) lines.push(`    ${r.kind} ${r.family} ${r.key}${r.intoKey ? ` → ${r.intoKey}` : ''}: ${r.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The yargs module of `delta`. */
export const deltaCommand: CommandModule<object, DeltaArgs> = {
  command: 'delta',
  describe: 'Export what changed in Khoros since the last watermark and apply it to Intercom (idempotent)',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('mapping', { type: 'string', default: 'mapping.yaml', describe: 'The confirmed field map' })
      .option('overlap', { type: 'number', default: DEFAULT_OVERLAP_MINUTES, describe: 'Minutes read again before each watermark' })
      .option('sweep-cases', { type: 'boolean', describe: 'Also list every case id to find deleted cases (1 request per 100 cases)' })
      .option('quota-scale', { type: 'number', describe: 'Multiply every Khoros quota (simulators, tests)' }),
  handler: (args) =>
    workspaceCommand('delta', args, { stage: 'delta', runArgs: { mapping: args.mapping, overlap: args.overlap, sweepCases: args['sweep-cases'] === true } }, async ({ config, workspace }) => {
      if (!Number.isFinite(args.overlap) || args.overlap < 0) throw new ConfigError(`--overlap ${args.overlap}: expected minutes ≥ 0`);
      const summary = await runDelta({
        config, workspace, mappingPath: args.mapping, intercom: createIntercomClient(config.intercom), overlapMinutes: args.overlap,
        sweepCases: args['sweep-cases'] === true, clients: args['quota-scale'] === undefined ? undefined : { quotaScale: args['quota-scale'] },
        onProgress: (message) => process.stderr.write(`${message}\n`),
      });
      return { output: summary, stderr: deltaSummaryText(summary) };
    }),
};
