/**
 * Checks what a migration left in the Intercom simulator against the generated dataset it
 * was made from, record by record, independently of the transforms' code paths:
 *
 * - contacts: each customer the import did not quarantine is exactly one Intercom contact
 *   (external id = customer id) whose email, name, phone and custom attributes equal the
 *   customer's values under the confirmed map's conversions; no contact claims an unknown id;
 * - conversations: each case (and Care conversation) the import did not quarantine is
 *   exactly one Intercom conversation (case id attribute = its staged key) with its mapped
 *   attributes; its history (the opening message, then comment and note parts) carries
 *   every source item at the item's original time, in the map's order (time, then tie
 *   break), written by the right side (the case's contact, or an admin: the one whose email
 *   is the agent's, else the fallback), with the item's text. Attachment-only continuation
 *   parts and a synthetic opening are the only extra entries allowed; past 480 items (the
 *   transcript-folding edge case) the check is that every item's text is in the history.
 *
 * Answers the problems found (empty when the migration is right) and what it checked.
 */
import type { Mapping, FieldMap } from '../../pipeline/mapping/mapping.ts';
import { convertField, readPath } from '../../pipeline/mapping/convert-value.ts';
import { htmlToText } from '../../pipeline/transform/html-to-text.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { ASSETS_KEY } from '../../pipeline/import/host-images.ts';
import type { Dataset } from '../../simulators/dataset/types.ts';

type Obj = Record<string, any>;
type State = Record<string, Obj[]>;

/** What `checkMigration` looked at and what it found wrong. */
export interface MigrationCheck {
  problems: string[];
  checked: { contacts: number; conversations: number; items: number; quarantinedContacts: number; quarantinedConversations: number };
}

/** Parts that carry history (the migration's own state, assignment and attribute parts do not). */
const HISTORY = new Set(['comment', 'note', 'open']);
/** Past this many items a case's oldest replies are folded into transcript notes. */
const FOLDING_FROM = 480;
/** Standard contact fields compared with the source. */
const CONTACT_STANDARD = new Set(['email', 'name', 'phone', 'external_id']);

/** Plain text of a body for comparison: tags and entities out, whitespace collapsed. */
function plain(body: unknown): string {
  return typeof body === 'string' ? htmlToText(body).replace(/\s+/g, ' ').trim() : '';
}

/** The expected value of a map row on a record; undefined when the value does not convert (quarantined field). */
function expected(row: FieldMap, record: unknown): unknown {
  const converted = convertField(row, readPath(record, row.source));
  return converted.ok ? converted.value : undefined;
}

function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.trim().toLowerCase() || a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A source item as the check expects it in Intercom. */
interface Item { id: string; at: number; side: 'contact' | 'admin'; kind: 'comment' | 'note'; email: string | null; text: string; files: number }

function sortItems<T extends { at: number; tie: string }>(items: readonly T[]): T[] {
  return items.map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.at - b.item.at || (a.item.tie < b.item.tie ? -1 : a.item.tie > b.item.tie ? 1 : 0) || a.index - b.index)
    .map((e) => e.item);
}

function caseItems(kase: Obj, mapping: Mapping): Item[] {
  const kinds = mapping.objects.cases.parts.kinds;
  const rows: { at: number; tie: string; i: Obj }[] = (kase.interactions ?? []).map((i: Obj) => ({
    at: Math.floor(Date.parse(i.created) / 1000), tie: String(i.id), i,
  }));
  return sortItems(rows).flatMap(({ at, i }) => {
    const kind = kinds[i.kind ?? 'message'] ?? 'note';
    if (kind === 'skip') return [];
    const author = i.author ?? {};
    const fromContact = i.direction === 'inbound' || (i.direction !== 'outbound' && author.brandOwned !== true);
    return [{ id: String(i.id), at, side: fromContact ? 'contact' : 'admin', kind, email: typeof author.email === 'string' ? author.email.trim().toLowerCase() : null, text: plain(i.body), files: (i.attachments ?? []).length }];
  });
}

