/**
 * Plans the conversations: one per staged CRM case and one per Care conversation, each
 * transformed with the confirmed map, one chunk at a time, in two passes. The first drafts
 * the chunk (cheap: no HTML work) with lookups that record which contacts and Care authors
 * it asks for; those are then read for the chunk alone: the authors' customers from the
 * workspace, and the contacts from this plan's own contact rows (a contact the plan creates
 * stands in as `planned:<customer id>`, since the import creates contacts before their
 * conversations). The second pass builds the requests with them.
 *
 * Classified: queued when the transform writes nothing (no contact, an unusable source id);
 * skipped when the ledger has it with the same payload, updated when the payload changed;
 * updated when Intercom already has a conversation carrying its key attribute (not in the
 * ledger: found by `find-existing-conversations.ts`); created otherwise. The detail counts
 * the items kept and skipped, the parts (requests after the create), the files, the
 * transcript notes of folded replies (over 500 parts), and the tags.
 */
import type { Case, Conversation } from '../../simulators/dataset/types.ts';
import { buildChunkLookups } from '../transform/build-chunk-lookups.ts';
import { buildConversation, type TransformedConversation } from '../transform/build-conversation.ts';
import { buildRecordHashes } from '../transform/build-payload-hash.ts';
import type { ConversationDraft } from '../transform/conversation-draft.ts';
import type { Lookups, ResolvedContact } from '../transform/lookups.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import { readLedgerState, type LedgerRecord } from '../transform/read-ledger-state.ts';
import { caseDraft } from '../transform/transform-case.ts';
import { conversationDraft } from '../transform/transform-conversation.ts';
import { findExistingConversations } from './find-existing-conversations.ts';
import { ledgerVerdict } from './ledger-verdict.ts';
import { compactFindings, type PlanContext, type PlannedEntry } from './plan-context.ts';
import type { PlanItem } from './plan-item.ts';
import { probeLookups } from './recording-map.ts';
import { stagedChunks } from './staged-chunks.ts';

/** Ledger object type of conversations. */
export const CONVERSATION_LEDGER_TYPES = ['conversation'] as const;

/** Prefix of the contact id that stands for a contact the plan creates. */
export const PLANNED_CONTACT = 'planned:';

type Family = 'cases' | 'conversations';

/**
 * Plans every staged case, then every Care conversation.
 *
 * @example
 * await planConversations(context);
 */
export async function planConversations(context: PlanContext): Promise<void> {
  for (const family of ['cases', 'conversations'] as const) await planFamily(context, family);
}

async function planFamily(context: PlanContext, family: Family): Promise<void> {
  const { workspace, mapping } = context;
  const draftOf = (payload: unknown, lookups: Lookups): ConversationDraft => (family === 'cases'
    ? caseDraft(payload as Case, { mapping, lookups, now: context.now })
    : conversationDraft(payload as Conversation, { mapping, lookups, now: context.now }));
  const attribute = keyAttribute(context, family);

  for await (const chunk of stagedChunks(workspace, family, context.chunkSize)) {
    const keys = chunk.map((r) => r.key);
    // Pass 1: which customers and authors the chunk refers to.
    const { probe, askedContacts, askedAuthors } = probeLookups(context.lookups);
    const drafts = chunk.map(({ payload }) => {
      const draft = draftOf(payload, probe);
      if (draft.customerId !== null) askedContacts.add(draft.customerId);
      return draft;
    });
    const authors = await readAuthorLookups(workspace, { authorIds: [...askedAuthors] });
    for (const customer of authors.customerByAuthor.values()) askedContacts.add(customer);
    const contacts = await plannedContacts(context, [...askedContacts]);
    const lookups = buildChunkLookups(context.lookups, { contactByCustomer: contacts, customerByAuthor: authors.customerByAuthor });

    // Pass 2: the requests, classified.
    const written = context.ledger ? await readLedgerState(workspace, CONVERSATION_LEDGER_TYPES, keys) : new Map<string, LedgerRecord>();
    const existing = attribute ? await findExistingConversations(context.intercom, attribute.name, chunk.map((r) => attribute.value(r.key, r.payload))) : new Map<string, string>();
    const entries: PlannedEntry[] = chunk.map(({ key, payload }, i) => {
      // A case's draft reads no contact or author table: the first pass's stands. A Care
      // conversation's contact may be one the chunk's tables resolve only now.
      const draft = family === 'cases' ? drafts[i] : draftOf(payload, lookups);
      const result = buildConversation(draft, { mapping, lookups, now: context.now });
      const found = attribute ? existing.get(attribute.value(key, payload)) : undefined;
      const attachments = result.parts.reduce((n, p) => n + p.attachmentIds.length, 0);
      return {
        item: classifyConversation(family, key, draft, result, { written: written.get(key), existing: found, attribute: attribute?.name }),
        findings: result.findings,
        quarantined: result.quarantined.length,
        parts: result.conversation ? result.parts.length : 0,
        attachments: result.conversation ? attachments : 0,
      };
    });
    await context.record(entries);
  }
}

/** What a conversation is classified against. */
export interface ConversationFacts {
  written?: LedgerRecord;
  /** The Intercom conversation found by its key attribute. */
  existing?: string;
  attribute?: string;
}

