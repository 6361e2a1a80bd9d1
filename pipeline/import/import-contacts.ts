/**
 * Imports the contacts: each staged customer (read in chunks by key, its Care authors read
 * for the chunk alone, so the transform enriches it), transformed with the confirmed map,
 * then written under the ledger:
 *
 * - the ledger's last write for the customer is done with the same body → skipped;
 * - a contact already stands for it (the ledger's, else one matched in Intercom by
 *   `external_id` or email) → `PUT /contacts/{id}` with the fields that differ, their old
 *   values kept as the before-image (nothing sent when none differs);
 * - else `POST /contacts`, whose lookup (after a 5xx or reset) finds the contact by
 *   `external_id` (`GET /contacts/find_by_external_id`, users; a search for leads) instead of
 *   sending it again; a 409 "already exists with id=…" turns into the update of that id.
 *
 * A customer the transform does not write (no usable email under `policies.noEmail: skip`)
 * and one Intercom refuses (4xx) go to quarantine (`import_contacts`) and the step goes on;
 * a rate limit or an outage stops it (the error is rethrown; a rerun resumes).
 */
import type { Customer } from '../../simulators/dataset/types.ts';
import { IntercomRequestError } from '../errors.ts';
import { contactChanges } from '../plan/contact-changes.ts';
import { stagedChunks } from '../plan/staged-chunks.ts';
import { buildChunkLookups } from '../transform/build-chunk-lookups.ts';
import type { UpdateContactPayload } from '../transform/payload-types.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import type { ExistingContact, IntercomContactIndex, MatchedContact } from '../transform/read-intercom-contacts.ts';
import { transformContact, type TransformedContact } from '../transform/transform-contact.ts';
import { ledgered, recordDone, recordFailed, recordWrites, type RecordWrites } from '../workspace/ledger.ts';
import { payloadHash } from '../workspace/ledger-hash.ts';
import { emptyCounts, onlyKeys, type ImportContext, type StepCounts } from './import-context.ts';
import { findContactByExternalId } from './find-contact.ts';
import { forEachConcurrently } from './for-each-concurrently.ts';
import { quarantineRecord } from './quarantine-record.ts';

/** Quarantine family of contacts import could not write. */
export const CONTACTS_QUARANTINE = 'import_contacts';

type Obj = Record<string, any>;

/**
 * Imports every staged customer; answers the counts.
 *
 * @example
 * const counts = await importContacts(context, await readIntercomContacts({ workspace, intercom, mapping }));
 */
export async function importContacts(context: ImportContext, existing: IntercomContactIndex): Promise<StepCounts> {
  const { workspace, mapping } = context;
  const counts = emptyCounts();
  for await (const staged of stagedChunks<Customer>(workspace, 'customers', context.chunkSize)) {
    const chunk = onlyKeys(context, staged);
    if (chunk.length === 0) continue;
    const authors = await readAuthorLookups(workspace, { customerIds: chunk.map((r) => r.key) });
    const lookups = buildChunkLookups(context.lookups, { authorsByCustomer: authors.authorsByCustomer });
    const matched = await existing.matchesOf(chunk.map((r) => r.key));
    // What the ledger holds for the chunk, read once (each customer is handled once per chunk).
    const writes = await recordWrites(workspace, ['contact'], chunk.map((r) => r.key));
    // Customers side by side (`context.concurrency`); each write is committed to the ledger as it returns.
    await forEachConcurrently(chunk, context.concurrency, async ({ key, payload }) => {
      const transformed = transformContact(payload, { mapping, lookups, now: context.now });
      const { result, problem } = context.customize?.contact(transformed, { family: 'customers', key, payload }) ?? { result: transformed, problem: null };
      if (problem !== null) {
        await quarantineRecord(workspace, CONTACTS_QUARANTINE, key, problem, 'POST /contacts');
        counts.quarantined += 1;
        return;
      }
      await importContact(context, writes, key, result, { matched: matched.get(key), sharedEmails: existing.sharedEmails }, counts);
    });
    context.onProgress?.({ step: 'contacts', counts: { ...counts } });
  }
  return counts;
}

/** The customer's Intercom contact, if any, and the emails customers share. */
interface ExistingMatch {
  matched: MatchedContact | undefined;
  sharedEmails: IntercomContactIndex['sharedEmails'];
}