function careItems(conversation: Obj, mapping: Mapping): Item[] {
  const kinds = mapping.objects.conversations.parts.kinds;
  const assigned = typeof conversation.assignedToAgent?.email === 'string' ? conversation.assignedToAgent.email.trim().toLowerCase() : null;
  const messages = (conversation.messages ?? []).map((m: Obj) => {
    const brand = m.author?.brandOwned === true;
    const own = m.isPrivate === true ? 'private' : 'public';
    const kind = (Object.hasOwn(kinds, own) ? kinds[own] : kinds.message) ?? 'note';
    return {
      at: Math.floor((m.receiveDate ?? m.publishDate) / 1000), tie: String(m.lswUuid ?? m.id), id: String(m.lswUuid), kind,
      side: brand ? 'admin' as const : 'contact' as const, email: brand ? (typeof m.author?.email === 'string' ? m.author.email.toLowerCase() : assigned) : null,
      // Care serves a customer's Twitter post without its body (the documented redaction): nothing to carry over.
      text: !brand && m.network === 'twitter' ? '' : plain(brand ? m.postContent ?? m.text : m.text ?? m.postContent), files: (m.media ?? []).length,
    };
  });
  const notes = (conversation.notes ?? []).map((n: Obj, index: number) => ({
    at: Math.floor(n.createDate / 1000), tie: `~note${String(index).padStart(6, '0')}`, id: `note${index}`, kind: kinds.note ?? 'note',
    side: 'admin' as const, email: typeof n.agent?.email === 'string' ? n.agent.email.toLowerCase() : null, text: plain(n.note), files: 0,
  }));
  return sortItems([...messages, ...notes]).filter((i) => i.kind !== 'skip').map(({ tie: _tie, ...item }) => item as Item);
}

/** The conversation's history as entries: the opening message, then comment and note parts. */
function history(conversation: Obj): { at: number; authorType: string; authorId: string; partType: string; text: string; files: number }[] {
  const source = conversation.source ?? {};
  return [
    { at: conversation.created_at, authorType: source.author?.type ?? '', authorId: String(source.author?.id ?? ''), partType: 'source', text: plain(source.body), files: (source.attachments ?? []).length },
    ...(conversation.conversation_parts?.conversation_parts ?? []).filter((p: Obj) => HISTORY.has(p.part_type)).map((p: Obj) => ({
      at: p.created_at, authorType: p.author?.type ?? '', authorId: String(p.author?.id ?? ''), partType: p.part_type, text: plain(p.body), files: (p.attachments ?? []).length,
    })),
  ];
}

/**
 * Compares the simulator's state with the dataset; see the file comment.
 *
 * @example
 * const { problems } = await checkMigration({ dataset, workspace, mapping, state: await simState(sim) });
 * expect(problems).to.deep.equal([]);
 */
