/**
 * Makes a string safe to send as JSON text to Intercom: lone UTF-16 surrogates (which
 * `JSON.stringify` escapes but no UTF-8 server can store) become U+FFFD, and C0 control
 * characters other than tab, newline and carriage return are dropped (NUL breaks many
 * stores; the others render as nothing).
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * The string with lone surrogates replaced and control characters removed.
 *
 * @example
 * cleanText('a\uD800b\u0000c'); // 'a\uFFFDbc'
 */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
}
