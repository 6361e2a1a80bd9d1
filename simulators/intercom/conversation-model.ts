/**
 * Conversations as the simulator stores them: Intercom's 2.16 `conversation` shape with every
 * part (oldest first) under `conversation_parts`. These functions build conversations and
 * parts, look up the people who write them, and keep the derived fields (state, waiting_since,
 * teammates, statistics, updated_at) in step with the parts.
 */
import { IntercomError, type SimState } from './context.ts';
import { isConversationLost } from './conversation-store.ts';

type Obj = Record<string, any>;

/** Who wrote a part, as Intercom shows it (`conversation_part_author`). */
export interface PartAuthor {
  type: string;
  id: string;
  name: string | null;
  email?: string;
}

/**
 * The stored conversation (404 when absent or lost by a hook), with an elapsed snooze turned
 * back into `open` (Intercom reopens it then).
 *
 * @example
 * const conversation = findConversation(state, req.params.id); // throws 404 "Resource Not Found"
 */
export function findConversation(state: SimState, id: string): Obj {
  const conversation = isConversationLost(state, id) ? undefined : state.conversations.get(String(id));
  if (!conversation) throw new IntercomError(404, 'not_found', 'Resource Not Found');
  if (conversation.state === 'snoozed' && conversation.snoozed_until && state.now() >= conversation.snoozed_until) {
    Object.assign(conversation, { state: 'open', open: true, snoozed_until: null });
  }
  return conversation;
}

/**
 * An admin as a part author; unknown admins answer 404 like Intercom.
 *
 * @example
 * adminAuthor(state, '991267708'); // { type: 'admin', id, name, email }
 */
export function adminAuthor(state: SimState, id: unknown): PartAuthor {
  const admin = id === undefined || id === null ? undefined : state.admins.get(String(id));
  if (!admin) throw new IntercomError(404, 'not_found', 'Resource Not Found', 'admin_id');
  return { type: 'admin', id: String(admin.id), name: admin.name ?? null, ...(admin.email ? { email: admin.email } : {}) };
}

/**
 * A contact as a part author (`type` is its role, `user` or `lead`).
 *
 * @example
 * contactAuthor(contact); // { type: 'user', id: '6762f1571bb69f9f2193bbbb', name: 'Joe', email: 'joe@x.test' }
 */
export function contactAuthor(contact: Obj): PartAuthor {
  return {
    type: contact.role === 'lead' ? 'lead' : 'user',
    id: String(contact.id),
    name: contact.name ?? null,
    ...(contact.email ? { email: contact.email } : {}),
  };
}

/**
 * The Operator bot ("Fin") that authors system parts such as
 * `conversation_attribute_updated_by_admin` (as the 2.16 `PUT /conversations/{id}` example shows).
 *
 * @example
 * operatorAuthor(state); // { type: 'bot', id: '0', name: 'Fin', email: 'operator+simws001@intercom.io' }
 */
export function operatorAuthor(state: SimState): PartAuthor {
  return { type: 'bot', id: '0', name: 'Fin', email: `operator+${state.workspaceId}@intercom.io` };
}

/**
 * Builds a contact-initiated conversation (not yet stored).
 *
 * @example
 * const conversation = newConversation(state, { contact, body: '<p>Hi</p>', createdAt: 1671028894, attachments: [] });
 */
export function newConversation(
  state: SimState,
  input: { contact: Obj; body: string; subject?: string; createdAt: number; attachments: Obj[] },
): Obj {
  const { contact, createdAt } = input;
  const author = contactAuthor(contact);
  return {
    type: 'conversation',
    id: state.nextId('conversation'),
    title: null,
    created_at: createdAt,
    updated_at: createdAt,
    waiting_since: createdAt,
    snoozed_until: null,
    open: true,
    state: 'open',
    read: false,
    priority: 'none',
    admin_assignee_id: 0,
    team_assignee_id: 0,
    tags: { type: 'tag.list', tags: [] },
    conversation_rating: null,
    source: {
      type: 'conversation',
      id: state.nextId('other'),
      delivered_as: 'customer_initiated',
      subject: input.subject ?? '',
      body: input.body,
      author: { ...author, email: contact.email ?? null },
      attachments: input.attachments,
      url: null,
      redacted: false,
    },
    contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: String(contact.id), external_id: contact.external_id ?? null }] },
    teammates: null,
    custom_attributes: {},
    first_contact_reply: { created_at: createdAt, type: 'conversation', url: null },
    sla_applied: null,
    statistics: {
      type: 'conversation_statistics',
      first_contact_reply_at: createdAt,
      last_contact_reply_at: createdAt,
      count_reopens: 0,
      count_assignments: 0,
      count_conversation_parts: 0,
    },
    topics: {},
    ticket: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent: null,
    ai_agent_participated: false,
    conversation_parts: { type: 'conversation_part.list', conversation_parts: [], total_count: 0 },
  };
}

