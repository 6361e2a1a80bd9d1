/**
 * Chooses what `migrate --sample N` writes: N conversations (CRM cases and Care conversations
 * scored together) among the hardest staged records, by the rule `verify --sample` uses
 * (`pickHardest`: most interactions, attachments, non-Latin text, oldest; the top record of
 * each criterion first, then a weighted draw seeded by `seed`), plus the one customer each
 * needs as its contact. The same seed and the same staged data give the same sample.
 *
 * Candidates are taken in the draw's order and kept only when the confirmed map would write
 * them: the conversation's contact resolves to a staged customer (the map's `from` row, the
 * case's `customerId`, a Care author's CRM handle), and that customer is written (the map
 * gives it an email or a no-email policy other than `skip`, and it is not the second of two
 * customers sharing an email). A record whose key is also a key of another family is passed
 * over, since import's `onlyKeys` is one set across families. So the sample holds exactly N
 * conversations unless fewer can be written; the passed-over ones are listed with why.
 */
import type { Case, Conversation, Customer } from '../../simulators/dataset/types.ts';
import type { Mapping } from '../mapping/mapping.ts';
import { recordingMap } from '../plan/recording-map.ts';
import { buildLookups, type Lookups, type ResolvedContact } from '../transform/lookups.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import { customerKeyExpressions } from '../transform/read-intercom-contacts.ts';
import { caseDraft } from '../transform/transform-case.ts';
import { conversationDraft } from '../transform/transform-conversation.ts';
import { transformContact } from '../transform/transform-contact.ts';
import { pickHardest, type SampledRecord } from '../verify/select-sample.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** One conversation of the sample, with why it was chosen and its contact. */
export interface SampledConversation {
  family: 'cases' | 'conversations';
  key: string;
  /** Summed percent ranks of the criteria. */
  score: number;
  /** The criteria it tops, or `weighted draw`. */
  reason: string;
  /** The Khoros customer written as its contact. */
  customer: string;
}

/** What `chooseMigrationSample` chose. */
export interface MigrationSample {
  size: number;
  seed: number;
  conversations: SampledConversation[];
  /** The customers the conversations need, sorted. */
  customers: string[];
  /** Harder candidates passed over, with why (the map would not write them). */
  passedOver: { family: string; key: string; reason: string }[];
  /** Every key import writes (`onlyKeys`). */
  keys: Set<string>;
}

/** Options of `chooseMigrationSample`. */
export interface ChooseSampleOptions {
  /** The confirmed map (the contact of a conversation, whether a customer is written). */
  mapping: Mapping;
  /** Conversations to write (a positive integer). */
  size: number;
  seed: number;
}

/** A placeholder contact: the draft only asks whether the customer will have one. */
const WILL_HAVE: ResolvedContact = { id: 'sample', role: 'user' };
/** Candidates drafted per round (the draw goes on only as far as it must). */
const ROUND = 100;

/**
 * @example
 * const sample = await chooseMigrationSample(workspace, { mapping, size: 3, seed: 1 });
 * sample.conversations.map((c) => c.key); // ['00000012', 'CASE-000031', '9c0e…']
 * await runImport({ workspace, mappingPath, intercom, onlyKeys: sample.keys, articles: false });
 */
export async function chooseMigrationSample(workspace: Workspace, options: ChooseSampleOptions): Promise<MigrationSample> {
  const { mapping, size, seed } = options;
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`sample size: expected a positive integer, got ${size}`);
  const order = await pickHardest(workspace, { families: ['cases', 'conversations'], n: null, seed, among: 'staged' });
  const sample: MigrationSample = { size, seed, conversations: [], customers: [], passedOver: [], keys: new Set() };
  const customers = new Set<string>();
  for (let start = 0; start < order.length && sample.conversations.length < size; start += ROUND) {
    const round = order.slice(start, start + ROUND);
    const resolved = await contactsOf(workspace, mapping, round);
    const writable = await writableCustomers(workspace, mapping, [...new Set([...resolved.values()].filter((c): c is string => c !== null))]);
    const foreign = await keysInOtherFamilies(workspace, round, [...resolved.values()].filter((c): c is string => c !== null));
    for (const record of round) {
      if (sample.conversations.length >= size) break;
      const customer = resolved.get(`${record.family}\u0000${record.key}`) ?? null;
      const why = customer === null ? 'no customer is linked to it'
        : writable.get(customer) ?? (foreign.has(`${record.family}\u0000${record.key}`) || foreign.has(`customers\u0000${customer}`)
          ? `its key or its customer's (${customer}) is also a key of another family` : null);
      if (why !== null) {
        sample.passedOver.push({ family: record.family, key: record.key, reason: why });
        continue;
      }
      sample.conversations.push({ family: record.family as SampledConversation['family'], key: record.key, score: record.score, reason: record.reason, customer: customer! });
      customers.add(customer!);
    }
  }
  sample.customers = [...customers].sort();
  sample.keys = new Set([...sample.conversations.map((c) => c.key), ...sample.customers]);
  return sample;
}

