/**
 * The simulator's index of contacts by `external_id` and by email (lower-cased), as the real
 * Intercom finds them without reading every contact. Without it, each create (the duplicate
 * check), each `find_by_external_id` and each reply by `user_id` or `email` walked every
 * contact, so a migration of 100,000 contacts spent its time in the simulator, quadratically.
 *
 * Built on first use from `state.contacts`, then kept by `saveContact` (every write after
 * the seed goes through it). Lookups answer stored contacts in the order they were first
 * stored, as a walk of `state.contacts` would; callers still apply the fault hooks.
 */
import type { SimState } from './context.ts';

type Contact = Record<string, any>;

interface ContactKeys {
  byExternalId: Map<string, Set<string>>;
  byEmail: Map<string, Set<string>>;
  /** Each indexed contact's keys (to unindex it) and when it was first stored. */
  entries: Map<string, { externalId: string | null; email: string | null; order: number }>;
  next: number;
}

const indexes = new WeakMap<SimState, ContactKeys>();

const emailKey = (email: unknown) => (typeof email === 'string' && email !== '' ? email.toLowerCase() : null);
const externalKey = (externalId: unknown) => (externalId === undefined || externalId === null ? null : String(externalId));

function add(map: Map<string, Set<string>>, key: string | null, id: string): void {
  if (key === null) return;
  const ids = map.get(key) ?? new Set<string>();
  ids.add(id);
  map.set(key, ids);
}

function remove(map: Map<string, Set<string>>, key: string | null, id: string): void {
  if (key === null) return;
  const ids = map.get(key);
  ids?.delete(id);
  if (ids?.size === 0) map.delete(key);
}

function indexOne(keys: ContactKeys, id: string, contact: Contact | null): void {
  const before = keys.entries.get(id);
  if (before) {
    remove(keys.byExternalId, before.externalId, id);
    remove(keys.byEmail, before.email, id);
  }
  if (!contact) {
    keys.entries.delete(id);
    return;
  }
  const entry = { externalId: externalKey(contact.external_id), email: emailKey(contact.email), order: before?.order ?? keys.next++ };
  keys.entries.set(id, entry);
  add(keys.byExternalId, entry.externalId, id);
  add(keys.byEmail, entry.email, id);
}

function keysOf(state: SimState): ContactKeys {
  let keys = indexes.get(state);
  if (!keys) {
    keys = { byExternalId: new Map(), byEmail: new Map(), entries: new Map(), next: 0 };
    for (const [id, contact] of state.contacts) indexOne(keys, id, contact);
    indexes.set(state, keys);
  }
  return keys;
}

/**
 * Keeps the index in step with a write (`saveContact` calls it); nothing to do before the
 * index is first used.
 *
 * @example
 * indexContact(state, contact.id, contact); // or null once deleted
 */
export function indexContact(state: SimState, id: string, contact: Contact | null): void {
  const keys = indexes.get(state);
  if (keys) indexOne(keys, id, contact);
}

/**
 * The stored contacts with this `external_id` and those with this email (any letter case),
 * in the order they were first stored.
 *
 * @example
 * contactsByKeys(state, { externalId: 'C0000001' });     // [{ id: '…', external_id: 'C0000001', … }]
 * contactsByKeys(state, { email: 'Jane.Doe7@Example.COM' });
 */
export function contactsByKeys(state: SimState, by: { externalId?: unknown; email?: unknown }): Contact[] {
  const keys = keysOf(state);
  const ids = new Set<string>();
  const externalId = externalKey(by.externalId);
  const email = emailKey(by.email);
  if (externalId !== null) for (const id of keys.byExternalId.get(externalId) ?? []) ids.add(id);
  if (email !== null) for (const id of keys.byEmail.get(email) ?? []) ids.add(id);
  return [...ids]
    .sort((a, b) => keys.entries.get(a)!.order - keys.entries.get(b)!.order)
    .map((id) => state.contacts.get(id))
    .filter((c): c is Contact => c !== undefined);
}
