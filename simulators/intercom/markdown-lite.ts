/**
 * A small Markdown → HTML conversion for `body_markdown` (2.16 articles and internal articles):
 * ATX headings, paragraphs, `-`/`*`/`1.` lists, `**bold**`, `*italic*`, `` `code` `` and
 * `[label](url)`. Enough for the simulator to answer an HTML `body` beside the markdown;
 * Intercom's own renderer is not published.
 */
import { escapeHtml } from './html-rules.ts';

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
}

/**
 * Converts Markdown to HTML.
 *
 * @example
 * markdownToHtml('# Hello\n\nA paragraph with **bold** text.');
 * // '<h1>Hello</h1>\n<p>A paragraph with <strong>bold</strong> text.</p>'
 */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  for (const block of markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(lines[0]);
    if (heading && lines.length === 1) {
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
      out.push(`<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`);
    } else if (lines.every((l) => /^\s*\d+\.\s+/.test(l))) {
      out.push(`<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+\.\s+/, ''))}</li>`).join('')}</ol>`);
    } else {
      out.push(`<p>${lines.map(inline).join('<br>')}</p>`);
    }
  }
  return out.join('\n');
}
