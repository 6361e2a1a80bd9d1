/**
 * What the API answers for a stored conversation, per request: tags with their current names,
 * the 500 most recent parts
 * (`total_count` stays the full count, as the 2.16 description's "Hard limit of 500 parts"
 * says), `display_as=plaintext`, and the shapes of older `Intercom-Version`s (≤2.15:
 * unassigned `admin_assignee_id`/`team_assignee_id` are `null`, `priority` is
 * `priority`/`not_priority`).
 */
import { compareVersions } from './api-version.ts';
import type { SimRequest, SimResponse, SimState } from './context.ts';
import { cursorPage } from './cursor-page.ts';
import { applyConversationHooks } from './conversation-store.ts';
import { htmlToPlaintext } from './html-rules.ts';

type Obj = Record<string, any>;

/** Most parts a conversation read returns. */
export const MAX_PARTS_SHOWN = 500;

/**
 * The full conversation as `GET /conversations/{id}` (and reply, parts, update) answer it.
 *
 * @example
 * return { status: 200, body: conversationResponse(state, conversation, req) };
 */
export function conversationResponse(state: SimState, conversation: Obj, req: SimRequest): Obj {
  return adapt(state, applyConversationHooks(state, conversation, MAX_PARTS_SHOWN), req);
}

/**
 * A conversation as list and search answer it (`conversation_list_item`: no parts).
 *
 * @example
 * conversations.map((c) => conversationListItem(state, c, req));
 */
export function conversationListItem(state: SimState, conversation: Obj, req: SimRequest): Obj {
  const { conversation_parts: _parts, ...rest } = conversation;
  return adapt(state, applyConversationHooks(state, rest), req);
}

/**
 * One page of conversations as list and search answer it (`conversation.list`), 20 per page
 * by default and at most 150, cursor in `pages.next` until the last page.
 *
 * @example
 * return conversationListPage(state, found, req, { perPage: 20, startingAfter: undefined });
 */
export function conversationListPage(
  state: SimState,
  conversations: Obj[],
  req: SimRequest,
  paging: { perPage: unknown; startingAfter: unknown },
): SimResponse {
  const page = cursorPage(conversations, { perPage: paging.perPage, startingAfter: paging.startingAfter, defaultPerPage: 20, maxPerPage: 150 });
  return {
    status: 200,
    body: {
      type: 'conversation.list',
      conversations: page.data.map((c) => conversationListItem(state, c, req)),
      total_count: page.total_count,
      pages: page.pages,
    },
  };
}

function adapt(state: SimState, conversation: Obj, req: SimRequest): Obj {
  // Tags show their current name; a tag deleted from the workspace is gone from the conversation.
  const tags = conversation.tags?.tags;
  if (Array.isArray(tags)) {
    conversation.tags.tags = tags.filter((t: Obj) => state.tags.has(t.id)).map((t: Obj) => ({ ...t, name: state.tags.get(t.id)!.name }));
  }
  if (compareVersions(req.version, '2.16') < 0) {
    if (conversation.admin_assignee_id === 0) conversation.admin_assignee_id = null;
    if (conversation.team_assignee_id === 0) conversation.team_assignee_id = null;
    conversation.priority = conversation.priority === 'none' ? 'not_priority' : 'priority';
  }
  if (req.query.get('display_as') === 'plaintext') {
    const source = conversation.source;
    if (source) {
      source.body = htmlToPlaintext(source.body ?? '');
      source.subject = htmlToPlaintext(source.subject ?? '');
    }
    for (const part of conversation.conversation_parts?.conversation_parts ?? []) {
      if (typeof part.body === 'string') part.body = htmlToPlaintext(part.body);
    }
  }
  return conversation;
}
