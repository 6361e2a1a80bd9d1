/**
 * A workspace imported through the pipeline author's transforms (`import-transforms.ts`:
 * redacted bodies, a dropped attribute) must be carried on with them. An import without them
 * would send what they changed as the map alone makes it: a delta's new parts unredacted, a
 * retried contact with the attribute back. So the import records its transforms on its run
 * (`runs.args.transforms`), and an import without any is refused while a run that used them
 * has writes no rollback undid. Every import goes through it: `runImport`, and so `delta`,
 * `retry --failed` and `migrate`, from the CLI or a script.
 */
import { ConfigError } from '../errors.ts';
import { NOT_UNDONE } from '../workspace/ledger.ts';
import { markRun } from '../workspace/runs.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { ImportTransforms } from './import-transforms.ts';

/**
 * Records this run's transforms, or refuses an import without transforms on a workspace
 * whose writes went through some (a ConfigError naming that run and its transforms).
 *
 * @example
 * await keepTransforms(workspace, { name: 'redact-bodies', conversation: redact }); // runs.args.transforms: "redact-bodies"
 * await keepTransforms(workspace, undefined); // throws when a run with transforms wrote to Intercom
 */
export async function keepTransforms(workspace: Workspace, transforms: ImportTransforms | undefined): Promise<void> {
  const functions = Object.entries(transforms ?? {}).filter(([, value]) => typeof value === 'function').map(([key]) => key);
  if (functions.length > 0) {
    await markRun(workspace, { transforms: transforms?.name ?? functions.join(', ') });
    return;
  }
  const [used] = await workspace.query<{ run_id: string; stage: string; transforms: string }>(
    `SELECT run_id, stage, json_extract_string(args, '$.transforms') AS transforms FROM runs
     WHERE json_extract(args, '$.transforms') IS NOT NULL AND run_id <> $1
       AND EXISTS (SELECT 1 FROM ledger WHERE ledger.run_id = runs.run_id AND ledger.status = 'done' AND ${NOT_UNDONE})
     ORDER BY started_at DESC LIMIT 1`, [workspace.runId]);
  if (used) {
    throw new ConfigError(`import: run ${used.run_id} (${used.stage}) wrote to Intercom through the pipeline author's transforms ${used.transforms}; ` +
      'an import without them would send what they changed (a redacted body, a dropped attribute) as the map alone makes it. ' +
      'Carry the workspace on from the script that imported it, with the same transforms (runImport, runDelta and runRetryFailed take `transforms`), ' +
      'or roll those writes back first.');
  }
}