export async function checkMigration(input: { dataset: Dataset; workspace: Workspace; mapping: Mapping; state: State }): Promise<MigrationCheck> {
  const { dataset, workspace, mapping, state } = input;
  const problems: string[] = [];
  const problem = (text: string) => { if (problems.length < 200) problems.push(text); };
  const checked = { contacts: 0, conversations: 0, items: 0, quarantinedContacts: 0, quarantinedConversations: 0 };

  // Contacts.
  const quarantined = async (family: string) => new Map((await workspace.query<{ key: string; reason: string }>(
    'SELECT key, any_value(reason) AS reason FROM quarantine WHERE family = $1 GROUP BY key', [family])).map((r) => [r.key, r.reason]));
  const contactQuarantine = await quarantined('import_contacts');
  for (const [key, reason] of contactQuarantine) if (!reason.startsWith('queued')) problem(`customer ${key}: quarantined by import with an error (${reason.slice(0, 160)})`);
  const byExternal = new Map<string, Obj[]>();
  for (const c of state.contacts) if (c.external_id) byExternal.set(c.external_id, [...(byExternal.get(c.external_id) ?? []), c]);
  const customerIds = new Set(dataset.khoros.customers.map((c) => String(c.id)));
  // The workspace's own contacts, and the lead that holds the migration's hosted article images.
  const seeded = new Set([ASSETS_KEY, ...(dataset.intercom?.contacts ?? []).map((c) => c.external_id).filter(Boolean)]);
  for (const id of byExternal.keys()) if (!customerIds.has(id) && !seeded.has(id)) problem(`contact with external_id ${id}: no such customer`);
  const rows = mapping.objects.customers.fields.filter((r) => ('standard' in r.target && CONTACT_STANDARD.has(r.target.standard)) || 'attribute' in r.target);
  const contactOf = new Map<string, Obj>();
  for (const customer of dataset.khoros.customers) {
    const id = String(customer.id);
    const found = byExternal.get(id) ?? [];
    if (contactQuarantine.has(id)) {
      checked.quarantinedContacts += 1;
      if (found.length > 0) problem(`customer ${id}: quarantined, yet ${found.length} contact(s) hold its id`);
      continue;
    }
    if (found.length !== 1) {
      problem(`customer ${id}: ${found.length} contacts in Intercom (expected 1)`);
      continue;
    }
    const contact = found[0];
    contactOf.set(id, contact);
    for (const row of rows) {
      const want = expected(row, customer);
      if (want === undefined || want === null) continue; // no value: the map leaves the field as it is
      const got = 'standard' in row.target ? contact[row.target.standard] : contact.custom_attributes?.[(row.target as { attribute: string }).attribute];
      if (!same(got, want)) problem(`customer ${id}: ${row.source} → ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
    checked.contacts += 1;
  }

  // Conversations.
  const conversationQuarantine = await quarantined('import_conversations');
  const keyAttribute = mapping.policies.caseIdAttribute;
  const careRow = mapping.objects.conversations.fields.find((r) => r.source === 'lswUuid' && 'attribute' in r.target);
  const careAttribute = careRow && 'attribute' in careRow.target ? careRow.target.attribute : undefined;
  const byKey = new Map<string, Obj[]>();
  for (const c of state.conversations) {
    for (const attribute of [keyAttribute, careAttribute]) {
      const value = attribute ? c.custom_attributes?.[attribute] : undefined;
      if (typeof value === 'string') byKey.set(value, [...(byKey.get(value) ?? []), c]);
    }
  }
  const adminsByEmail = new Map((state.admins ?? []).map((a) => [String(a.email).toLowerCase(), String(a.id)]));
  const staged = new Map((await workspace.query<{ key: string; id: string }>(`SELECT key, payload->>'id' AS id FROM raw_cases`)).map((r) => [r.id, r.key]));
  const families = [
    ...dataset.khoros.cases.map((kase) => ({ what: 'case', key: staged.get(String(kase.id)), record: kase as Obj, items: caseItems(kase, mapping), customerId: kase.customerId, map: mapping.objects.cases, by: keyAttribute })),
    ...(dataset.khoros.conversations ?? []).map((conversation) => ({ what: 'conversation', key: String(conversation.lswUuid), record: conversation as Obj, items: careItems(conversation, mapping), customerId: undefined, map: mapping.objects.conversations, by: careAttribute })),
  ];
  for (const { what, key, record, items, customerId, map, by } of families) {
    if (key === undefined) {
      problem(`${what} ${String(record.id)}: not staged`);
      continue;
    }
    if (by === undefined) continue;
    const reason = conversationQuarantine.get(key);
    const found = byKey.get(key) ?? [];
    if (reason?.startsWith('queued')) {
      checked.quarantinedConversations += 1;
      if (found.length > 0) problem(`${what} ${key}: queued (${reason.slice(0, 80)}), yet written`);
      continue;
    }
    if (found.length !== 1) {
      problem(`${what} ${key}: ${found.length} conversations in Intercom (expected 1)`);
      continue;
    }
    const conversation = found[0];
    for (const row of map.fields.filter((r) => 'attribute' in r.target)) {
      const want = expected(row, record);
      if (want === undefined || want === null) continue;
      const got = conversation.custom_attributes?.[(row.target as { attribute: string }).attribute];
      if (!same(got, want)) problem(`${what} ${key}: ${row.source} → ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
    const contactId = customerId ? contactOf.get(String(customerId))?.id : undefined;
    problemsOfHistory(`${what} ${key}`, items, history(conversation), { contactId, adminsByEmail, fallback: mapping.policies.fallbackAdminId }, problem);
    checked.conversations += 1;
    checked.items += items.length;
  }
  return { problems, checked };
}

/** Walks the source items and the Intercom history side by side; see the file comment. */
function problemsOfHistory(
  label: string, items: Item[], entries: ReturnType<typeof history>,
  who: { contactId: string | undefined; adminsByEmail: Map<string, string>; fallback: string }, problem: (text: string) => void,
): void {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].at < entries[i - 1].at) return problem(`${label}: history out of time order at entry ${i} (${entries[i - 1].at} then ${entries[i].at})`);
  }
  if (items.length > FOLDING_FROM) {
    const all = entries.map((e) => e.text).join(' ');
    for (const item of items) if (item.text && !all.includes(item.text.slice(0, 24))) return problem(`${label}: item ${item.id}'s text is nowhere in the history`);
    return;
  }
  // The opening message is the first contact item, wherever it falls (an agent may have written first, or at the same second);
  // a conversation opened otherwise has a synthetic opening, which the walk below may skip.
  let rest = items;
  let next = 0;
  const opening = items.find((item) => item.side === 'contact' && item.kind === 'comment');
  if (opening && entries.length > 0 && entries[0].partType === 'source' && matches(opening, entries[0], who)) {
    rest = items.filter((item) => item !== opening);
    next = 1;
  }
  for (const item of rest) {
    if (!item.text && item.files === 0) {
      // A blank item may be written (a placeholder text) or left out (the preflight lists it): taken when it is next.
      let probe = next;
      while (probe < entries.length && next > 0 && continues(entries[probe], entries[next - 1])) probe += 1;
      if (probe < entries.length && matches(item, entries[probe], who)) next = probe + 1;
      continue;
    }
    let at = next;
    while (at < entries.length && !matches(item, entries[at], who)) at += 1;
    if (at === entries.length) {
      return problem(`${label}: item ${item.id} (${item.side} ${item.kind} at ${item.at}, "${item.text.slice(0, 30)}") not found in order; ${describe(entries, next)}`);
    }
    for (const skipped of entries.slice(next, at)) {
      const synthetic = skipped.partType === 'source' && next === 0;
      // The files of the item before that did not fit on its part (past 10, or the opening message's, which `POST /conversations`
      // cannot carry): by the same author at the same time (without files when the export did not download them).
      const continuation = next > 0 && continues(skipped, entries[next - 1]);
      if (!synthetic && !continuation) return problem(`${label}: unexpected ${skipped.partType} at ${skipped.at} before item ${item.id}: "${skipped.text.slice(0, 40)}"; ${describe(entries, next)}`);
    }
    next = at + 1;
  }
}

/** Whether `entry` carries on the entry before it (its files, past what one part holds): same author, same time. */
function continues(entry: ReturnType<typeof history>[number], previous: ReturnType<typeof history>[number]): boolean {
  return entry.at === previous.at && entry.authorId === previous.authorId;
}

/** The history from `from` on, briefly, for a problem's message. */
function describe(entries: ReturnType<typeof history>, from: number): string {
  return `history from entry ${from}: ${entries.slice(from, from + 6).map((e) => `${e.partType}@${e.at} ${e.authorType}:${e.authorId} "${e.text.slice(0, 24)}"`).join('; ')}`;
}

function matches(item: Item, entry: ReturnType<typeof history>[number], who: { contactId: string | undefined; adminsByEmail: Map<string, string>; fallback: string }): boolean {
  if (entry.at !== item.at) return false;
  if (item.text && !entry.text.includes(item.text.slice(0, 24))) return false;
  if (item.side === 'contact') return entry.authorType !== 'admin' && (who.contactId === undefined || entry.authorId === who.contactId);
  if (entry.authorType !== 'admin') return false;
  const admin = (item.email && who.adminsByEmail.get(item.email)) || who.fallback;
  return entry.authorId === admin && (item.kind === 'note') === (entry.partType === 'note');
}
