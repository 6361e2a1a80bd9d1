/**
 * HTML → plain text for the fields Intercom takes as text (the body of `POST /conversations`,
 * "HTML is not supported"; contact replies; titles, names and attribute values). The HTML
 * is first sanitized by sanitize-html (so `<script>`, `<style>` and the like go with their
 * content), then blocks and `<br>` become newlines, a link keeps its address as
 * `label (url)`, and entities are decoded.
 */
import sanitizeHtml from 'sanitize-html';
import { cleanText } from './clean-text.ts';

const BLOCKS = ['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'table', 'ul', 'ol', 'section', 'article'];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * The text of an HTML fragment, one line per block, trimmed.
 *
 * @example
 * htmlToText('<p>See <a href="https://x.test/a">the docs</a></p><p>Bye &amp; thanks</p>');
 * // 'See the docs (https://x.test/a)\nBye & thanks'
 */
export function htmlToText(html: string): string {
  const clean = sanitizeHtml(cleanText(html), {
    allowedTags: ['a', 'br', ...BLOCKS],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  });
  return clean
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, (_w, href: string, label: string) => {
      const text = label.replace(/<[^>]*>/g, '').trim();
      const url = decode(href);
      return !text ? url : decode(text) === url ? text : `${text} (${url})`;
    })
    .replace(/<br\s*\/?>/g, '\n')
    .replace(new RegExp(`</?(?:${BLOCKS.join('|')})\\b[^>]*>`, 'g'), '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+|#39);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
      if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
      return ENTITIES[name] ?? whole;
    })
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}

function decode(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined;
}
