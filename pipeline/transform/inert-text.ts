/**
 * Keeps text inert where a reader may take it for HTML. Contact bodies are sent to Intercom
 * as text ("HTML is not supported"), yet a customer's HTML message holding `&lt;script&gt;`
 * becomes `<script>` once `htmlToText` decodes it, and a reply body may still be read as
 * HTML on the other side. A zero-width space after each `<` that would open a tag, an end
 * tag, a comment or a declaration means no HTML parser starts markup there, while a person
 * reads the same characters.
 */

/**
 * The text with `<` followed by a letter, `/`, `!` or `?` made inert; any other text unchanged.
 *
 * @example
 * inertText('<script>alert(1)</script>'); // '<\u200Bscript>alert(1)<\u200B/script>'
 * inertText('2 < 3 and 5 > 4');          // '2 < 3 and 5 > 4'
 */
export function inertText(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, '<\u200B');
}
