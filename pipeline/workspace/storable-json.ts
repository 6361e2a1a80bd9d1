/**
 * JSON text that a workspace JSON column accepts, for any value, without throwing: what the
 * quarantine keeps of a record that was refused precisely because it cannot be stored as
 * it is. `JSON.stringify` throws on a cycle, a bigint or very deep nesting, and writes a
 * lone UTF-16 surrogate as a `\udXXX` escape that DuckDB's JSON type refuses; any of these
 * would fail the page's transaction and stop the export over one hostile record.
 */

/** Deepest nesting kept; deeper values are replaced by a marker (well under V8's stack). */
export const MAX_STORED_DEPTH = 256;

/** Any lone UTF-16 surrogate, as `cleanText` finds them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The escape `JSON.stringify` writes for a lone surrogate (paired ones stay raw). */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

/**
 * The value as JSON text, or null for `undefined` (and a function or symbol) at the top.
 * A value `JSON.stringify` serialises into text DuckDB accepts is returned as that text, so
 * an ordinary record is stored exactly. Otherwise the value is copied with what JSON cannot
 * hold replaced, each change visible in the text: a lone surrogate by U+FFFD, a bigint by
 * its digits, a cycle by `"[circular reference to <pointer>]"`, nesting past `maxDepth` by
 * `"[nested deeper than <n> levels: cut]"`, and a getter or `toJSON` that throws by
 * `"[unreadable: <message>]"`. Keys such as `__proto__` stay plain own keys.
 *
 * @default maxDepth MAX_STORED_DEPTH (256)
 * @example
 * const record: Record<string, unknown> = { id: 'C9' };
 * record.self = record;
 * storableJson(record);                  // '{"id":"C9","self":"[circular reference to /]"}'
 * storableJson({ body: 'x\uDC00', n: 1n }); // '{"body":"x\uFFFD","n":"1"}' (the U+FFFD character itself)
 */
export function storableJson(value: unknown, maxDepth = MAX_STORED_DEPTH): string | null {
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return null;
    if (!ESCAPED_SURROGATE.test(json)) return json;
  } catch {
    // A cycle, a bigint, too deep, or a throwing getter/toJSON: the copy below handles each.
  }
  return JSON.stringify(storableCopy(value, maxDepth)) ?? null;
}

/** A copy `JSON.stringify` serialises safely; objects are null-prototype, so `__proto__` stays a key. */
function storableCopy(root: unknown, maxDepth: number): unknown {
  const ancestors = new Map<object, string>();
  const copy = (input: unknown, path: string, depth: number): unknown => {
    let value = input;
    try {
      if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON(): unknown }).toJSON();
    } catch (error) {
      return `[unreadable: ${messageOf(error)}]`;
    }
    if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD');
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return value;
    const seen = ancestors.get(value);
    if (seen !== undefined) return `[circular reference to ${seen}]`;
    if (depth > maxDepth) return `[nested deeper than ${maxDepth} levels: cut]`;
    ancestors.set(value, path);
    const prefix = path === '/' ? '' : path;
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.map((item, i) => copy(item, `${prefix}/${i}`, depth + 1));
    } else {
      const object: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(value)) {
        let item: unknown;
        try {
          item = (value as Record<string, unknown>)[key];
        } catch (error) {
          item = `[unreadable: ${messageOf(error)}]`;
        }
        object[key.replace(LONE_SURROGATE, '\uFFFD')] = copy(item, `${prefix}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1);
      }
      out = object;
    }
    ancestors.delete(value);
    return out;
  };
  return copy(root, '/', 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
