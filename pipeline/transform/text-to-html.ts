/**
 * Plain text → HTML paragraphs, for admin comments and notes whose source is plain text:
 * Intercom reads those bodies as HTML, so `<` in the text must be escaped to survive.
 */

/**
 * Escaped paragraphs: blank lines separate paragraphs, single newlines become `<br>`.
 *
 * @example
 * textToHtml('a < b\nc\n\nBye'); // '<p>a &lt; b<br>c</p><p>Bye</p>'
 */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
