/**
 * Tells whether a conversation write whose answer was lost landed, so it is never sent
 * twice ("never blindly retry a POST"):
 *
 * - a conversation create: `POST /conversations/search` for conversations of the contact
 *   (`contact_ids`) created at the opening message's original second (`created_at`, which
 *   Intercom stores as sent from 2.11), not already owned by another record in the ledger.
 *   The case-id attribute cannot serve: it is written by the `PUT` that follows the create,
 *   so a conversation whose create was cut off has none. Caveat: Intercom's search lags
 *   behind writes ("a few minutes"), so with `lag` a miss is trusted only once the search
 *   is asked after the lag window that began when the create was sent (`search-until-settled.ts`).
 * - a part: `GET /conversations/{id}` (the 500 most recent parts, enough: parts are written
 *   one at a time per conversation, so the one in doubt is among the newest) and the first
 *   part after the last part known written whose kind, author, time (and assignee) match.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import type { ManagePayload, ReplyPayload } from '../transform/payload-types.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { searchUntilSettled, type SearchLag } from './search-until-settled.ts';

type Obj = Record<string, any>;

/**
 * The id of the conversation `contactId` opened at `createdAt`, not owned by another record; undefined when none.
 *
 * @example
 * await findConversation(intercom, workspace, '00004711', '95af…', 1673791200); // '215468543'
 */
export async function findConversation(
  intercom: IntercomClient, workspace: Workspace, key: string, contactId: string, createdAt: number | undefined, lag?: SearchLag,
): Promise<string | undefined> {
  if (createdAt === undefined) return undefined;
  const search = () => searchConversation(intercom, workspace, key, contactId, createdAt);
  return lag ? searchUntilSettled(search, lag) : search();
}

async function searchConversation(intercom: IntercomClient, workspace: Workspace, key: string, contactId: string, createdAt: number): Promise<string | undefined> {
  const answer = await intercom.request<Obj>('POST', '/conversations/search', {
    idempotent: true,
    json: {
      query: { operator: 'AND', value: [{ field: 'contact_ids', operator: '=', value: contactId }, { field: 'created_at', operator: '=', value: createdAt }] },
      pagination: { per_page: 20 },
    },
  });
  for (const conversation of Array.isArray(answer?.conversations) ? answer.conversations : []) {
    const id = String(conversation?.id);
    if (Number(conversation?.created_at) !== createdAt) continue;
    const [owner] = await workspace.query<{ key: string }>(
      `SELECT khoros_key AS key FROM ledger WHERE object_type = 'conversation' AND intercom_id = $1 AND status = 'done' AND khoros_key <> $2 LIMIT 1`, [id, key]);
    if (!owner) return id;
  }
  return undefined;
}

/** The parts of a conversation answer, oldest first. */
export function partsOf(conversation: Obj): Obj[] {
  const list = conversation?.conversation_parts?.conversation_parts;
  return Array.isArray(list) ? list : [];
}

/**
 * The id of the part `payload` wrote after part `previousId` (null: the first part), or
 * undefined when it is not there.
 *
 * @example
 * findPart(conversation, '7001', { message_type: 'note', type: 'admin', admin_id: '7100000', body: '…', created_at: 1673791800, skip_notifications: true });
 */
export function findPart(conversation: Obj, previousId: string | null, payload: ReplyPayload | ManagePayload): string | undefined {
  const parts = partsOf(conversation);
  const at = previousId === null ? -1 : parts.findIndex((p) => String(p.id) === previousId);
  // The previous part fell out of the 500-part window: only the newest part can be the one in doubt.
  const after = previousId !== null && at < 0 ? parts.slice(-1) : parts.slice(at + 1);
  return after.find((part) => matches(part, payload))?.id?.toString();
}

function matches(part: Obj, payload: ReplyPayload | ManagePayload): boolean {
  const author = String(part?.author?.id ?? '');
  const time = (p: { created_at?: number }) => p.created_at === undefined || Number(part.created_at) === p.created_at;
  switch (payload.message_type) {
    case 'comment':
    case 'note':
      if ('intercom_user_id' in payload) return ['comment', 'open'].includes(part.part_type) && author === payload.intercom_user_id && time(payload);
      return part.part_type === payload.message_type && author === payload.admin_id && time(payload);
    case 'close':
      return part.part_type === 'close' && author === payload.admin_id;
    case 'snoozed':
      return part.part_type === 'snoozed' && author === payload.admin_id;
    case 'open':
      return part.part_type === 'open' && author === payload.admin_id;
    case 'assignment':
      return ['assignment', 'assign_and_reopen'].includes(part.part_type) && author === payload.admin_id && String(part?.assigned_to?.id ?? '0') === payload.assignee_id;
  }
}
