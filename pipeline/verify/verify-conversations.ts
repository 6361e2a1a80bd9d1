/**
 * Verifies the conversations (cases, then Care conversations): each record in scope is
 * transformed again with the confirmed map, the conversation the ledger says was written
 * is read back with its parts (`GET /conversations/{id}`: the 500 most recent) into
 * `readback_conversations` and `readback_conversation_parts`, and compared: the opening
 * message's time and author, the title and conversation attributes, the tags, the source
 * interaction count against the planned, written and read-back part counts, and every part
 * (`compare-parts.ts`).
 */
import { forEachConcurrently } from '../import/for-each-concurrently.ts';
import { compareParts, isSystemPart } from './compare-parts.ts';
import { conversationLookups, transform, type ConversationFamily } from './conversation-lookups.ts';
import { familyTotals, quarantinedKeys, unstagedAttachments } from './family-totals.ts';
import type { InsertColumn } from './insert-rows.ts';
import { ledgerParts, ledgerTargets } from './ledger-targets.ts';
import { writtenPart } from '../import/part-keys.ts';
import { readById } from './read-by-id.ts';
import { recordsInScope } from './records-in-scope.ts';
import { emptyTally, objectCounts, tallyRecord, type ScopeTally } from './scope-tally.ts';
import type { ObjectCounts, VerifyContext } from './verify-types.ts';

type Obj = Record<string, any>;

const CONVERSATION_COLUMNS: InsertColumn[] = [
  { name: 'run_id' }, { name: 'family' }, { name: 'khoros_key' }, { name: 'intercom_id' }, { name: 'found' }, { name: 'source_items', cast: 'INTEGER' },
  { name: 'planned_parts', cast: 'INTEGER' }, { name: 'written_parts', cast: 'INTEGER' }, { name: 'parts_total', cast: 'INTEGER' },
  { name: 'parts_shown', cast: 'INTEGER' }, { name: 'migration_parts', cast: 'INTEGER' }, { name: 'payload', cast: 'JSON' }, { name: 'read_at', cast: 'TIMESTAMPTZ' },
];
const PART_COLUMNS: InsertColumn[] = [
  { name: 'run_id' }, { name: 'khoros_key' }, { name: 'conversation_id' }, { name: 'part_id' }, { name: 'position', cast: 'INTEGER' }, { name: 'part_type' },
  { name: 'author_type' }, { name: 'author_id' }, { name: 'created_at', cast: 'BIGINT' }, { name: 'attachment_names', cast: 'VARCHAR[]' }, { name: 'payload', cast: 'JSON' },
];

/** The conversations' and their parts' counts. */
export interface ConversationCounts {
  conversations: ObjectCounts;
  parts: ObjectCounts;
  /** Conversations whose read-back part count differs from the written one. */
  partCountMismatches: number;
  /** Written parts older than the 500 Intercom answers (counted, not compared one by one). */
  partsBeyondWindow: number;
}

/**
 * @example
 * const { conversations, parts } = await verifyConversations(context);
 */
export async function verifyConversations(context: VerifyContext): Promise<ConversationCounts> {
  const tally = emptyTally();
  const parts = emptyTally();
  const extra = { source: 0, partCountMismatches: 0, beyondWindow: 0 };
  for (const family of ['cases', 'conversations'] as const) await verifyFamily(context, family, tally, parts, extra);
  await context.recorder.flush();
  const totals = await Promise.all([familyTotals(context.workspace, 'cases'), familyTotals(context.workspace, 'conversations')]);
  return {
    conversations: objectCounts('conversation', { source: totals[0].source + totals[1].source, staged: totals[0].staged + totals[1].staged }, tally, context.recorder),
    parts: objectCounts('conversation_part', { source: extra.source, staged: extra.source }, parts, context.recorder),
    partCountMismatches: extra.partCountMismatches,
    partsBeyondWindow: extra.beyondWindow,
  };
}

