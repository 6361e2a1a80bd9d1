/**
 * Finds what would make a record unsafe to validate, store or spread later: a `__proto__`
 * key at any depth (a prototype-pollution vector for any `target[key] = value` copy),
 * nesting deeper than the migration's shapes ever go (a recursive walker's stack overflow),
 * a circular reference (JSON.stringify throws), a lone UTF-16 surrogate in a key or a
 * string (DuckDB's JSON type refuses the `\udXXX` escape JSON.stringify writes for it, so
 * one such record staged would break every JSON query over its raw table), or a value JSON
 * cannot hold (a bigint, a function, a symbol). JSON-parsed records can hold the first,
 * second and fourth; a programmatic source can hold any.
 */

/** Any UTF-16 surrogate: the cheap test that keeps the precise one off almost every string. */
const SURROGATE = /[\uD800-\uDFFF]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first hazard as `path problem`, or null. The walk is recursive but bounded by
 * `maxDepth`, so it cannot overflow the stack itself. Shared (non-circular) references are
 * walked once per path: JSON-parsed records have none.
 *
 * @default maxDepth 64 (a Care conversation is about 5 levels deep)
 * @example
 * findRecordHazard(JSON.parse('{"a":{"__proto__":{"x":1}}}')); // '/a/__proto__ is a forbidden key'
 * findRecordHazard(JSON.parse('{"body":"x\\udc00"}'));        // '/body holds a lone surrogate (\\udc00 at index 1)'
 * findRecordHazard({ id: 'C1' });                             // null
 */
export function findRecordHazard(record: object, maxDepth = 64): string | null {
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): string | null => {
    if (typeof value === 'string') return loneSurrogate(value) ? `${path} holds a lone surrogate (${loneSurrogate(value)})` : null;
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return `${path} is a ${typeof value}, which JSON cannot hold`;
    if (value === null || typeof value !== 'object') return null;
    if (depth > maxDepth) return `${path} nests deeper than ${maxDepth} levels`;
    if (ancestors.has(value)) return `${path} is a circular reference`;
    ancestors.add(value);
    for (const key of Object.keys(value)) {
      const at = `${path === '/' ? '' : path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key === '__proto__') return `${at} is a forbidden key`;
      if (loneSurrogate(key)) return `${at} is a key with a lone surrogate (${loneSurrogate(key)})`;
      const found = visit((value as Record<string, unknown>)[key], at, depth + 1);
      if (found) return found;
    }
    ancestors.delete(value);
    return null;
  };
  return visit(record, '/', 0);
}

/** `\udc00 at index 5` for the first lone surrogate of `text`, or null. */
function loneSurrogate(text: string): string | null {
  if (!SURROGATE.test(text)) return null;
  const found = LONE_SURROGATE.exec(text);
  return found ? `\\u${found[0].charCodeAt(0).toString(16)} at index ${found.index}` : null;
}
