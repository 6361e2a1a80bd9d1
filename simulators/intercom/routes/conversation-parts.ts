/**
 * Replies and state changes (2.16): `POST /conversations/{id}/reply` and
 * `POST /conversations/{id}/parts`. Both answer the whole conversation.
 *
 * Reply as a contact (`type: "user"`, `message_type: "comment"`, identified by exactly one of
 * `intercom_user_id`, `user_id` — the external id — or `email`) or as an admin (`type:
 * "admin"`, `admin_id`, `message_type` comment | note | quick_reply). `created_at` is honoured
 * from 2.11 on; the part is appended after the existing ones whatever its time (Intercom stores
 * what it is sent; ordering is the caller's job). `attachment_files` and `attachment_urls` (at
 * most 10 each) become re-hosted `part_attachment`s. The id `last` addresses the contact's most
 * recent conversation (contact replies only). A contact reply to a closed or snoozed
 * conversation reopens it and its part is of type `open` (as the documented "User reply"
 * example shows).
 *
 * Parts: close, snoozed (`snoozed_until` must be in the future), open, assignment (admin or
 * team; `assignee_id` "0" unassigns; assigning a closed conversation reopens it, part type
 * `assign_and_reopen`). None of them takes a time: they are stamped with the current time.
 * Unknown admins, teams or contacts answer 404.
 */
import { versionAtLeast } from '../api-version.ts';
import { fetchAttachmentUrls, storeAttachmentFiles } from '../attachments.ts';
import { fields, type FieldReader } from '../body-fields.ts';
import { contactsByKeys } from '../contact-keys.ts';
import { findContact } from '../contact-store.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimState } from '../context.ts';
import { adminAuthor, appendPart, contactAuthor, findConversation, reopen, type PartInput } from '../conversation-model.ts';
import { isConversationLost, saveConversation } from '../conversation-store.ts';
import { conversationResponse } from '../conversation-view.ts';
import { normalizeBody } from '../html-rules.ts';
import { withBodySchema } from '../openapi-validator.ts';

type Obj = Record<string, any>;

function replyingContact(state: SimState, f: FieldReader): Obj {
  const intercomId = f.id('intercom_user_id');
  const externalId = f.id('user_id');
  const email = f.string('email');
  if ([intercomId, externalId, email].filter((v) => v !== undefined).length > 1) {
    throw new IntercomError(400, 'parameter_invalid', 'Send only one of intercom_user_id, user_id or email', 'intercom_user_id');
  }
  let found: Obj[] = [];
  if (intercomId !== undefined) found = [findContact(state, intercomId)].filter((c): c is Obj => !!c);
  else if (externalId !== undefined) found = contactsByKeys(state, { externalId }).filter((c) => c.external_id === externalId);
  else if (email !== undefined) found = contactsByKeys(state, { email }).filter((c) => String(c.email ?? '').toLowerCase() === email.toLowerCase());
  else throw new IntercomError(400, 'parameter_not_found', 'intercom_user_id, user_id or email is required', 'intercom_user_id');
  found = found.filter((c) => findContact(state, c.id));
  if (found.length > 1) {
    throw new IntercomError(409, 'conflict', 'Multiple existing users match this email address - must be more specific using user_id');
  }
  if (found.length === 0) throw new IntercomError(404, 'not_found', 'User Not Found');
  return found[0];
}

function lastConversationOf(state: SimState, contactId: string): Obj {
  let last: Obj | undefined;
  for (const c of state.conversations.values()) {
    if (isConversationLost(state, c.id) || !c.contacts.contacts.some((r: Obj) => r.id === contactId)) continue;
    if (!last || c.created_at >= last.created_at) last = c;
  }
  if (!last) throw new IntercomError(404, 'not_found', 'Resource Not Found');
  return findConversation(state, last.id);
}

