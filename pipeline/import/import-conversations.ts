/**
 * Imports the conversations: each staged CRM case, then each Care conversation (chunks by
 * key), transformed with the confirmed map, written step by step under the ledger, each
 * step a row of its own so a restarted run resumes at the first step not done:
 *
 * 1. `POST /conversations` from the contact, with the opening message's original
 *    `created_at` (ledger `conversation` / key / `create`);
 * 2. every part in order, `POST /conversations/{id}/reply` with its original `created_at`
 *    (contact parts through `intercom_user_id`, agent parts as their admin, notes as
 *    notes; files as `attachment_files`, read from the staged copies) then the assignment
 *    and state parts (`…/parts`) (ledger `conversation_part` / `<key>#<part key>`, the part
 *    key from its source: `part-keys.ts`; the done row holds `<conversation id>/<part id>`);
 *    a conversation whose source reopened (no state planned, the last state written a close
 *    or snooze) gets an `open` part;
 * 3. `PUT /conversations/{id}`: title and attributes, the case id among them (`update`);
 * 4. the tags, `POST /conversations/{id}/tags` with `admin_id` (`conversation_tag` /
 *    `<key>#tag:<tag id>`).
 *
 * A step left `intent` by a kill is settled before anything new is sent for the record:
 * the create and the parts are looked up (`find-written.ts`; done when found, failed and
 * sent again when not), the update and tags are idempotent and simply sent again. Records
 * Intercom refuses (4xx) go to quarantine (`import_conversations`) and the step goes on;
 * rate limits and outages stop it.
 */
import type { Case, Conversation } from '../../simulators/dataset/types.ts';
import { IntercomRequestError } from '../errors.ts';
import { probeLookups } from '../plan/recording-map.ts';
import { stagedChunks } from '../plan/staged-chunks.ts';
import { buildChunkLookups } from '../transform/build-chunk-lookups.ts';
import { buildConversation, type PlannedPart, type TransformedConversation } from '../transform/build-conversation.ts';
import type { ConversationDraft } from '../transform/conversation-draft.ts';
import type { Lookups, ResolvedContact } from '../transform/lookups.ts';
import type { ReplyPayload } from '../transform/payload-types.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import { caseDraft } from '../transform/transform-case.ts';
import { conversationDraft, transformConversation } from '../transform/transform-conversation.ts';
import { ledgered, recordDone, recordFailed, recordWrites, type LedgerEntry, type RecordWrites } from '../workspace/ledger.ts';
import { payloadHash } from '../workspace/ledger-hash.ts';
import { attachmentUrls, fillAttachmentData } from './attachment-data.ts';
import { findConversation, findPart, partsOf } from './find-written.ts';
import { emptyCounts, onlyKeys, type ImportContext, type StepCounts } from './import-context.ts';
import { forEachConcurrently } from './for-each-concurrently.ts';
import { quarantineRecord } from './quarantine-record.ts';
import { refuseIndexKeyedParts, resolvePartKey } from './part-keys.ts';

/** Quarantine family of conversations import could not write (wholly or in part). */
export const CONVERSATIONS_QUARANTINE = 'import_conversations';

type Family = 'cases' | 'conversations';
type Obj = Record<string, any>;

/**
 * Imports every staged case, then every Care conversation; answers the counts.
 *
 * @example
 * const counts = await importConversations(context);
 */
