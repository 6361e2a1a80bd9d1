/**
 * Sends one undo under the write ledger: an intent before the request (operation `delete`,
 * `restore`, `archive` or `untag`; the object type and Khoros key of the write undone;
 * `before_image` `{"undoes": <seq>}`), then done, or failed. Every undo is idempotent, so an
 * undo an earlier rollback left in flight is simply sent again under its own row, and a 404
 * (the object is gone already: an earlier request landed, or someone deleted it) counts as
 * done. Any other refusal (a 4xx: a tag other objects depend on, say) is recorded as failed
 * and reported (401/403 stop it: the token is wrong for every undo); a rate limit or an
 * outage stops the rollback (rerun it to resume).
 */
import { IntercomRateLimitError, IntercomRequestError } from '../errors.ts';
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { recordDone, recordFailed, recordIntent } from '../workspace/ledger.ts';
import { payloadHash } from '../workspace/ledger-hash.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { PlannedUndo } from './plan-rollback.ts';

/** How an undo ended. */
export type UndoOutcome =
  | { status: 'done'; ledgerSeq: number }
  /** Intercom answered 404: the object was gone already (recorded done). */
  | { status: 'gone'; ledgerSeq: number }
  | { status: 'failed'; ledgerSeq: number; error: string };

/**
 * Sends `undo`; `adminId` names the admin an untag is made by (`GET /me`, asked once).
 *
 * @example
 * const outcome = await sendUndo(workspace, intercom, { seq: 812, action: 'delete', method: 'DELETE', path: '/conversations/42', target: '42', ... }, me);
 * outcome.status; // 'done', or 'gone' when Intercom no longer had conversation 42
 */
export async function sendUndo(workspace: Workspace, intercom: IntercomClient, undo: PlannedUndo, adminId: () => Promise<string>): Promise<UndoOutcome> {
  const body = undo.action === 'untag' ? { admin_id: await adminId() } : undo.body;
  const endpoint = `${undo.method} ${undo.path}`;
  const ledgerSeq = undo.pendingSeq ?? await recordIntent(workspace, {
    objectType: undo.objectType, khorosKey: undo.khorosKey, operation: undo.action, endpoint,
    payloadHash: payloadHash(body ?? null), beforeImage: { undoes: undo.seq },
  });
  try {
    await intercom.request(undo.method, undo.path, body === undefined ? {} : { json: body });
  } catch (error) {
    if (error instanceof IntercomRequestError && error.status === 404) {
      await recordDone(workspace, ledgerSeq, { intercomId: undo.target });
      return { status: 'gone', ledgerSeq };
    }
    if (error instanceof IntercomRequestError) {
      await recordFailed(workspace, ledgerSeq, error);
      // A token without access fails every undo alike: stop rather than report each one.
      if (error.status === 401 || error.status === 403) throw error;
      return { status: 'failed', ledgerSeq, error: error.message };
    }
    // Refused by the rate limit to the end: nothing landed. Anything else may have: left in flight, resent by the next run.
    if (error instanceof IntercomRateLimitError) await recordFailed(workspace, ledgerSeq, error);
    throw error;
  }
  await recordDone(workspace, ledgerSeq, { intercomId: undo.target });
  return { status: 'done', ledgerSeq };
}