async function reply(state: SimState, req: SimRequest) {
  const f = fields(req.body);
  const type = f.oneOf('type', ['admin', 'user'], true);
  const createdAt = f.integer('created_at');
  f.boolean('skip_notifications');
  const at = createdAt !== undefined && versionAtLeast(req.version, '2.11') ? createdAt : state.now();
  let conversation: Obj;
  let input: PartInput;
  if (type === 'admin') {
    const messageType = f.oneOf('message_type', ['comment', 'note', 'quick_reply'], true)!;
    const author = adminAuthor(state, f.id('admin_id', true));
    if (messageType !== 'quick_reply') f.string('body', true);
    const options = messageType === 'quick_reply' ? f.required('reply_options') : undefined;
    if (options !== undefined && !Array.isArray(options)) throw new IntercomError(400, 'parameter_invalid', 'reply_options must be an array', 'reply_options');
    conversation = findConversation(state, req.params.conversation_id);
    input = { partType: messageType, author, createdAt: at, metadata: options ? { quick_reply_options: options } : {} };
  } else {
    f.oneOf('message_type', ['comment'], true);
    f.string('body', true);
    const contact = replyingContact(state, f);
    const id = req.params.conversation_id;
    conversation = id === 'last' ? lastConversationOf(state, String(contact.id)) : findConversation(state, id);
    input = { partType: conversation.state === 'open' ? 'comment' : 'open', author: contactAuthor(contact), createdAt: at };
  }
  const body = f.string('body');
  const attachments = [...storeAttachmentFiles(state, f.body.attachment_files), ...(await fetchAttachmentUrls(state, f.body.attachment_urls))];
  if (input.partType === 'open') reopen(conversation);
  appendPart(state, conversation, { ...input, body: body ? normalizeBody(body, 'message') : null, attachments });
  saveConversation(state, conversation.id, conversation);
  return { status: 200, body: conversationResponse(state, conversation, req) };
}

function manage(state: SimState, req: SimRequest) {
  const f = fields(req.body);
  const messageType = f.oneOf('message_type', ['close', 'snoozed', 'open', 'assignment'], true);
  const author = adminAuthor(state, f.id('admin_id', true));
  const conversation = findConversation(state, req.params.conversation_id);
  const now = state.now();
  const text = f.string('body');
  const body = text ? normalizeBody(text, 'message') : null;
  let input: PartInput;
  if (messageType === 'close') {
    f.oneOf('type', ['admin'], true);
    Object.assign(conversation, { state: 'closed', open: false, snoozed_until: null });
    input = { partType: 'close', author, createdAt: now, body };
  } else if (messageType === 'snoozed') {
    const until = f.integer('snoozed_until', true)!;
    if (until <= now) throw new IntercomError(400, 'parameter_invalid', 'snoozed_until must be in the future', 'snoozed_until');
    Object.assign(conversation, { state: 'snoozed', open: true, snoozed_until: until });
    input = { partType: 'snoozed', author, createdAt: now };
  } else if (messageType === 'open') {
    reopen(conversation);
    input = { partType: 'open', author, createdAt: now };
  } else {
    const kind = f.oneOf('type', ['admin', 'team'], true)!;
    const assignee = f.id('assignee_id', true)!;
    if (assignee !== '0' && !(kind === 'admin' ? state.admins : state.teams).has(assignee)) {
      throw new IntercomError(404, 'not_found', 'Resource Not Found', 'assignee_id');
    }
    conversation[kind === 'admin' ? 'admin_assignee_id' : 'team_assignee_id'] = Number(assignee);
    const reopened = reopen(conversation);
    input = {
      partType: reopened ? 'assign_and_reopen' : 'assignment',
      author,
      createdAt: now,
      body,
      assignedTo: assignee === '0' ? { type: 'nobody_admin', id: null } : { type: kind, id: assignee },
    };
  }
  appendPart(state, conversation, input);
  conversation.updated_at = Math.max(conversation.updated_at, now);
  saveConversation(state, conversation.id, conversation);
  return { status: 200, body: conversationResponse(state, conversation, req) };
}

/** Reply and manage routes. */
export const conversationPartRoutes: RouteModule = (state) => [
  withBodySchema('replyConversation', {
    method: 'POST', path: '/conversations/:conversation_id/reply', write: true,
    handler: (req) => reply(state, req),
  }),
  withBodySchema('manageConversation', {
    method: 'POST', path: '/conversations/:conversation_id/parts', write: true,
    handler: (req) => manage(state, req),
  }),
];