export async function importConversations(context: ImportContext): Promise<StepCounts> {
  const counts = emptyCounts();
  await refuseIndexKeyedParts(context.workspace);
  for (const family of ['cases', 'conversations'] as const) {
    for await (const staged of stagedChunks<Obj>(context.workspace, family, context.chunkSize)) {
      const chunk = onlyKeys(context, staged);
      if (chunk.length === 0) continue;
      const { lookups, caseDrafts } = await chunkLookups(context, family, chunk);
      // What the ledger holds for the chunk, read once (each record is handled once per chunk).
      const writes = await recordWrites(context.workspace, ['conversation', 'conversation_part', 'conversation_tag'], chunk.map((r) => r.key));
      // Records side by side (`context.concurrency`); each record's own writes stay in order.
      await forEachConcurrently(chunk, context.concurrency, async ({ key, payload }) => {
        // A case's draft reads no contact or author table: the probe pass's stands.
        const transformed = family === 'cases'
          ? buildConversation(caseDrafts.get(key)!, { mapping: context.mapping, lookups, now: context.now })
          : transformConversation(payload as Conversation, { mapping: context.mapping, lookups, now: context.now });
        const { result, problem } = context.customize?.conversation(transformed, { family, key, payload }) ?? { result: transformed, problem: null };
        if (problem !== null) {
          await quarantineRecord(context.workspace, CONVERSATIONS_QUARANTINE, key, problem, 'POST /conversations');
          counts.quarantined += 1;
          return;
        }
        try {
          await importConversation(context, writes, family, key, payload, result, counts);
        } catch (error) {
          if (!(error instanceof IntercomRequestError)) throw error;
          await quarantineRecord(context.workspace, CONVERSATIONS_QUARANTINE, key, error, `${error.method} ${error.path}`);
          counts.quarantined += 1;
        }
      });
      context.onProgress?.({ step: 'conversations', counts: { ...counts } });
    }
  }
  return counts;
}

/**
 * The run's lookups with the chunk's Care authors and the Intercom contacts of the chunk's
 * customers. A probe pass drafts each record and records which authors and customers it
 * asks about; both are then read for just the chunk (`readAuthorLookups`, `matchesOf`). The
 * cases' drafts are kept: they read no contact or author table.
 */
async function chunkLookups(context: ImportContext, family: Family, chunk: readonly { key: string; payload: Obj }[]): Promise<{ lookups: Lookups; caseDrafts: Map<string, ConversationDraft> }> {
  const { mapping, now } = context;
  const { probe, askedContacts, askedAuthors } = probeLookups(context.lookups);
  const caseDrafts = new Map<string, ConversationDraft>();
  for (const { key, payload } of chunk) {
    const draft = family === 'cases' ? caseDraft(payload as Case, { mapping, lookups: probe, now }) : conversationDraft(payload as Conversation, { mapping, lookups: probe, now });
    if (family === 'cases') caseDrafts.set(key, draft);
    if (draft.customerId !== null) askedContacts.add(draft.customerId);
  }
  const authors = askedAuthors.size === 0 ? null : await readAuthorLookups(context.workspace, { authorIds: [...askedAuthors] });
  for (const customer of authors?.customerByAuthor.values() ?? []) askedContacts.add(customer);
  const matches = context.contacts ? await context.contacts.matchesOf([...askedContacts]) : new Map();
  const contactByCustomer = new Map<string, ResolvedContact>();
  for (const [customer, match] of matches) contactByCustomer.set(customer, { id: match.contact.id, role: match.contact.role });
  return { lookups: buildChunkLookups(context.lookups, { contactByCustomer, customerByAuthor: authors?.customerByAuthor }), caseDrafts };
}

