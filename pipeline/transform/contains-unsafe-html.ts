/**
 * Tells whether HTML holds active content that sanitizing removes: scripts and the tags
 * that carry them (`style`, `iframe`, `object`, `embed`, `svg`, `math`), event handler
 * attributes (`onerror=`, `onload=`) or `javascript:` URLs. For the `unsafe-html` finding.
 */

const UNSAFE = /<\s*(script|style|iframe|object|embed|svg|math|base|meta|link|form)\b|<[^>]*\son[a-z]+\s*=|(?:href|src|action)\s*=\s*["']?\s*(?:javascript|vbscript|data):/i;

/**
 * True when `html` holds active content.
 *
 * @example
 * containsUnsafeHtml('<img src="x" onerror="alert(1)">'); // true
 * containsUnsafeHtml('<p>Hello</p>'); // false
 */
export function containsUnsafeHtml(html: string): boolean {
  return UNSAFE.test(html);
}
