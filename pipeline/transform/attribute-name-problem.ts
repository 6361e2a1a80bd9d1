/**
 * Checks a custom attribute name against Intercom's rule before provisioning. The 2.16
 * description's error reads "must only contain alphanumeric characters, currency symbols,
 * and hyphens" and its success example is "Mithril Shirt" (spaces pass), existing
 * workspaces hold names with `_`; `.` and `$` would split or escape the
 * `custom_attributes.<name>` path. Our additions: at most 190 characters, not blank, and
 * not a name JavaScript objects treat specially (`__proto__`, `constructor`, `prototype`).
 */

const NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest attribute name the map may use (our limit; Intercom publishes none). */
export const MAX_ATTRIBUTE_NAME = 190;

/**
 * Why `name` cannot be an Intercom custom attribute name, or null when it can.
 *
 * @example
 * attributeNameProblem('khoros_loyalty_number'); // null
 * attributeNameProblem('order.number');          // 'may only hold letters, digits, spaces, "_", "-" and currency symbols other than "$"'
 */
export function attributeNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.trim() === '') return 'is blank';
  if (RESERVED.has(name)) return `"${name}" is reserved`;
  if (!NAME.test(name) || name.includes('$')) return 'may only hold letters, digits, spaces, "_", "-" and currency symbols other than "$"';
  if ([...name].length > MAX_ATTRIBUTE_NAME) return `is longer than ${MAX_ATTRIBUTE_NAME} characters`;
  if (name !== name.trim()) return 'starts or ends with a space';
  return null;
}
