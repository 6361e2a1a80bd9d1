/**
 * Tells whether a body says nothing once cleaned (Intercom refuses a comment or note
 * without a body, and a blank one says nothing to a reader).
 */
import { htmlToText } from './html-to-text.ts';

/**
 * True when the body has no text and no image.
 *
 * @example
 * isBlankBody('<p> </p>'); // true
 * isBlankBody('<p><img src="https://x.test/a.png"></p>'); // false
 */
export function isBlankBody(body: unknown): boolean {
  if (typeof body !== 'string') return true;
  return htmlToText(body) === '' && !/<img\b[^>]*\bsrc\s*=\s*["']?[^\s"'>]/i.test(body);
}
