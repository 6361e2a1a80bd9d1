/**
 * What earlier rollbacks did, read from the ledger: rollback records each undo as a write of
 * its own (operation `delete`, `restore`, `archive` or `untag`; the same object type and
 * Khoros key as the write it undoes; `before_image` `{"undoes": <seq>}`). So a rollback killed
 * midway, rerun, skips what is undone, resends what was in flight (every undo is idempotent:
 * a delete answered 404 is already done), and a second rollback finds nothing left to do.
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { LedgerStatus } from '../workspace/ledger.ts';
import { undoRule } from './undo-rule.ts';

/** The operations of rollback's own rows. */
export const UNDO_OPERATIONS: readonly string[] = ['delete', 'restore', 'archive', 'untag'];

/** The SQL condition that is true for rollback's own rows (`ledger` columns unqualified). */
export const IS_UNDO_ROW = `(operation IN (${UNDO_OPERATIONS.map((o) => `'${o}'`).join(', ')}) AND json_extract(before_image, '$.undoes') IS NOT NULL)`;

/** The latest undo of one write. */
export interface UndoRow {
  /** The undo's own `seq`. */
  seq: number;
  status: 'intent' | 'done' | 'failed';
}

/** Earlier rollbacks, as the planner needs them. */
export interface UndoState {
  /** Seq of an undone write → its latest undo. */
  latest: Map<number, UndoRow>;
  /** Containers earlier rollbacks removed (`conversation:42`): what lived in them is gone too. */
  removed: Set<string>;
}

/**
 * Reads every undo in the workspace (all runs: a write undone by any rollback is undone).
 *
 * @example
 * const { latest } = await readUndoState(workspace);
 * latest.get(1234)?.status; // 'done' once write 1234 is undone
 */
export async function readUndoState(workspace: Workspace): Promise<UndoState> {
  const rows = await workspace.query<{ seq: number; status: UndoRow['status']; undoes: number }>(
    `SELECT seq, status, CAST(json_extract_string(before_image, '$.undoes') AS BIGINT) AS undoes FROM ledger WHERE ${IS_UNDO_ROW} ORDER BY seq`);
  const latest = new Map<number, UndoRow>();
  for (const row of rows) latest.set(Number(row.undoes), { seq: Number(row.seq), status: row.status });
  // The containers: writes that create one, undone by a delete or archive that is done.
  const undone = await workspace.query<{ object_type: string; khoros_key: string; operation: string; endpoint: string | null; status: LedgerStatus; intercom_id: string | null }>(
    `SELECT o.object_type, o.khoros_key, o.operation, o.endpoint, o.status, o.intercom_id FROM ledger o
     JOIN ledger u ON o.seq = CAST(json_extract_string(u.before_image, '$.undoes') AS BIGINT)
     WHERE u.status = 'done' AND u.operation IN ('delete', 'archive') AND json_extract(u.before_image, '$.undoes') IS NOT NULL`);
  const removed = new Set<string>();
  for (const row of undone) {
    const { creates } = undoRule({
      objectType: row.object_type, khorosKey: row.khoros_key, operation: row.operation, endpoint: row.endpoint, status: row.status,
      intercomId: row.intercom_id, beforeImage: null,
    });
    if (creates) removed.add(creates);
  }
  return { latest, removed };
}
