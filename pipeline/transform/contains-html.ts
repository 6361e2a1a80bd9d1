/**
 * Tells whether text holds HTML markup (a tag, a comment or a doctype), to decide where a
 * body needs sanitizing or stripping. `a < b` and `<3` are not markup.
 */

const MARKUP = /<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>|\/[a-zA-Z][a-zA-Z0-9-]*\s*>|!--|!doctype)/i;

/**
 * True when the text holds an HTML tag, comment or doctype.
 *
 * @example
 * containsHtml('<p>Hi</p>'); // true
 * containsHtml('1 < 2 and 3 > 2'); // false
 */
export function containsHtml(text: string): boolean {
  return MARKUP.test(text);
}
