/**
 * The writes `rollback --sample` must not pull the ground from under: writes of runs that are
 * not sample runs (nor rollbacks), recorded after a sample write the rollback would undo. A
 * full migration run after a sample may reuse what the sample's provision created (tags,
 * attributes, collections: provision finds them and writes nothing) and the contacts its
 * import wrote (import updates them and hangs its conversations on them), so undoing the
 * sample then would break it. `rollback --sample` refuses while there are any.
 */
import { FatalError } from '../errors.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { IS_UNDO_ROW } from './read-undo-state.ts';

/** Writes of one non-sample run after the sample's first pending write. */
export interface LaterRun {
  runId: string;
  stage: string;
  writes: number;
}

/**
 * Non-sample runs with writes (done or in flight, not undos) after ledger `seq` `after`.
 *
 * @example
 * await laterNonSampleWrites(workspace, sampleRunIds, 120); // [{ runId: '20250301T…', stage: 'import', writes: 840 }]
 */
export async function laterNonSampleWrites(workspace: Workspace, sampleRunIds: readonly string[], after: number): Promise<LaterRun[]> {
  const rows = await workspace.query<{ run_id: string; stage: string; writes: number | bigint }>(
    `SELECT l.run_id, r.stage, count(*) AS writes FROM ledger AS l JOIN runs AS r ON r.run_id = l.run_id
     WHERE l.seq > $1 AND l.status IN ('done', 'intent') AND NOT ${IS_UNDO_ROW} AND r.stage <> 'rollback'
       AND l.run_id NOT IN (SELECT unnest(CAST(json($2) AS VARCHAR[])))
     GROUP BY l.run_id, r.stage ORDER BY min(l.seq)`, [after, JSON.stringify(sampleRunIds)]);
  return rows.map((r) => ({ runId: r.run_id, stage: r.stage, writes: Number(r.writes) }));
}

/** `rollback --sample` after a non-sample run wrote on top of the sample. */
export class SampleDependedOnError extends FatalError {
  constructor(readonly later: readonly LaterRun[]) {
    super('rollback_sample_depended_on',
      `--sample: run${later.length === 1 ? '' : 's'} ${later.map((r) => `${r.runId} (${r.stage}, ${r.writes} write${r.writes === 1 ? '' : 's'})`).join(', ')} ` +
      `wrote to Intercom after the sample migration and may rely on what it wrote (the tags, attributes and collections its provision created, the contacts its import wrote); ` +
      'undoing the sample would break them, so nothing was undone. Roll back everything with --all, or chosen runs with --run ID.');
  }
}
