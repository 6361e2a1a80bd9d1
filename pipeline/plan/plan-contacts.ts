/**
 * Plans the contacts: each staged customer, enriched by its Care authors, transformed with
 * the confirmed map and classified against the ledger and the Intercom contacts that already
 * stand for customers (`readIntercomContacts`), one chunk at a time.
 *
 * Order of the rules: a customer the transform does not write (no usable email under
 * `policies.noEmail: skip`, an unusable external id) is queued; one the ledger says was
 * written is skipped when its payload is unchanged, else updated; one matched in Intercom by
 * external id, or by email (letter case aside), is updated with the fields that differ, or
 * skipped when none does; a customer whose email another customer (with a smaller id)
 * already has is queued, as Intercom keeps one user per email; the rest are created.
 */
import type { Customer } from '../../simulators/dataset/types.ts';
import { buildChunkLookups } from '../transform/build-chunk-lookups.ts';
import { buildRecordHashes } from '../transform/build-payload-hash.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import type { MatchedContact } from '../transform/read-intercom-contacts.ts';
import { readLedgerState, type LedgerRecord } from '../transform/read-ledger-state.ts';
import { transformContact, type TransformedContact } from '../transform/transform-contact.ts';
import { contactChanges } from './contact-changes.ts';
import { ledgerVerdict } from './ledger-verdict.ts';
import { compactFindings, type PlanContext, type PlannedEntry } from './plan-context.ts';
import type { PlanItem } from './plan-item.ts';
import { stagedChunks } from './staged-chunks.ts';

/** Ledger object type of contacts. */
export const CONTACT_LEDGER_TYPES = ['contact'] as const;

/**
 * Plans every staged customer.
 *
 * @example
 * await planContacts(context); // items recorded through context.record
 */
export async function planContacts(context: PlanContext): Promise<void> {
  const { workspace, mapping } = context;
  for await (const chunk of stagedChunks<Customer>(workspace, 'customers', context.chunkSize)) {
    const keys = chunk.map((r) => r.key);
    const authors = await readAuthorLookups(workspace, { customerIds: keys });
    const lookups = buildChunkLookups(context.lookups, { authorsByCustomer: authors.authorsByCustomer });
    const written = context.ledger ? await readLedgerState(workspace, CONTACT_LEDGER_TYPES, keys) : new Map<string, LedgerRecord>();
    const matches = await context.contacts.matchesOf(keys);
    const entries: PlannedEntry[] = chunk.map(({ key, payload }) => {
      const result = transformContact(payload, { mapping, lookups, now: context.now });
      return {
        item: classifyContact(key, result, {
          matched: matches.get(key), written: written.get(key), sharedWith: sharedWith(context, key, result),
        }),
        findings: result.findings,
        quarantined: result.quarantined.length,
      };
    });
    await context.record(entries);
  }
}

/** What a customer is classified against. */
export interface ContactFacts {
  /** The Intercom contact that stands for it, if any. */
  matched?: MatchedContact;
  /** Its latest write in the ledger, if any. */
  written?: LedgerRecord;
  /** The customer that has its email first, when another one does. */
  sharedWith?: string;
}

/**
 * Classifies one transformed customer. Pure.
 *
 * @example
 * classifyContact('C0000006', result, { matched }).action; // 'update'
 */
export function classifyContact(key: string, result: TransformedContact, facts: ContactFacts): PlanItem {
  const base = { objectType: 'contact', family: 'customers', khorosKey: key };
  const common: Record<string, unknown> = {
    findings: compactFindings(result.findings),
    ...(result.quarantined.length ? { quarantined: result.quarantined.map((q) => ({ field: q.field, reason: q.reason })) } : {}),
    ...(result.queue ? { queue: result.queue } : {}),
  };
  if (!result.create || !result.update) {
    const reason = result.queue?.rule ?? 'not-written';
    return { ...base, action: 'queue', intercomId: null, reason, detail: { note: result.queue?.reason ?? `customer ${key} is not written`, ...common } };
  }
  const hashes = buildRecordHashes(result);
  const planned = { email: result.create.email ?? null, externalId: result.create.external_id, payloadHash: hashes.result, ...common };
  const { matched, written } = facts;
  const verdict = ledgerVerdict(written, hashes);
  const role = matched?.contact.role ?? result.create.role;
  if (verdict === 'same') {
    return { ...base, action: 'skip', intercomId: written!.intercomId, reason: 'already-migrated',
      detail: { note: `written by run ${written!.runId ?? '?'} with the same payload`, role, ...planned } };
  }
  if (verdict === 'changed') {
    const changes = matched ? contactChanges(matched.contact, result.update) : undefined;
    return { ...base, action: 'update', intercomId: written!.intercomId, reason: 'payload-changed',
      detail: { note: `written by run ${written!.runId ?? '?'}; the payload changed since`, role, ...(changes ? { changes } : {}), ...planned } };
  }
  if (facts.sharedWith !== undefined && matched?.matchedBy !== 'external_id') {
    return { ...base, action: 'queue', intercomId: null, reason: 'email-shared-by-customers',
      detail: { note: `customer ${facts.sharedWith} has the same email (letter case aside); Intercom keeps one user per email: reconcile the two`, ...planned } };
  }
  if (matched) {
    const changes = contactChanges(matched.contact, result.update);
    const how = matched.matchedBy === 'external_id' ? 'matched-by-external-id' : 'matched-by-email';
    const detail = { role, matchedBy: matched.matchedBy, changes, ...planned };
    return changes.length
      ? { ...base, action: 'update', intercomId: matched.contact.id, reason: how, detail: { note: `${matched.contact.role} ${matched.contact.id} exists (${matched.matchedBy}); ${changes.length} field${changes.length === 1 ? '' : 's'} change`, ...detail } }
      : { ...base, action: 'skip', intercomId: matched.contact.id, reason: 'unchanged', detail: { note: `${matched.contact.role} ${matched.contact.id} exists (${matched.matchedBy}) with the same values`, ...detail } };
  }
  return { ...base, action: 'create', intercomId: null, reason: 'new', detail: { note: `created as a ${result.create.role}`, role, ...planned } };
}

/** The first customer with this customer's email, when it is another one. */
function sharedWith(context: PlanContext, key: string, result: TransformedContact): string | undefined {
  const email = result.create?.email?.trim().toLowerCase();
  const group = email === undefined ? undefined : context.contacts.sharedEmails.get(email);
  return group && group[0] !== key && group.includes(key) ? group[0] : undefined;
}