/** What a new part carries before {@link appendPart} stamps the rest. */
export interface PartInput {
  partType: string;
  author: PartAuthor;
  createdAt: number;
  body?: string | null;
  attachments?: Obj[];
  assignedTo?: { type: string; id: string | null } | null;
  metadata?: Obj;
  eventDetails?: Obj | null;
}

/**
 * Appends a part (always at the end: Intercom stores what it is sent, in arrival order, even
 * when `created_at` is earlier than the last part's) and updates the derived fields.
 *
 * @example
 * appendPart(state, conversation, { partType: 'comment', author, createdAt: state.now(), body: '<p>Hi</p>' });
 */
export function appendPart(state: SimState, conversation: Obj, input: PartInput): Obj {
  const part = {
    type: 'conversation_part',
    id: state.nextId('part'),
    part_type: input.partType,
    body: input.body ?? null,
    created_at: input.createdAt,
    updated_at: input.createdAt,
    notified_at: input.createdAt,
    assigned_to: input.assignedTo ?? null,
    author: input.author,
    attachments: input.attachments ?? [],
    external_id: null,
    redacted: false,
    metadata: input.metadata ?? {},
    email_message_metadata: null,
    state: conversation.state,
    tags: [],
    event_details: input.eventDetails ?? null,
    app_package_code: null,
  };
  const list = conversation.conversation_parts;
  list.conversation_parts.push(part);
  list.total_count = list.conversation_parts.length;
  conversation.updated_at = Math.max(conversation.updated_at ?? 0, input.createdAt);
  track(conversation, part);
  return part;
}

/** Keeps teammates, waiting_since and statistics in step with a new part. */
function track(conversation: Obj, part: Obj): void {
  const stats = conversation.statistics;
  const at = part.created_at as number;
  stats.count_conversation_parts = conversation.conversation_parts.total_count;
  if (part.author.type === 'admin') {
    const teammates = conversation.teammates ?? { type: 'admin.list', teammates: [] };
    if (!teammates.teammates.some((t: Obj) => t.id === part.author.id)) teammates.teammates.push({ type: 'admin', id: part.author.id });
    conversation.teammates = teammates;
  }
  if (part.author.type !== 'admin' && part.author.type !== 'bot') {
    conversation.waiting_since ??= at;
    stats.first_contact_reply_at ??= at;
    stats.last_contact_reply_at = at;
    conversation.first_contact_reply ??= { created_at: at, type: 'conversation', url: null };
  } else if (part.part_type === 'comment' || part.part_type === 'quick_reply') {
    conversation.waiting_since = null;
    if (stats.first_admin_reply_at === undefined) {
      stats.first_admin_reply_at = at;
      stats.time_to_admin_reply = Math.max(0, at - conversation.created_at);
    }
    stats.last_admin_reply_at = at;
  }
  if (part.part_type === 'close') {
    conversation.waiting_since = null;
    if (stats.first_close_at === undefined) {
      stats.first_close_at = at;
      stats.time_to_first_close = Math.max(0, at - conversation.created_at);
    }
    stats.last_close_at = at;
    stats.time_to_last_close = Math.max(0, at - conversation.created_at);
    stats.last_closed_by_id = part.author.id;
  }
  if (part.part_type === 'assignment' || part.part_type === 'assign_and_reopen') {
    stats.count_assignments += 1;
    if (stats.first_assignment_at === undefined) {
      stats.first_assignment_at = at;
      stats.time_to_assignment = Math.max(0, at - conversation.created_at);
    }
    stats.last_assignment_at = at;
  }
}

/**
 * Reopens a closed or snoozed conversation (a contact reply, an `open` part, an assignment).
 *
 * @example
 * const wasClosed = reopen(conversation); // true when it was closed or snoozed
 */
export function reopen(conversation: Obj): boolean {
  if (conversation.state === 'open') return false;
  Object.assign(conversation, { state: 'open', open: true, snoozed_until: null });
  conversation.statistics.count_reopens += 1;
  return true;
}