/** One customer. */
async function importContact(context: ImportContext, writes: RecordWrites, key: string, result: TransformedContact, existing: ExistingMatch, counts: StepCounts): Promise<void> {
  const { workspace, intercom } = context;
  if (!result.create || !result.update) {
    await quarantineRecord(workspace, CONTACTS_QUARANTINE, key, `queued ${result.queue?.rule ?? 'not-written'}: ${result.queue?.reason ?? 'not written'}`, 'POST /contacts');
    counts.quarantined += 1;
    return;
  }
  // Intercom keeps one user per email: a customer whose email an earlier customer has (letter case aside) is queued, as the plan says.
  const email = result.create.email?.trim().toLowerCase();
  const group = email === undefined ? undefined : existing.sharedEmails.get(email);
  if (group && group[0] !== key && existing.matched?.matchedBy !== 'external_id') {
    await quarantineRecord(workspace, CONTACTS_QUARANTINE, key, `queued email-shared-by-customers: customer ${group[0]} has the same email; Intercom keeps one user per email: reconcile the two`, 'POST /contacts');
    counts.quarantined += 1;
    return;
  }
  const hashes = new Set([payloadHash(result.create), payloadHash(result.update)]);
  let last = writes.last('contact', key);
  if (last?.status === 'intent') {
    // A kill (or a lost answer) left this write unsettled: settle it before writing anything new.
    const found = last.operation === 'create'
      ? await findContactByExternalId(intercom, result.create.external_id, result.create.role, { sentAt: last.recordedAt.getTime(), lagMs: context.searchLagMs })
      : undefined;
    last = found ? await recordDone(workspace, last.seq, { intercomId: String(found.id) })
      : await recordFailed(workspace, last.seq, last.operation === 'create' ? 'reconciled: the contact was not in Intercom; created again' : 'reconciled: idempotent write sent again');
  }
  if (last?.status === 'done' && hashes.has(last.payloadHash)) {
    counts.skipped += 1;
    return;
  }
  // The contact a done write of an earlier run (or the reconciliation just above) names.
  const doneId = (last?.status === 'done' ? last.intercomId : writes.lastDone('contact', key)?.intercomId) ?? undefined;
  const matched = existing.matched?.contact;
  const targetId = doneId ?? matched?.id;
  try {
    if (targetId) {
      await updateContact(context, writes, key, targetId, result.update, matched?.id === targetId ? matched : undefined, counts);
      return;
    }
    const create = result.create;
    const sentAt = Date.now();
    try {
      await ledgered(workspace, {
        objectType: 'contact', khorosKey: key, operation: 'create', endpoint: 'POST /contacts', payload: create,
        send: () => intercom.request<Obj>('POST', '/contacts', { json: create, lookup: () => findContactByExternalId(intercom, create.external_id, create.role, { sentAt, lagMs: context.searchLagMs }) }),
        settle: (contact) => ({ intercomId: String(contact.id) }),
      });
      counts.created += 1;
    } catch (error) {
      const id = conflictId(error);
      if (id === null) throw error;
      // Intercom has it already (a search missed it, or an earlier tool wrote it): update it, unless it stands for another record.
      const current = asExisting(await intercom.request<Obj>('GET', `/contacts/${encodeURIComponent(id)}`));
      if (current.external_id !== null && current.external_id !== create.external_id) throw error;
      await updateContact(context, writes, key, id, result.update, current, counts);
    }
  } catch (error) {
    if (!(error instanceof IntercomRequestError)) throw error;
    await quarantineRecord(workspace, CONTACTS_QUARANTINE, key, error, error.method + ' ' + error.path);
    counts.quarantined += 1;
  }
}

/**
 * `PUT /contacts/{id}` with the fields that differ from the contact as it is now; the
 * before-image holds their old values (and those an unfinished earlier update recorded,
 * which are older still).
 */
async function updateContact(
  context: ImportContext, writes: RecordWrites, key: string, id: string, update: UpdateContactPayload, known: ExistingContact | undefined, counts: StepCounts,
): Promise<void> {
  const { workspace, intercom } = context;
  const current = known ?? asExisting(await intercom.request<Obj>('GET', `/contacts/${encodeURIComponent(id)}`));
  const changes = contactChanges(current, update);
  if (changes.length === 0) {
    counts.skipped += 1;
    return;
  }
  const before: Record<string, unknown> = Object.fromEntries(changes.map((c) => [c.field, c.before]));
  const earlier = writes.last('contact', key, 'update');
  if (earlier && earlier.status !== 'done' && earlier.beforeImage && typeof earlier.beforeImage === 'object') {
    Object.assign(before, earlier.beforeImage as Record<string, unknown>);
  }
  await ledgered(workspace, {
    objectType: 'contact', khorosKey: key, operation: 'update', endpoint: `PUT /contacts/${id}`, payload: update, beforeImage: before,
    send: () => intercom.request<Obj>('PUT', `/contacts/${encodeURIComponent(id)}`, { json: update }),
    settle: (contact) => ({ intercomId: String(contact?.id ?? id) }),
  });
  counts.updated += 1;
}

/** The id of "A contact matching those details already exists with id=…" (409), else null. */
export function conflictId(error: unknown): string | null {
  if (!(error instanceof IntercomRequestError) || error.status !== 409) return null;
  for (const detail of error.errors) {
    const match = /already exists with id=([0-9a-zA-Z]+)/.exec(detail.message ?? '');
    if (match) return match[1];
  }
  return null;
}

/** A `GET /contacts/{id}` answer as the fields an update compares. */
function asExisting(contact: Obj): ExistingContact {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const time = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    id: String(contact.id), role: contact.role === 'lead' ? 'lead' : 'user', external_id: text(contact.external_id), email: text(contact.email),
    name: text(contact.name), phone: text(contact.phone), avatar: text(contact.avatar?.image_url ?? contact.avatar),
    signed_up_at: time(contact.signed_up_at), last_seen_at: time(contact.last_seen_at),
    owner_id: contact.owner_id === null || contact.owner_id === undefined ? null : String(contact.owner_id),
    unsubscribed_from_emails: typeof contact.unsubscribed_from_emails === 'boolean' ? contact.unsubscribed_from_emails : null,
    custom_attributes: contact.custom_attributes && typeof contact.custom_attributes === 'object' ? contact.custom_attributes : {},
  };
}
