/**
 * A read-only map that remembers every key it was asked about, so a first, cheap pass over
 * a chunk (drafting conversations) can say which contacts and authors the chunk needs
 * before they are read for it.
 */
import type { Lookups } from '../transform/lookups.ts';

/**
 * `inner`, recording the keys of every `get` and `has` into `asked`.
 *
 * @example
 * const asked = new Set<string>();
 * recordingMap(new Map(), asked).has('C0000001'); // false, and asked holds 'C0000001'
 */
export function recordingMap<V>(inner: ReadonlyMap<string, V>, asked: Set<string>): ReadonlyMap<string, V> {
  return {
    get: (key) => { asked.add(key); return inner.get(key); },
    has: (key) => { asked.add(key); return inner.has(key); },
    get size() { return inner.size; },
    entries: () => inner.entries(),
    keys: () => inner.keys(),
    values: () => inner.values(),
    forEach: (callback, thisArg?) => inner.forEach(callback, thisArg),
    [Symbol.iterator]: () => inner.entries(),
  };
}

/**
 * `lookups` whose contact and author tables record what a first pass over a chunk asks
 * them, so the chunk's contacts and authors can be read for it before the real pass.
 *
 * @example
 * const { probe, askedContacts, askedAuthors } = probeLookups(lookups);
 * conversationDraft(conversation, { mapping, lookups: probe, now }); // askedAuthors now names its authors
 */
export function probeLookups(lookups: Lookups): { probe: Lookups; askedContacts: Set<string>; askedAuthors: Set<string> } {
  const askedContacts = new Set<string>();
  const askedAuthors = new Set<string>();
  const probe: Lookups = Object.freeze({
    ...lookups,
    contactByCustomer: recordingMap(lookups.contactByCustomer, askedContacts),
    customerByAuthor: recordingMap(lookups.customerByAuthor, askedAuthors),
  });
  return { probe, askedContacts, askedAuthors };
}
