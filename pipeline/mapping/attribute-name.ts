/**
 * Attribute names: how a Khoros field name compares with an Intercom attribute name, and
 * the name a new attribute gets. Names compare in snake case (`accountTier`, `account_tier`,
 * `Account tier` and `ACCOUNT-TIER` are all `account_tier`) by edit distance; a new name is
 * `{prefix}{snake_case}`, valid under Intercom's rule (letters, digits, spaces, `_`, `-`,
 * currency symbols other than `$`) and unused, case-insensitively.
 */
import { distance } from 'fastest-levenshtein';

/** Intercom's attribute name rule (data attributes and 2.16 conversation attributes). */
export const INTERCOM_ATTRIBUTE_NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;

/**
 * Snake case: word boundaries of camelCase, spaces, dots and hyphens become `_`, lower case.
 *
 * @example
 * snakeCase('accountTier');     // 'account_tier'
 * snakeCase('Product line');    // 'product_line'
 * snakeCase('properties.plan'); // 'properties_plan'
 * snakeCase('HTTPStatusCode');  // 'http_status_code'
 */
export function snakeCase(name: string): string {
  return name
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Similarity of two names in 0..1: 1 minus the edit distance of their snake-case forms over
 * the longer one's length.
 *
 * @example
 * nameSimilarity('accountTier', 'account_tier'); // 1
 * nameSimilarity('loyaltyNumber', 'loyalty_id'); // ~0.57
 */
export function nameSimilarity(a: string, b: string): number {
  const x = snakeCase(a);
  const y = snakeCase(b);
  if (!x || !y) return 0;
  return 1 - distance(x, y) / Math.max(x.length, y.length);
}

/**
 * A new attribute's name: `{prefix}{snake_case of the source path}`, with `_2`, `_3`, ...
 * appended while the name is taken (compared in lower case).
 *
 * @example
 * newAttributeName('khoros_', 'loyaltyNumber', new Set()); // 'khoros_loyalty_number'
 * newAttributeName('khoros_', 'loyaltyNumber', new Set(['khoros_loyalty_number'])); // 'khoros_loyalty_number_2'
 */
export function newAttributeName(prefix: string, source: string, taken: ReadonlySet<string>): string {
  const base = `${prefix}${snakeCase(source) || 'field'}`.replace(/[^\p{L}\p{N}\p{Sc} _-]|\$/gu, '_');
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  return name;
}
