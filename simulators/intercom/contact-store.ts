/**
 * Where contact routes read and write contacts. Writes also go to the search index (see
 * `search-index.ts`). Reads apply the fault hooks of verify specs
 * (`POST {inspect}/hooks`). Hooks never touch the stored objects: they change what the API
 * answers, so `GET {inspect}/state` still shows what was really written.
 *
 * - `{"loseContact": "<id or external_id>" | [...]}`: the API acts as if the contact did
 *   not exist (get, find, list, search, update, tags → 404 or absent).
 * - `{"changeContactField": {"id": "<id or external_id>", "field": "name" | "custom_attributes.plan", "value": any} | [...]}`:
 *   every read of that contact shows `value` at that (dotted) field.
 */
import { indexContact } from './contact-keys.ts';
import type { SimState } from './context.ts';

type Contact = Record<string, any>;

interface FieldChange {
  id: string;
  field: string;
  value: unknown;
}

function list<T>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

function matches(contact: Contact, ref: string): boolean {
  return contact.id === ref || (contact.external_id != null && contact.external_id === ref);
}

/**
 * True when a `loseContact` hook hides the contact.
 *
 * @example
 * state.hooks.loseContact = 'ext-1';
 * isLost(state, { id: 'x', external_id: 'ext-1' }); // true
 */
export function isLost(state: SimState, contact: Contact): boolean {
  return list<string>(state.hooks.loseContact).some((ref) => matches(contact, String(ref)));
}

/**
 * The stored contact for an id, unless a hook lost it. Routes that write use this object.
 *
 * @example
 * const stored = findContact(state, req.params.contact_id); // undefined → 404 "User Not Found"
 */
export function findContact(state: SimState, id: string): Contact | undefined {
  const contact = state.contacts.get(id);
  return contact && !isLost(state, contact) ? contact : undefined;
}

/**
 * What a read returns for a contact (stored or from the search index): undefined when lost,
 * else a copy with the `changeContactField` hooks applied.
 *
 * @example
 * state.hooks.changeContactField = { id: c.id, field: 'name', value: 'Changed' };
 * viewContact(state, c)!.name; // 'Changed'
 */
export function viewContact(state: SimState, contact: Contact): Contact | undefined {
  if (isLost(state, contact)) return undefined;
  const changes = list<FieldChange>(state.hooks.changeContactField).filter((c) => c && matches(contact, String(c.id)));
  if (changes.length === 0) return contact;
  const copy = structuredClone(contact);
  for (const { field, value } of changes) {
    const path = String(field).split('.');
    let target = copy;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = value;
  }
  return copy;
}

/**
 * Stores a written contact (`null` to delete it) and records the write for search.
 *
 * @example
 * contact.name = 'Ann';
 * saveContact(state, contact.id, contact);
 */
export function saveContact(state: SimState, id: string, contact: Contact | null): void {
  if (contact) state.contacts.set(id, contact);
  else state.contacts.delete(id);
  indexContact(state, id, contact);
  state.contactIndex?.record(id, contact, state.now(), state.searchDelaySeconds);
}
