/**
 * Transforms a staged Care conversation (`GET /api/v2/conversations/{id}`, with its
 * messages and agent notes) into the Intercom requests of one conversation, like
 * `transformCase` does for CRM cases. Messages and notes are put in order by time (the
 * map's `parts.orderBy`, `receiveDate`, for messages; `createDate` for notes), then by
 * `parts.tieBreak`, then stored position. `parts.kinds` is read for `public` / `private`
 * (by the message's `isPrivate`) when the map lists them, else `message`; and `note` for
 * the conversation's agent notes. Tag rows on `tags` name Care tags by `careTagNames`.
 *
 * Decisions: a brand-owned message is the agent's (Care posts as the brand account, so
 * the agent is the message author's `email` when present, else the conversation's
 * assigned agent, else the fallback admin); other messages are the contact's, who is the
 * customer of the `from` row's person (the proposal maps `participants` item 0), else of
 * the first non-brand author or participant, through `lookups.customerByAuthor`. The contact's text is `text` (plain) when present, the
 * agent's `postContent` (HTML). Nothing is written to `policies.caseIdAttribute` (it holds
 * case ids): the map's own row keys Care conversations (the proposal's
 * `lswUuid → {prefix}conversation_id`).
 */
import type { Conversation, Message } from '../../simulators/dataset/types.ts';
import type { PartsMap } from '../mapping/mapping.ts';
import { buildConversation, type TransformedConversation } from './build-conversation.ts';
import type { ConversationDraft, DraftItem } from './conversation-draft.ts';
import { evaluateFields } from './evaluate-fields.ts';
import { orderItems } from './order-items.ts';
import { partKind } from './part-kind.ts';
import { readPath } from './read-path.ts';
import { tagName } from './tag-name.ts';
import type { TransformContext } from './transform-context.ts';
import { unixSeconds } from './unix-seconds.ts';

/**
 * The conversation requests for a Care conversation. Pure; never throws on odd data.
 *
 * @example
 * const result = transformConversation(staged.payload as Conversation, { mapping, lookups });
 * result.update?.custom_attributes?.khoros_conversation_id; // '59faeb50-c86d-43c1-aae9-17b1ab0a5c29' (with the proposal's lswUuid row)
 */
export function transformConversation(conversation: Conversation, context: TransformContext): TransformedConversation {
  return buildConversation(conversationDraft(conversation, context), context);
}

/**
 * The draft of a Care conversation (exported for the preflight report and the specs).
 *
 * @example
 * conversationDraft(conversation, context).customerId; // 'C0000001'
 */
