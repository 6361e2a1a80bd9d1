/**
 * Seed-defined mutations of the simulated Khoros instance, for delta tests: records
 * change while a migration runs, and the change must show through the APIs (a case's
 * `lastUpdated`, an author's or conversation's `lastModified`, an article's
 * `last_edit_time`). Ops apply in order and all-or-nothing: every op is checked against
 * the state the earlier ops would leave before anything is written.
 */
import type { Author, Case, Conversation, Customer, Interaction, KbArticle, Message } from '../dataset/types.ts';
import type { KhorosStore } from './store.ts';
import { checkRecord, type RecordType } from './mutation-records.ts';

/** One mutation, as `POST /_admin/mutations` takes it in `{ops:[…]}`. */
export type MutationOp =
  | { op: 'upsert'; type: RecordType; record: Record<string, unknown> }
  /** Shallow merge of `changes` into the record. */
  | { op: 'patch'; type: RecordType; id: string; changes: Record<string, unknown> }
  | { op: 'delete'; type: RecordType; id: string }
  | { op: 'append'; type: 'interaction'; caseId: string; record: Partial<Interaction> }
  | { op: 'append'; type: 'message'; conversationId: string; record: Partial<Message> }
  /** Marks author `id` as merged into author `into` (`mergedIntoId`). */
  | { op: 'merge'; type: 'author'; id: string; into: string };

/** A refused op: `index` is its position in `ops` (null when `ops` itself is not a list). */
export class MutationError extends Error {
  constructor(readonly index: number | null, message: string) {
    super(index === null ? message : `op ${index}: ${message}`);
    this.name = 'MutationError';
  }
}

type AnyRecord = Customer | Case | Author | Conversation | KbArticle;
type Staged = { type: RecordType; id: string; record: AnyRecord | null };

const KEYS: Record<RecordType, string> = { customer: 'id', case: 'id', author: 'id', conversation: 'lswUuid', article: 'id' };

/**
 * Checks every op, then applies them all; throws `MutationError` (and changes nothing)
 * when one is invalid. Returns the number of ops applied.
 *
 * @example
 * applyMutations(store, [{ op: 'append', type: 'interaction', caseId: '00012345', record: { id: 'i-9', body: 'Any news?' } }], Date.now()); // 1
 */
