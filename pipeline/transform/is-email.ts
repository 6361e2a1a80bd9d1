/**
 * The email shape the transforms send to Intercom (stricter than the map's `email`
 * conversion, which only asks for `local@domain`): no spaces, one `@`, a dot in the
 * domain, at most 254 characters. Our request schemas use the same pattern.
 */

/**
 * True for an email address we send.
 *
 * @example
 * isEmail('a@b.example'); // true
 * isEmail('a@b');         // false
 */
export function isEmail(text: string): boolean {
  return typeof text === 'string' && text.length <= 254 && /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;.]+$/.test(text) && !text.includes('..');
}
