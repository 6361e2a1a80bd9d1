/**
 * The payload hash the write ledger stores: sha256 of the payload's canonical JSON, so the
 * same request body hashes the same whatever order its keys were built in. A rerun compares
 * hashes to tell "the same write again" from "a changed write" without keeping the bodies
 * (which may hold customer data) in the ledger.
 */
import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does),
 * no whitespace, values as `JSON.stringify` writes them (`toJSON` honoured, `undefined`
 * and functions left out of objects and written as `null` in arrays, non-finite numbers as
 * `null`); a bigint is written as its digits. Throws on a cycle.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }); // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

/**
 * Hex sha256 of `canonicalJson(payload)`.
 *
 * @example
 * payloadHash({ name: 'VIP' }) === payloadHash(JSON.parse('{ "name": "VIP" }')); // true
 * payloadHash({ a: 1, b: 2 }) === payloadHash({ b: 2, a: 1 });                   // true
 */
export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

/** One value, or undefined where JSON leaves it out (undefined, functions, symbols). */
function write(input: unknown, seen: Set<object>): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return value.toString();
    case 'number':
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) throw new TypeError('canonicalJson: the value contains a cycle');
  seen.add(object);
  try {
    if (Array.isArray(object)) return `[${object.map((item) => write(item, seen) ?? 'null').join(',')}]`;
    const parts: string[] = [];
    for (const key of Object.keys(object).sort()) {
      const text = write((object as Record<string, unknown>)[key], seen);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(object);
  }
}
