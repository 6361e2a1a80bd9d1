/**
 * What a draft's evaluated fields say about the end of the conversation: its final state
 * and its assignee, and so how many management parts (`POST /conversations/{id}/parts`)
 * follow the replies.
 */
import type { ConversationDraft } from './conversation-draft.ts';

/** Final state and assignee of a conversation. */
export interface ConversationOutcome {
  /** From the `state` row; null when the map has none (the conversation stays open). */
  state: 'open' | 'closed' | 'snoozed' | null;
  /** The assignee's email or admin id from the `admin_assignee_id` row; null: none. */
  assignee: string | null;
  /** Management parts: an assignment, then a close or a snooze (a snooze needs `now`). */
  managementParts: number;
}

/**
 * The outcome of `draft`; `now` (Unix seconds) is needed to snooze.
 *
 * @example
 * conversationOutcome(draft, undefined); // { state: 'closed', assignee: 'gerald@x.example', managementParts: 2 }
 */
export function conversationOutcome(draft: ConversationDraft, now: number | undefined): ConversationOutcome {
  const standard = (name: string) => draft.fields.find((f) => f.target === 'standard' && f.name === name && f.status === 'value')?.value;
  const state = standard('state');
  const assignee = standard('admin_assignee_id');
  const finalState = state === 'open' || state === 'closed' || state === 'snoozed' ? state : null;
  const assigneeText = typeof assignee === 'string' || typeof assignee === 'number' ? String(assignee) : null;
  const managementParts = (assigneeText ? 1 : 0) + (finalState === 'closed' || (finalState === 'snoozed' && now !== undefined) ? 1 : 0);
  return { state: finalState, assignee: assigneeText, managementParts };
}
