/**
 * The lookups of one chunk of records: the run's lookups with the tables that grow with the
 * dataset (contacts, authors) completed for just the chunk's records. The chunk's entries
 * are layered over the run's tables, not copied into them, so building lookups for a chunk
 * costs the chunk's size, and memory does not grow from chunk to chunk.
 */
import type { Author } from '../../simulators/dataset/types.ts';
import type { Lookups, ResolvedContact } from './lookups.ts';

/** The per-chunk tables; each is read first, then the run's table of the same name. */
export interface ChunkTables {
  contactByCustomer?: ReadonlyMap<string, ResolvedContact>;
  authorsByCustomer?: ReadonlyMap<string, readonly Author[]>;
  customerByAuthor?: ReadonlyMap<string, string>;
}

/**
 * `base` with `chunk`'s tables layered over its own. The result is frozen, like `buildLookups`'s.
 *
 * @example
 * const lookups = buildChunkLookups(runLookups, { authorsByCustomer: chunkAuthors.authorsByCustomer });
 * transformContact(customer, { mapping, lookups });
 */
export function buildChunkLookups(base: Lookups, chunk: ChunkTables): Lookups {
  return Object.freeze({
    ...base,
    contactByCustomer: layered(chunk.contactByCustomer, base.contactByCustomer),
    authorsByCustomer: layered(chunk.authorsByCustomer, base.authorsByCustomer),
    customerByAuthor: layered(chunk.customerByAuthor, base.customerByAuthor),
  });
}

/**
 * A read-only map that answers from `over`, then from `under`.
 *
 * @example
 * layered(new Map([['a', 1]]), new Map([['a', 0], ['b', 2]])).get('a'); // 1
 */
export function layered<V>(over: ReadonlyMap<string, V> | undefined, under: ReadonlyMap<string, V>): ReadonlyMap<string, V> {
  if (!over || over.size === 0) return under;
  if (under.size === 0) return over;
  const entries = function* (): Generator<[string, V], undefined> {
    yield* over.entries();
    for (const entry of under.entries()) if (!over.has(entry[0])) yield entry;
  };
  const map: ReadonlyMap<string, V> = {
    get: (key) => (over.has(key) ? over.get(key) : under.get(key)),
    has: (key) => over.has(key) || under.has(key),
    get size() {
      let n = over.size;
      for (const key of under.keys()) if (!over.has(key)) n += 1;
      return n;
    },
    entries,
    keys: function* (): Generator<string, undefined> { for (const [k] of entries()) yield k; },
    values: function* (): Generator<V, undefined> { for (const [, v] of entries()) yield v; },
    forEach(callback, thisArg?) { for (const [k, v] of entries()) callback.call(thisArg, v, k, map); },
    [Symbol.iterator]: entries,
  };
  return map;
}
