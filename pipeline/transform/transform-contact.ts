/**
 * Transforms a staged CRM customer, enriched by its Care authors, into the Intercom
 * contact requests: `POST /contacts` and the `PUT /contacts/{id}` body for a contact that
 * already exists (found by `external_id` or a 409). Fields land as the confirmed map says
 * (`objects.customers`, then `objects.authors` for what the customer leaves empty: screen
 * name, brandOwned, profile properties); values that do not convert are quarantined with
 * the reason; a customer without a usable email follows `policies.noEmail` and is queued.
 *
 * Decisions: `external_id` is the customer id unless the map sets it (the import keys
 * contacts on it); only live authors enrich (not deleted, not merged away), the most
 * recently modified first; an author's `screenName` and `name` are its first network
 * handle's when the Person has none of its own; `owner_id` given as an email is the
 * admin with that email.
 */
import type { Author, Customer } from '../../simulators/dataset/types.ts';
import { isEmail } from './is-email.ts';
import { evaluateFields, type EvaluatedField } from './evaluate-fields.ts';
import type { Finding, QuarantinedField, QueueEntry, SourceRef } from './findings.ts';
import { noEmailAction } from './no-email-action.ts';
import { placeholderEmail } from './placeholder-email.ts';
import type { AttributeValue, CreateContactPayload, UpdateContactPayload } from './payload-types.ts';
import { preflight } from './preflight.ts';
import type { TransformContext } from './transform-context.ts';

/** A transformed customer. */
export interface TransformedContact {
  kind: 'contact';
  source: SourceRef;
  /** `POST /contacts`; null when the customer is skipped. */
  create: CreateContactPayload | null;
  /** `PUT /contacts/{id}` for an existing contact; null when skipped. */
  update: UpdateContactPayload | null;
  findings: Finding[];
  quarantined: QuarantinedField[];
  /** Set for customers without a usable email (the reconciliation queue). */
  queue: QueueEntry | null;
}

/**
 * The contact requests for `customer`. Pure; never throws on odd data.
 *
 * @example
 * const result = transformContact(customer, { mapping, lookups });
 * result.create; // { role: 'user', external_id: 'C0000002', email: 'samuel.kuvalis2@example.org', name: 'Samuel Kuvalis', custom_attributes: {...} }
 */
export function transformContact(customer: Customer, context: TransformContext): TransformedContact {
  const { mapping, lookups } = context;
  const id = String(customer?.id ?? '');
  const authors = (lookups.authorsByCustomer.get(id) ?? []).filter((a) => a && typeof a === 'object');
  const live = authors
    .filter((a) => !a.deleted && !a.mergedIntoId)
    .sort((a, b) => (Number(b.lastModified) || 0) - (Number(a.lastModified) || 0) || (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
  const fields: EvaluatedField[] = [
    ...evaluateFields(customer, mapping?.objects?.customers?.fields ?? [], 'contact'),
    ...live.flatMap((a) => evaluateFields(authorView(a), mapping?.objects?.authors?.fields ?? [], 'contact')),
  ];

  const standard = new Map<string, AttributeValue>();
  const attributes = new Map<string, AttributeValue>();
  const quarantined: QuarantinedField[] = [];
  for (const f of fields) {
    if (f.status === 'failed') quarantined.push({ field: String(f.row?.source ?? ''), value: f.raw, reason: f.reason ?? 'failed' });
    if (f.status !== 'value') continue;
    const into = f.target === 'standard' ? standard : f.target === 'attribute' ? attributes : null;
    if (into && !into.has(f.name)) into.set(f.name, f.value as AttributeValue);
  }
  const mappedEmail = standard.get('email');
  const email = typeof mappedEmail === 'string' && isEmail(mappedEmail) ? mappedEmail : null;

  const action = email === null ? noEmailAction(mapping, id) : null;
  const address = action === 'placeholder' ? placeholderEmail(mapping, id) : email;
  const findings = preflight({ kind: 'contact', customer, fields, email, authors, enrichedFrom: live }, context);
  const source: SourceRef = { family: 'customers', id };
  const queue: QueueEntry | null = action === null ? null : {
    rule: 'customer-without-email',
    action,
    reason: action === 'skip' ? `customer ${id} has no usable email: not written` : action === 'lead' ? `customer ${id} has no usable email: written as a lead` : `customer ${id} has no usable email: written with the placeholder ${address}`,
  };
  if (action === 'skip') return { kind: 'contact', source, create: null, update: null, findings, quarantined, queue };
  const mappedKey = standard.get('external_id');
  const externalId = typeof mappedKey === 'string' ? mappedKey : id;
  if (externalId === '' || [...externalId].length > 255) {
    const reason = `external id ${JSON.stringify(externalId.slice(0, 40))} is blank or over 255 characters: not written`;
    return { kind: 'contact', source, create: null, update: null, findings, quarantined, queue: { rule: 'source-id-invalid', action: 'skip', reason } };
  }

  const owner = standard.get('owner_id');
  const ownerId = owner === undefined ? undefined : /^\d{1,32}$/.test(String(owner)) ? String(owner) : lookups.adminByEmail.get(String(owner).trim().toLowerCase());
  if (owner !== undefined && ownerId === undefined) quarantined.push({ field: 'owner_id', value: owner, reason: `no Intercom admin has the email ${String(owner)}` });
  const text = (name: string) => (typeof standard.get(name) === 'string' ? { [name]: standard.get(name) as string } : {});
  const time = (name: string) => (Number.isSafeInteger(standard.get(name)) ? { [name]: standard.get(name) as number } : {});
  const body: UpdateContactPayload = {
    external_id: externalId,
    ...(address ? { email: address } : {}),
    ...text('name'), ...text('phone'), ...text('avatar'),
    ...time('signed_up_at'), ...time('last_seen_at'),
    ...(ownerId ? { owner_id: ownerId } : {}),
    ...(typeof standard.get('unsubscribed_from_emails') === 'boolean' ? { unsubscribed_from_emails: standard.get('unsubscribed_from_emails') as boolean } : {}),
    ...(attributes.size ? { custom_attributes: Object.fromEntries(attributes) } : {}),
  };
  const create: CreateContactPayload = { role: action === 'lead' ? 'lead' : 'user', ...body } as CreateContactPayload;
  return { kind: 'contact', source, create, update: body, findings, quarantined, queue };
}

/** The author as the map's `authors` rows read it: `screenName` and `name` from its first handle when the Person has none. */
function authorView(author: Author): Record<string, unknown> {
  const handles = author.handles && typeof author.handles === 'object' ? Object.values(author.handles).flat() : [];
  const first = (key: 'screenName' | 'name') => handles.find((h) => h && typeof h === 'object' && typeof h[key] === 'string' && h[key] !== '')?.[key];
  const own = author as unknown as Record<string, unknown>;
  return {
    ...author,
    ...(typeof own.screenName === 'string' ? {} : { screenName: first('screenName') }),
    ...(typeof own.name === 'string' ? {} : { name: first('name') }),
  };
}
