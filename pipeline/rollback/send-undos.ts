/**
 * Sends a plan's undos in its order (newest write first), side by side where order does not
 * matter: consecutive undos of one object type form a batch, sent `concurrency` at a time,
 * and a batch ends before the next begins (conversations are deleted before their contacts,
 * articles before their collections, attributes last). Two undos of the same object (two
 * updates of one contact, restored newest first) go one after the other. Collections go one
 * at a time: a section is deleted before the collection above it.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { forEachConcurrently } from '../import/for-each-concurrently.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { PlannedUndo } from './plan-rollback.ts';
import { sendUndo, type UndoOutcome } from './send-undo.ts';

/** One undo that ended, for progress and the summary. */
export interface SentUndo {
  undo: PlannedUndo;
  outcome: UndoOutcome;
}

/** Options of `sendUndos`. */
export interface SendUndosOptions {
  workspace: Workspace;
  intercom: IntercomClient;
  /** Undos in flight at once within a batch. @default 16 */
  concurrency?: number;
  /** Called as each undo ends. */
  onUndo?: (sent: SentUndo) => void;
}

/**
 * Sends every undo; answers each one's outcome, in plan order.
 *
 * @example
 * const sent = await sendUndos(plan.undos, { workspace, intercom });
 * sent.filter((s) => s.outcome.status === 'failed');
 */
export async function sendUndos(undos: readonly PlannedUndo[], options: SendUndosOptions): Promise<SentUndo[]> {
  const { workspace, intercom } = options;
  const concurrency = options.concurrency ?? 16;
  let me: Promise<string> | undefined;
  const adminId = () => (me ??= intercom.request<{ id: string | number }>('GET', '/me').then((admin) => String(admin.id)));
  const outcomes = new Map<PlannedUndo, UndoOutcome>();
  for (let start = 0; start < undos.length;) {
    let end = start + 1;
    while (end < undos.length && undos[end].objectType === undos[start].objectType) end += 1;
    const byTarget = new Map<string, PlannedUndo[]>();
    for (const undo of undos.slice(start, end)) byTarget.set(undo.path, [...(byTarget.get(undo.path) ?? []), undo]);
    const limit = undos[start].objectType === 'collection' ? 1 : concurrency;
    await forEachConcurrently([...byTarget.values()], limit, async (group) => {
      for (const undo of group) {
        const outcome = await sendUndo(workspace, intercom, undo, adminId);
        outcomes.set(undo, outcome);
        options.onUndo?.({ undo, outcome });
      }
    });
    start = end;
  }
  return undos.map((undo) => ({ undo, outcome: outcomes.get(undo)! }));
}