async function verifyFamily(
  context: VerifyContext, family: ConversationFamily, tally: ScopeTally, partTally: ScopeTally, extra: { source: number; partCountMismatches: number; beyondWindow: number },
): Promise<void> {
  const { workspace, intercom, recorder, mapping, now } = context;
  const scope = context.selection?.get(family) ?? null;
  for await (const chunk of recordsInScope<Obj>(workspace, family, scope, context.chunkSize)) {
    const keys = chunk.map((r) => r.key);
    const lookups = await conversationLookups(context, family, chunk.map((r) => r.payload));
    const targets = await ledgerTargets(workspace, ['conversation'], keys);
    const written = await ledgerParts(workspace, keys);
    const quarantined = await quarantinedKeys(workspace, 'import_conversations', keys);
    const unstaged = await unstagedAttachments(workspace, keys);
    await forEachConcurrently(chunk, context.concurrency, async ({ key, payload }) => {
      const result = transform(family, payload, { mapping, lookups, now });
      const sourceItems = family === 'cases'
        ? (Array.isArray(payload.interactions) ? payload.interactions.length : 0)
        : (Array.isArray(payload.messages) ? payload.messages.length : 0) + (Array.isArray(payload.notes) ? payload.notes.length : 0);
      extra.source += sourceItems;
      const target = targets.get(key);
      if (result.conversation && (target || !quarantined.has(key))) partTally.planned += result.parts.length;
      if (!tallyRecord(tally, recorder, 'conversation', key, result.conversation !== null, target, quarantined.has(key)) || !result.conversation || !target) return;
      const conversation = await readById(intercom, '/conversations', target.id);
      const writtenParts = result.parts.filter((p) => writtenPart(written, key, p).ref !== undefined).length;
      partTally.written += writtenParts;
      if (!conversation) {
        await recorder.readback('readback_conversations', CONVERSATION_COLUMNS,
          [recorder.runId, family, key, target.id, false, sourceItems, result.parts.length, writtenParts, null, null, null, null, new Date()]);
        recorder.finding({ objectType: 'conversation', khorosKey: key, intercomId: target.id, kind: 'missing', detail: `GET /conversations/${target.id} answered 404` });
        return;
      }
      tally.readBack += 1;
      partTally.checked += writtenParts;
      const outcome = compareParts({ recorder, key, conversationId: target.id, planned: result.parts, written, unstaged, conversation });
      partTally.readBack += outcome.found;
      extra.beyondWindow += outcome.beyondWindow;
      const list: Obj[] = conversation.conversation_parts?.conversation_parts ?? [];
      const { conversation_parts: _parts, ...head } = conversation;
      await recorder.readback('readback_conversations', CONVERSATION_COLUMNS, [recorder.runId, family, key, target.id, true, sourceItems, result.parts.length,
        outcome.writtenParts, conversation.conversation_parts?.total_count ?? list.length, list.length, outcome.migrationParts, head, new Date()]);
      for (const [position, part] of list.entries()) {
        await recorder.readback('readback_conversation_parts', PART_COLUMNS, [recorder.runId, key, target.id, String(part.id), position, part.part_type ?? null,
          part.author?.type ?? null, part.author?.id === undefined ? null : String(part.author.id), part.created_at ?? null,
          (part.attachments ?? []).map((a: Obj) => String(a?.name ?? '')), part]);
      }

      // The opening message, the title and attributes, the tags.
      const id = target.id;
      recorder.check('conversation', key, id, 'created_at', result.conversation.created_at, conversation.created_at);
      recorder.check('conversation', key, id, 'source.author', result.conversation.from.id, conversation.source?.author?.id === undefined ? null : String(conversation.source.author.id));
      if (result.update?.title !== undefined) recorder.check('conversation', key, id, 'title', result.update.title, conversation.title);
      for (const [name, value] of Object.entries(result.update?.custom_attributes ?? {})) {
        recorder.check('conversation', key, id, `custom_attributes.${name}`, value, conversation.custom_attributes?.[name]);
      }
      const tagIds = new Set(((conversation.tags?.tags ?? []) as Obj[]).map((t) => String(t.id)));
      for (const tag of result.tags) {
        if (tag.request && !tagIds.has(tag.request.id)) {
          recorder.finding({ objectType: 'conversation', khorosKey: key, intercomId: id, kind: 'tag_missing', field: 'tags', expected: tag.name, detail: `tag ${tag.request.id}` });
        }
      }
      // Interactions against parts: every written part must be counted by Intercom; parts named one by one above
      // (missing, unexpected) are not reported again by the count.
      const ledgered = outcome.writtenParts + outcome.earlierParts;
      if (outcome.migrationParts !== ledgered) extra.partCountMismatches += 1;
      const unaccounted = ledgered - outcome.missing - (outcome.migrationParts - countUnexpected(list, written, key));
      const counts = { expected: ledgered, actual: outcome.migrationParts,
        detail: `${sourceItems} source items, ${result.parts.length} planned parts, ${outcome.writtenParts} written${outcome.earlierParts ? ` (and ${outcome.earlierParts} written earlier that the source no longer has)` : ''}, ${outcome.migrationParts} in Intercom` };
      if (unaccounted > 0) recorder.finding({ objectType: 'conversation', khorosKey: key, intercomId: id, kind: 'part_count_short', field: 'parts', ...counts });
      if (unaccounted < 0) recorder.finding({ objectType: 'conversation', khorosKey: key, intercomId: id, kind: 'part_count_over', field: 'parts', ...counts });
    });
  }
}

/** Parts already reported one by one as unexpected (so the count finding does not repeat them). */
function countUnexpected(list: readonly Obj[], written: ReadonlyMap<string, string>, key: string): number {
  const ours = new Set<string>();
  for (const [partKey, ref] of written) if (partKey.startsWith(`${key}#`)) ours.add(ref.split('/').pop()!);
  return list.filter((p) => !isSystemPart(p) && !ours.has(String(p.id))).length;
}