/** Per candidate (`family\0key`): the customer its draft names as contact, or null. */
async function contactsOf(workspace: Workspace, mapping: Mapping, round: SampledRecord[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const cases = await payloads<Case>(workspace, 'cases', round.filter((r) => r.family === 'cases').map((r) => r.key));
  const bare = buildLookups({ fallbackAdminId: 'sample' });
  for (const [key, kase] of cases) out.set(`cases\u0000${key}`, caseDraft(kase, { mapping, lookups: bare }).customerId);

  const conversations = await payloads<Conversation>(workspace, 'conversations', round.filter((r) => r.family === 'conversations').map((r) => r.key));
  if (conversations.size === 0) return out;
  // A probe pass records the authors and customer ids the drafts ask about; then they are read and the drafts run again.
  const authors = new Set<string>();
  const asked = new Set<string>();
  const probe: Lookups = Object.freeze({ ...bare, customerByAuthor: recordingMap(bare.customerByAuthor, authors), contactByCustomer: recordingMap(bare.contactByCustomer, asked) });
  for (const conversation of conversations.values()) conversationDraft(conversation, { mapping, lookups: probe });
  const { customerByAuthor } = await readAuthorLookups(workspace, { authorIds: [...authors] });
  const staged = await stagedKeys(workspace, 'customers', [...asked, ...customerByAuthor.values()]);
  const lookups = buildLookups({ fallbackAdminId: 'sample', customerByAuthor, contactByCustomer: [...staged].map((k) => [k, WILL_HAVE] as const) });
  for (const [key, conversation] of conversations) {
    const customer = conversationDraft(conversation, { mapping, lookups }).customerId;
    out.set(`conversations\u0000${key}`, customer !== null && staged.has(customer) ? customer : null);
  }
  return out;
}

/** Per customer: null when the map writes it, else why not (not staged, not written, email shared). */
async function writableCustomers(workspace: Workspace, mapping: Mapping, keys: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>(keys.map((k) => [k, `its customer ${k} is not staged`]));
  if (keys.length === 0) return out;
  const { authorsByCustomer } = await readAuthorLookups(workspace, { customerIds: keys });
  const lookups = buildLookups({ fallbackAdminId: 'sample', authorsByCustomer });
  const { email } = customerKeyExpressions(mapping);
  // The second of customers sharing an email is queued by import (Intercom keeps one user per email).
  const rows = await workspace.query<{ key: string; payload: Customer; first: string | null }>(
    `SELECT c.key, c.payload, (SELECT min(o.key) FROM raw_customers AS o
       WHERE nullif(trim(${email.replaceAll('payload', 'o.payload')}), '') IS NOT NULL
         AND lower(trim(${email.replaceAll('payload', 'o.payload')})) = lower(trim(${email.replaceAll('payload', 'c.payload')}))) AS first
     FROM raw_customers AS c WHERE c.key IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))`, [JSON.stringify(keys)]);
  for (const row of rows) {
    const result = transformContact(row.payload, { mapping, lookups });
    out.set(row.key, !result.create || !result.update ? `its customer ${row.key} is not written (${result.queue?.reason ?? 'the map does not write it'})`
      : row.first !== null && row.first !== row.key ? `its customer ${row.key} shares an email with customer ${row.first} (import queues it)` : null);
  }
  return out;
}

/** `family\0key` of candidates and customers whose key is also staged in another of the three families. */
async function keysInOtherFamilies(workspace: Workspace, round: SampledRecord[], customers: string[]): Promise<Set<string>> {
  const wanted = [...round.map((r) => [r.family, r.key]), ...customers.map((c) => ['customers', c])];
  const rows = await workspace.query<{ family: string; key: string }>(
    `WITH wanted AS (SELECT w[1] AS family, w[2] AS key FROM (SELECT unnest(CAST(json($1) AS VARCHAR[][])) AS w)),
     staged AS (SELECT 'customers' AS family, key FROM raw_customers UNION ALL SELECT 'cases', key FROM raw_cases UNION ALL SELECT 'conversations', key FROM raw_conversations)
     SELECT DISTINCT w.family, w.key FROM wanted AS w JOIN staged AS s ON s.key = w.key AND s.family <> w.family`, [JSON.stringify(wanted)]);
  return new Set(rows.map((r) => `${r.family}\u0000${r.key}`));
}

async function payloads<T>(workspace: Workspace, family: 'cases' | 'conversations', keys: string[]): Promise<Map<string, T>> {
  if (keys.length === 0) return new Map();
  const rows = await workspace.query<{ key: string; payload: T }>(
    `SELECT key, payload FROM raw_${family} WHERE key IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))`, [JSON.stringify(keys)]);
  return new Map(rows.map((r) => [r.key, r.payload]));
}

async function stagedKeys(workspace: Workspace, family: 'customers', keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await workspace.query<{ key: string }>(
    `SELECT key FROM raw_${family} WHERE key IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))`, [JSON.stringify([...new Set(keys)])]);
  return new Set(rows.map((r) => r.key));
}