/**
 * Classifies one built conversation. Pure.
 *
 * @example
 * classifyConversation('cases', '00004711', draft, result, {}).action; // 'create'
 */
export function classifyConversation(family: Family, key: string, draft: ConversationDraft, result: TransformedConversation, facts: ConversationFacts): PlanItem {
  const base = { objectType: 'conversation', family, khorosKey: key };
  const contactId = result.conversation?.from.id ?? null;
  const planned = contactId?.startsWith(PLANNED_CONTACT) ?? false;
  const attachments = result.parts.reduce((n, p) => n + p.attachmentIds.length, 0);
  const roles: Record<string, number> = {};
  for (const p of result.parts) roles[p.role] = (roles[p.role] ?? 0) + 1;
  const detail: Record<string, unknown> = {
    customerId: draft.customerId,
    opening: result.conversation ? (result.openingSourceId ?? 'synthetic') : null,
    ...(contactId ? { contactId: planned ? null : contactId, contactPlanned: planned } : {}),
    items: draft.items.length,
    skippedItems: draft.skippedItems.length,
    parts: result.parts.length,
    partRoles: roles,
    attachments,
    transcriptNotes: result.parts.filter((p) => p.role === 'transcript').length,
    foldedItems: result.parts.filter((p) => p.role === 'transcript').reduce((n, p) => n + p.sourceIds.length, 0),
    tags: result.tags.map((t) => t.name),
    findings: compactFindings(result.findings),
    ...(result.quarantined.length ? { quarantined: result.quarantined.map((q) => ({ field: q.field, reason: q.reason })) } : {}),
    ...(result.queue ? { queue: result.queue } : {}),
  };
  if (!result.conversation) {
    return { ...base, action: 'queue', intercomId: null, reason: result.queue?.rule ?? 'not-written', detail: { note: result.queue?.reason ?? 'not written', ...detail } };
  }
  // The payload holds the contact's id: while that contact is only planned, its hash is not the import's.
  const hashes = planned ? null : buildRecordHashes(result);
  if (hashes) detail.payloadHash = hashes.result;
  const verdict = hashes ? ledgerVerdict(facts.written, hashes) : facts.written?.intercomId ? 'changed' : null;
  if (verdict === 'same') {
    return { ...base, action: 'skip', intercomId: facts.written!.intercomId, reason: 'already-migrated', detail: { note: `written by run ${facts.written!.runId ?? '?'} with the same payload`, ...detail } };
  }
  if (verdict === 'changed') {
    return { ...base, action: 'update', intercomId: facts.written!.intercomId, reason: 'payload-changed', detail: { note: `written by run ${facts.written!.runId ?? '?'}; the payload changed since`, ...detail } };
  }
  if (facts.existing) {
    return { ...base, action: 'update', intercomId: facts.existing, reason: 'exists-in-intercom',
      detail: { note: `Intercom has conversation ${facts.existing} with ${facts.attribute} = ${JSON.stringify(key)}, which the ledger does not list: import updates it rather than create a duplicate`, ...detail } };
  }
  return { ...base, action: 'create', intercomId: null, reason: 'new', detail: { note: `${result.parts.length} parts after the opening message`, ...detail } };
}

/** This plan's contacts for `customerIds` (created, updated or skipped ones; a queued one, the Intercom contact it already has, if any). */
async function plannedContacts(context: PlanContext, customerIds: string[]): Promise<Map<string, ResolvedContact>> {
  const out = new Map<string, ResolvedContact>();
  if (customerIds.length === 0) return out;
  const rows = await context.workspace.query<{ key: string; action: string; intercom_id: string | null; role: string | null }>(
    `SELECT khoros_key AS key, action, intercom_id, detail->>'role' AS role FROM plans
     WHERE plan_id = $1 AND object_type = 'contact' AND family = 'customers'
       AND khoros_key IN (SELECT unnest(from_json($2::JSON, '["VARCHAR"]')))`,
    [context.planId, JSON.stringify(customerIds)]);
  for (const row of rows) {
    if (row.action === 'queue') continue;
    out.set(row.key, { id: row.intercom_id ?? `${PLANNED_CONTACT}${row.key}`, role: row.role === 'lead' ? 'lead' : 'user' });
  }
  // A customer the plan queues keeps the Intercom contact it already has, if any.
  for (const [key, match] of await context.contacts.matchesOf(customerIds.filter((id) => !out.has(id)))) out.set(key, { id: match.contact.id, role: match.contact.role });
  return out;
}

/** The attribute that keys this family's conversations in Intercom, when Intercom has it. */
function keyAttribute(context: PlanContext, family: Family): { name: string; value: (key: string, payload: unknown) => string } | null {
  const live = (name: string | undefined) => name !== undefined && context.state.conversationAttributes.some((a) => !a.archived && a.name === name);
  if (family === 'cases') {
    const name = context.mapping?.policies?.caseIdAttribute;
    return live(name) ? { name: name!, value: (key) => key } : null;
  }
  const row = (context.mapping?.objects?.conversations?.fields ?? []).find((r) => r?.source === 'lswUuid' && r.target && 'attribute' in r.target);
  const name = row && 'attribute' in row.target ? row.target.attribute : undefined;
  return live(name) ? { name: name!, value: (key) => key } : null;
}