export function conversationDraft(conversation: Conversation, context: TransformContext): ConversationDraft {
  const { mapping, lookups } = context;
  const map = mapping?.objects?.conversations;
  const parts = map?.parts;
  const orderBy = parts?.orderBy || 'receiveDate';
  const tieBreak = parts?.tieBreak || 'lswUuid';
  const id = String(conversation?.lswUuid ?? '');
  const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const messages = (Array.isArray(conversation?.messages) ? conversation.messages : []).filter(isObject) as Message[];
  const notes = (Array.isArray(conversation?.notes) ? conversation.notes : []).filter(isObject);
  const assignedEmail = isObject(conversation?.assignedToAgent) && typeof conversation.assignedToAgent.email === 'string' ? conversation.assignedToAgent.email : null;

  type Entry = { time: unknown; tie: unknown; build: (sourceId: string) => DraftItem | 'skip'; id: string; kind: string };
  const entries: Entry[] = [
    ...messages.map((m, index): Entry => ({
      time: readPath(m, orderBy), tie: readPath(m, tieBreak), kind: messageKind(m, parts),
      id: typeof m.lswUuid === 'string' ? m.lswUuid : typeof m.id === 'string' ? m.id : `${id}#message${index}`,
      build: (sourceId) => {
        const author: Record<string, any> = isObject(m.author) ? m.author : {};
        const brand = author.brandOwned === true;
        const kind = partKind(parts, messageKind(m, parts));
        if (kind === 'skip') return 'skip';
        const html = typeof m.postContent === 'string' ? m.postContent : undefined;
        const text = typeof m.text === 'string' ? m.text : undefined;
        const email = typeof author.email === 'string' ? author.email : brand ? assignedEmail : null;
        return {
          sourceId,
          at: unixSeconds(m.receiveDate ?? m.publishDate),
          author: brand ? 'admin' : 'contact',
          kind: kind === 'comment' ? 'comment' : 'note',
          agentEmail: email ? email.trim().toLowerCase() : null,
          authorName: typeof author.name === 'string' ? author.name : null,
          body: (brand ? html ?? text : text ?? html) ?? '',
          attachments: (Array.isArray(m.media) ? m.media : []).filter(isObject)
            .map((a, k) => ({ id: String(a.id ?? `${sourceId}#file${k}`), name: String(a.fileName ?? ''), contentType: String(a.contentType ?? '') })),
        };
      },
    })),
    ...notes.map((n, index): Entry => ({
      time: n.createDate, tie: `~note${String(index).padStart(6, '0')}`, kind: 'note', id: `${id}/note/${index}`,
      build: (sourceId) => {
        const kind = partKind(parts, 'note');
        if (kind === 'skip') return 'skip';
        const agent: Record<string, any> = isObject(n.agent) ? n.agent : {};
        return {
          sourceId,
          at: unixSeconds(n.createDate),
          author: 'admin',
          kind: kind === 'comment' ? 'comment' : 'note',
          agentEmail: typeof agent.email === 'string' ? agent.email.trim().toLowerCase() : null,
          authorName: typeof agent.name === 'string' ? agent.name : null,
          body: typeof n.note === 'string' ? n.note : '',
          attachments: [],
        };
      },
    })),
  ];

  const items: DraftItem[] = [];
  const skippedItems: string[] = [];
  const unmappedKinds: string[] = [];
  for (const entry of orderItems(entries, 'time', 'tie')) {
    const item = entry.build(entry.id);
    if (item === 'skip') {
      skippedItems.push(entry.id);
      continue;
    }
    if (partKind(parts, entry.kind) === 'unmapped') unmappedKinds.push(entry.id);
    items.push(item);
  }

  // Care tags are `{tagId}` objects: tag rows on `tags` name them through `lookups.careTagNames`.
  const tagRows = (map?.fields ?? []).filter((row) => row?.source === 'tags' && row.target && 'tag' in row.target);
  const tags: string[] = [];
  const unresolvedNames: string[] = [];
  for (const tag of Array.isArray(conversation?.tags) ? conversation.tags : []) {
    if (!isObject(tag) || (typeof tag.tagId !== 'number' && typeof tag.tagId !== 'string')) continue;
    const name = lookups.careTagNames.get(String(tag.tagId));
    if (name === undefined) {
      if (tagRows.length) unresolvedNames.push(`Care tag ${String(tag.tagId)}`);
      continue;
    }
    for (const row of tagRows) tags.push(tagName((row.target as { tag: string }).tag, { name, value: name, id: String(tag.tagId) }));
  }
  const fields = evaluateFields(conversation, (map?.fields ?? []).filter((row) => !tagRows.includes(row)), 'conversation');

  // The contact: the `from` row (a Care person, or a customer id), else the first non-brand author or participant.
  const from = fields.find((f) => f.target === 'standard' && f.name === 'from' && f.status === 'value')?.value;
  const people = [
    ...(typeof from === 'string' ? [from] : []),
    ...messages.filter((m) => isObject(m.author) && m.author.brandOwned !== true).map((m) => m.author.personId ?? m.author.lswUuid),
    ...(Array.isArray(conversation?.participants) ? conversation.participants : []),
  ].filter((p): p is string => typeof p === 'string');
  const customerId = people.map((p) => lookups.customerByAuthor.get(p) ?? (lookups.contactByCustomer.has(p) ? p : undefined))
    .find((c): c is string => typeof c === 'string') ?? null;
  const number = conversation?.displayNumber;
  const network = isObject(conversation?.channel) && typeof conversation.channel.network === 'string' ? conversation.channel.network : null;
  return {
    source: { family: 'conversations', id },
    customerId,
    createdAt: unixSeconds(conversation?.createDate),
    openingText: `Khoros Care conversation ${number ?? id}${network ? ` (${network})` : ''}`,
    items,
    fields,
    tags: tags.filter(Boolean),
    brandId: null,
    sourceKey: null,
    unresolvedNames,
    skippedItems,
    unmappedKinds,
  };
}

/**
 * The kind of a Care message for `parts.kinds`: `private` or `public` (by `isPrivate`) when
 * the map lists that key, else `message`.
 */
function messageKind(message: Message, parts: PartsMap | undefined): string {
  const key = message.isPrivate === true ? 'private' : 'public';
  return parts?.kinds && typeof parts.kinds === 'object' && Object.hasOwn(parts.kinds, key) ? key : 'message';
}
