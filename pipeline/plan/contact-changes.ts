/**
 * What an update would change on an existing Intercom contact: each field of the
 * `PUT /contacts/{id}` body whose value differs from the contact's, before → after.
 */
import type { UpdateContactPayload } from '../transform/payload-types.ts';
import type { ExistingContact } from '../transform/read-intercom-contacts.ts';

/** One changed field (`custom_attributes.account_tier` for an attribute). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields `update` changes on `contact`, in the body's order. Emails are compared as
 * written: a change of letter case is a change (Intercom keeps the spelling it is given).
 *
 * @example
 * contactChanges(contact, { external_id: 'C0000006', email: 'veronica.dicki6@mail.example' });
 * // [{ field: 'external_id', before: 'legacy-1', after: 'C0000006' }, { field: 'email', before: 'VERONICA.DICKI6@MAIL.EXAMPLE', after: 'veronica.dicki6@mail.example' }]
 */
export function contactChanges(contact: ExistingContact, update: UpdateContactPayload): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(update)) {
    if (field === 'custom_attributes') continue;
    const before = (contact as unknown as Record<string, unknown>)[field] ?? null;
    if (!same(before, after)) changes.push({ field, before, after });
  }
  for (const [name, after] of Object.entries(update.custom_attributes ?? {})) {
    const before = Object.hasOwn(contact.custom_attributes, name) ? contact.custom_attributes[name] : null;
    if (!same(before, after)) changes.push({ field: `custom_attributes.${name}`, before: before ?? null, after });
  }
  return changes;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Ids come back as strings or numbers.
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) return String(a) === String(b) && typeof a !== typeof b;
  return false;
}
