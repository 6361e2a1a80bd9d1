/**
 * Finds what would make a record unsafe to validate, store or spread later: a `__proto__`
 * key at any depth (a prototype-pollution vector for any `target[key] = value` copy),
 * nesting deeper than the migration's shapes ever go (a recursive walker's stack overflow),
 * or a circular reference (JSON.stringify throws). JSON-parsed records can hold the first
 * two; a programmatic source can hold the third.
 */

/**
 * The first hazard as `path problem`, or null. The walk is recursive but bounded by
 * `maxDepth`, so it cannot overflow the stack itself. Shared (non-circular) references are
 * walked once per path: JSON-parsed records have none.
 *
 * @default maxDepth 64 (a Care conversation is about 5 levels deep)
 * @example
 * findRecordHazard(JSON.parse('{"a":{"__proto__":{"x":1}}}')); // '/a/__proto__ is a forbidden key'
 * findRecordHazard({ id: 'C1' });                             // null
 */
export function findRecordHazard(record: object, maxDepth = 64): string | null {
  const ancestors = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): string | null => {
    if (value === null || typeof value !== 'object') return null;
    if (depth > maxDepth) return `${path} nests deeper than ${maxDepth} levels`;
    if (ancestors.has(value)) return `${path} is a circular reference`;
    ancestors.add(value);
    for (const key of Object.keys(value)) {
      const at = `${path === '/' ? '' : path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key === '__proto__') return `${at} is a forbidden key`;
      const found = visit((value as Record<string, unknown>)[key], at, depth + 1);
      if (found) return found;
    }
    ancestors.delete(value);
    return null;
  };
  return visit(record, '/', 0);
}