/** One record: create, parts, update, tags, each skipped when the ledger has it done. */
async function importConversation(
  context: ImportContext, writes: RecordWrites, family: Family, key: string, payload: Obj, result: TransformedConversation, counts: StepCounts,
): Promise<void> {
  const { workspace, intercom } = context;
  const create = result.conversation;
  if (!create) {
    await quarantineRecord(workspace, CONVERSATIONS_QUARANTINE, key, `queued ${result.queue?.rule ?? 'not-written'}: ${result.queue?.reason ?? 'not written'}`, 'POST /conversations');
    counts.quarantined += 1;
    return;
  }
  let wrote = false;

  // 1. The conversation.
  let conversationId = await settledCreate(context, writes.last('conversation', key, 'create'), key, create.from.id, create.created_at);
  if (conversationId === null) {
    const sentAt = Date.now();
    const { entry } = await ledgered(workspace, {
      objectType: 'conversation', khorosKey: key, operation: 'create', endpoint: 'POST /conversations', payload: create,
      send: () => intercom.request<Obj>('POST', '/conversations', {
        json: create,
        lookup: async () => {
          const id = await findConversation(intercom, workspace, key, create.from.id, create.created_at, { sentAt, lagMs: context.searchLagMs });
          return id === undefined ? undefined : { conversation_id: id };
        },
      }),
      settle: (answer) => ({ intercomId: String(answer.conversation_id) }),
    });
    conversationId = entry.intercomId!;
    counts.created += 1;
    wrote = true;
  }
  const id = conversationId;

  // 2. The parts, in order; `previous` is the Intercom id of the last part written.
  const urls = result.parts.some((p) => p.attachmentIds.length) ? attachmentUrls(family, payload) : new Map<string, string>();
  let previous: string | null = null;
  for (const part of withReopen(writes, key, result, context.lookups.fallbackAdminId)) {
    const { partKey, last } = resolvePartKey(writes, key, part);
    if (last?.status === 'intent') {
      const found = findPart(await intercom.request<Obj>('GET', `/conversations/${id}`), previous, part.payload);
      if (found !== undefined) {
        await recordDone(workspace, last.seq, { intercomId: `${id}/${found}` });
        previous = found;
        continue;
      }
      await recordFailed(workspace, last.seq, 'reconciled: the part was not in Intercom; sent again');
    } else if (last?.status === 'done') {
      previous = last.intercomId!.split('/').pop()!;
      continue;
    }
    previous = await sendPart(context, family, key, id, partKey, part, previous, urls);
    counts.writes += 1;
    wrote = true;
  }

  // 3. Title and attributes (idempotent: an unsettled intent is simply sent again).
  if (result.update) {
    const update = result.update;
    if (!(await doneWithHash(workspace, writes.last('conversation', key, 'update'), payloadHash(update)))) {
      await ledgered(workspace, {
        objectType: 'conversation', khorosKey: key, operation: 'update', endpoint: `PUT /conversations/${id}`, payload: update,
        send: () => intercom.request<Obj>('PUT', `/conversations/${id}`, { json: update }),
        settle: () => ({ intercomId: id }),
      });
      counts.writes += 1;
      wrote = true;
    }
  }

  // 4. Tags (idempotent POSTs). A tag provision did not create cannot be applied: quarantined, the rest goes on.
  for (const tag of result.tags) {
    if (!tag.request) {
      await quarantineRecord(workspace, CONVERSATIONS_QUARANTINE, key, `tag_not_provisioned: tag ${JSON.stringify(tag.name)} does not exist in Intercom (run provision)`, `POST /conversations/${id}/tags`);
      continue;
    }
    const request = tag.request;
    const tagKey = `${key}#tag:${request.id}`;
    if (await doneWithHash(workspace, writes.last('conversation_tag', tagKey, 'tag'), payloadHash(request))) continue;
    await ledgered(workspace, {
      objectType: 'conversation_tag', khorosKey: tagKey, operation: 'tag', endpoint: `POST /conversations/${id}/tags`, payload: request,
      send: () => intercom.request<Obj>('POST', `/conversations/${id}/tags`, { json: request, idempotent: true }),
      settle: () => ({ intercomId: `${id}/${request.id}` }),
    });
    counts.writes += 1;
    wrote = true;
  }
  if (!wrote) counts.skipped += 1;
}

/**
 * The conversation id the ledger holds for `key`: a done create; or an unsettled create
 * (a kill, a lost answer) found in Intercom, then recorded done; null when it must be created.
 */