export function applyMutations(store: KhorosStore, ops: unknown, now: number): number {
  if (!Array.isArray(ops)) throw new MutationError(null, 'ops must be an array');
  const staged = new Map<string, Staged>();
  const stage = (type: RecordType, id: string, record: AnyRecord | null) => staged.set(`${type}\u0000${id}`, { type, id, record });
  const current = (type: RecordType, id: string): AnyRecord | undefined => {
    const entry = staged.get(`${type}\u0000${id}`);
    if (entry) return entry.record ?? undefined;
    return indexOf(store, type).get(id) as AnyRecord | undefined;
  };
  const iso = new Date(now).toISOString();

  ops.forEach((raw, index) => {
    const fail = (message: string): never => {
      throw new MutationError(index, message);
    };
    if (!isObject(raw)) fail('an op must be an object');
    const op = raw as Record<string, unknown>;
    const type = op.type as string;
    const existing = (t: RecordType, id: unknown): AnyRecord => {
      if (typeof id !== 'string' || id === '') return fail(`${t} id must be a non-empty string`);
      return current(t, id) ?? fail(`no ${t} ${id}`);
    };
    const check = (t: RecordType, record: unknown, given: unknown = record): AnyRecord => {
      const result = checkRecord(t, record, now, given as Record<string, unknown>);
      return typeof result === 'string' ? fail(result) : (result as unknown as AnyRecord);
    };
    switch (op.op) {
      case 'upsert': {
        if (!isRecordType(type)) return fail(`cannot upsert type ${String(type)}`);
        const record = check(type, op.record);
        return stage(type, String((record as unknown as Record<string, unknown>)[KEYS[type]]), record);
      }
      case 'patch': {
        if (!isRecordType(type)) return fail(`cannot patch type ${String(type)}`);
        const previous = existing(type, op.id);
        if (!isObject(op.changes)) return fail('changes must be an object');
        const key = KEYS[type];
        if (key in op.changes && op.changes[key] !== op.id) return fail(`changes may not alter ${key}`);
        return stage(type, op.id as string, check(type, { ...previous, ...op.changes }, op.changes));
      }
      case 'delete':
        if (!isRecordType(type)) return fail(`cannot delete type ${String(type)}`);
        existing(type, op.id);
        return stage(type, op.id as string, null);
      case 'append': {
        if (type === 'interaction') {
          const kase = existing('case', op.caseId) as Case;
          const record = op.record as Interaction;
          if (!isObject(record) || typeof record.id !== 'string' || record.id === '') return fail('an interaction needs a string id');
          if (typeof record.body !== 'string') return fail('an interaction needs a string body');
          if (kase.interactions.some((i) => i.id === record.id)) return fail(`case ${kase.id} already has interaction ${record.id}`);
          const interaction = { ...record, created: record.created ?? iso };
          return stage('case', kase.id, { ...kase, interactions: [...kase.interactions, interaction], lastUpdated: iso });
        }
        if (type === 'message') {
          const conversation = existing('conversation', op.conversationId) as Conversation;
          const record = op.record as Message;
          if (!isObject(record) || typeof record.lswUuid !== 'string' || record.lswUuid === '') return fail('a message needs a string lswUuid');
          if (!isObject(record.author) || typeof record.author.lswUuid !== 'string') return fail('a message needs an author with a string lswUuid');
          if (conversation.messages.some((m) => m.lswUuid === record.lswUuid)) return fail(`conversation already has message ${record.lswUuid}`);
          const message: Message = { ...record, network: record.network ?? conversation.messages[0]?.network ?? conversation.channel?.network ?? 'lithium', receiveDate: record.receiveDate ?? now };
          return stage('conversation', conversation.lswUuid, { ...conversation, messages: [...conversation.messages, message], lastModified: now });
        }
        return fail(`cannot append type ${String(type)}`);
      }
      case 'merge': {
        if (type !== 'author') return fail('only authors merge');
        const author = existing('author', op.id) as Author;
        existing('author', op.into);
        if (op.id === op.into) return fail('an author cannot merge into itself');
        return stage('author', author.id, { ...author, mergedIntoId: op.into as string, lastModified: now });
      }
      default:
        return fail(`unknown op ${String(op.op)}`);
    }
  });

  // Everything checked: write in the order records were first touched.
  for (const { type, id, record } of staged.values()) commit(store, type, id, record);
  return ops.length;
}

function commit(store: KhorosStore, type: RecordType, id: string, record: AnyRecord | null): void {
  switch (type) {
    case 'customer':
      return void (record ? store.customers.set(id, record as Customer) : store.customers.delete(id));
    case 'case':
      return void (record ? store.putCase(record as Case) : store.deleteCase(id));
    case 'author':
      return void (record ? store.authors.set(id, record as Author) : store.authors.delete(id));
    case 'article':
      return void (record ? store.articles.set(id, record as KbArticle) : store.articles.delete(id));
    case 'conversation': {
      if (record) return store.putConversation(record as Conversation);
      const gone = store.conversations.get(id);
      store.conversations.delete(id);
      if (gone && store.conversationByDisplay.get(gone.displayNumber) === id) store.conversationByDisplay.delete(gone.displayNumber);
      for (const set of store.conversationsByPerson.values()) set.delete(id);
    }
  }
}

function indexOf(store: KhorosStore, type: RecordType): { get(id: string): unknown } {
  return { customer: store.customers, case: store.cases, author: store.authors, conversation: store.conversations, article: store.articles }[type];
}

function isRecordType(type: unknown): type is RecordType {
  return typeof type === 'string' && type in KEYS;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