async function settledCreate(context: ImportContext, last: LedgerEntry | null, key: string, contactId: string, createdAt: number | undefined): Promise<string | null> {
  const { workspace, intercom } = context;
  if (!last || last.status === 'failed') return null;
  if (last.status === 'done') return last.intercomId;
  const found = await findConversation(intercom, workspace, key, contactId, createdAt, { sentAt: last.recordedAt.getTime(), lagMs: context.searchLagMs });
  if (found !== undefined) {
    await recordDone(workspace, last.seq, { intercomId: found });
    return found;
  }
  await recordFailed(workspace, last.seq, 'reconciled: the conversation was not in Intercom; created again');
  return null;
}

/** Sends one part under the ledger; answers the Intercom id of the part written. */
async function sendPart(
  context: ImportContext, family: Family, key: string, id: string, partKey: string, part: PlannedPart, previous: string | null, urls: ReadonlyMap<string, string>,
): Promise<string> {
  const { workspace, intercom } = context;
  const path = part.operation === 'replyConversation' ? `/conversations/${id}/reply` : `/conversations/${id}/parts`;
  let body: unknown = part.payload;
  const named = (part.payload as ReplyPayload).attachment_files;
  if (named?.length) {
    const { files, missing } = await fillAttachmentData(workspace, { family, key }, urls, part.attachmentIds, named);
    if (missing.length) {
      await quarantineRecord(workspace, CONVERSATIONS_QUARANTINE, key, `attachment_not_staged: part ${partKey.slice(key.length + 1)}: ${missing.join(', ')} (not downloaded by export; sent without it)`, `POST ${path}`);
    }
    const { attachment_files: _named, ...rest } = part.payload as ReplyPayload;
    body = files.length ? { ...rest, attachment_files: files } : rest;
  }
  let written: string | undefined;
  await ledgered(workspace, {
    // The hash is of the transform's payload (file names, no bytes): stable from run to run.
    objectType: 'conversation_part', khorosKey: partKey, operation: 'part', endpoint: `POST ${path}`, payload: part.payload,
    send: () => intercom.request<Obj>('POST', path, {
      json: body,
      lookup: async () => {
        const conversation = await intercom.request<Obj>('GET', `/conversations/${id}`);
        const found = findPart(conversation, previous, part.payload);
        if (found === undefined) return undefined;
        written = found;
        return conversation;
      },
    }),
    settle: (conversation) => {
      // Parts are written one at a time per conversation: the newest part is this one (unless the lookup named it).
      written ??= String(partsOf(conversation).at(-1)?.id ?? '');
      return { intercomId: `${id}/${written}` };
    },
  });
  return written!;
}

/**
 * The planned parts, plus an `open` part when the source is open again (no state planned)
 * while the last state the ledger wrote for the record is a close or a snooze.
 */
function withReopen(writes: RecordWrites, key: string, result: TransformedConversation, adminId: string): PlannedPart[] {
  if (result.parts.some((p) => p.role === 'state')) return result.parts;
  const last = writes.under('conversation_part', `${key}#state:`).filter((e) => e.status === 'done').at(-1);
  if (!last || last.khorosKey.slice(key.length + 1).startsWith('state:open')) return result.parts;
  const after = last.khorosKey.slice(last.khorosKey.indexOf('@') + 1);
  const open: PlannedPart = {
    operation: 'manageConversation', payload: { message_type: 'open', admin_id: adminId },
    role: 'state', key: `state:open@${after}`, sourceIds: [], attachmentIds: [],
  };
  return [...result.parts, open];
}

/** Whether the latest write of its kind (`last`) is done with this payload; an unsettled one is marked superseded. */
async function doneWithHash(workspace: ImportContext['workspace'], last: LedgerEntry | null, hash: string): Promise<boolean> {
  if (last?.status === 'done' && last.payloadHash === hash) return true;
  if (last?.status === 'intent') await recordFailed(workspace, last.seq, 'reconciled: idempotent write sent again');
  return false;
}
