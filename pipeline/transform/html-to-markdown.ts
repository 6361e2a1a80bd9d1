/**
 * HTML → Markdown (CommonMark, with GitHub's tables and strikethrough) for writing Khoros
 * article bodies out as files. The HTML is first sanitized as an Intercom article body
 * (`sanitizeIntercomHtml`: no scripts, styles or event handlers; their content goes too),
 * so what is converted is well-formed and holds only the tags an article may hold; the
 * `image` and `link` hooks see every `<img src>` and `<a href>` first, to point them at
 * downloaded copies or other files. Blocks are separated by a blank line; text is escaped
 * where Markdown would read it as markup.
 */
import { sanitizeIntercomHtml, type UrlRewriters } from './sanitize-intercom-html.ts';

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}
type Node = Element | string;

const VOID = new Set(['img', 'br', 'hr']);
const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'table', 'figure', 'figcaption', 'iframe']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };
const TOKEN = /<\/([a-z0-9]+)\s*>|<([a-z0-9]+)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)|</gi;

/**
 * The Markdown of an HTML fragment.
 *
 * @param rewrite hooks that may replace each image source and link address
 * @example
 * htmlToMarkdown('<h3>Steps</h3><ol><li>Open <strong>Settings</strong></li></ol><p><img src="/t5/image/serverpage/image-id/1i2/x" alt="a"></p>',
 *   { image: () => 'images/1i2.png' });
 * // '### Steps\n\n1. Open **Settings**\n\n![a](images/1i2.png)'
 */
export function htmlToMarkdown(html: string, rewrite: UrlRewriters = {}): string {
  const clean = sanitizeIntercomHtml(typeof html === 'string' ? html : '', 'article', rewrite);
  return blocks(parse(clean).children).replace(/\n{3,}/g, '\n\n').trim();
}

/** The element tree of sanitized HTML (a stray closing tag is ignored). */
function parse(html: string): Element {
  const root: Element = { tag: '#root', attrs: {}, children: [] };
  const stack = [root];
  for (const match of html.matchAll(TOKEN)) {
    const [whole, closing, opening, attributes, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined || (!closing && !opening)) top.children.push(decode(text ?? whole));
    else if (opening) {
      const element: Element = { tag: opening.toLowerCase(), attrs: attrs(attributes ?? ''), children: [] };
      top.children.push(element);
      if (!VOID.has(element.tag)) stack.push(element);
    } else {
      const at = stack.map((e) => e.tag).lastIndexOf(closing.toLowerCase());
      if (at > 0) stack.length = at;
    }
  }
  return root;
}

function attrs(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name.toLowerCase(), decode(value ?? '')]));
}

/** Children as blocks: runs of inline nodes become paragraphs (a list item's are kept tight, one line apart). */
function blocks(nodes: Node[], separator = '\n\n'): string {
  const out: string[] = [];
  let run: Node[] = [];
  const flush = () => {
    const text = escapeLineStart(inline(run).trim());
    if (text) out.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (typeof node === 'string' || !BLOCK.has(node.tag)) run.push(node);
    else {
      flush();
      const text = block(node);
      if (text) out.push(text);
    }
  }
  flush();
  return out.join(separator);
}

function block(element: Element): string {
  const { tag, children } = element;
  if (/^h[1-6]$/.test(tag)) return `${'#'.repeat(Number(tag[1]))} ${inline(children).trim().replace(/\n/g, ' ')}`;
  switch (tag) {
    case 'hr': return '---';
    case 'pre': return fence(textOf(children));
    case 'blockquote': return blocks(children).split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
    case 'ul': case 'ol': return list(element);
    case 'table': return table(element);
    case 'iframe': return element.attrs.src ? `[${escape(element.attrs.title || element.attrs.src)}](${destination(element.attrs.src)})` : '';
    default: return blocks(children);
  }
}

function list(element: Element): string {
  const items = element.children.filter((c): c is Element => typeof c !== 'string' && c.tag === 'li');
  return items.map((item, i) => {
    const marker = element.tag === 'ol' ? `${i + 1}. ` : '- ';
    const body = blocks(item.children, '\n');
    const [first, ...rest] = body.split('\n');
    return [marker + first, ...rest.map((line) => (line ? ' '.repeat(marker.length) + line : ''))].join('\n');
  }).join('\n');
}

function table(element: Element): string {
  const rows: Element[] = [];
  const collect = (nodes: Node[]) => {
    for (const node of nodes) if (typeof node !== 'string') node.tag === 'tr' ? rows.push(node) : collect(node.children);
  };
  collect(element.children);
  const cells = rows.map((row) => row.children.filter((c): c is Element => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th'))
    .map((cell) => inline(cell.children).trim().replace(/\\?\n/g, ' ')));
  const width = Math.max(0, ...cells.map((r) => r.length));
  if (width === 0) return '';
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  return [line(cells[0]), line(Array(width).fill('---')), ...cells.slice(1).map(line)].join('\n');
}

/** Inline content: emphasis, links, images, line breaks; whitespace collapsed as a browser would. */
function inline(nodes: Node[]): string {
  return nodes.map((node) => {
    if (typeof node === 'string') return escape(node.replace(/[ \t\r\n]+/g, ' '));
    const inner = () => inline(node.children);
    switch (node.tag) {
      case 'br': return '\\\n';
      case 'img': return node.attrs.src ? `![${escape(node.attrs.alt ?? '')}](${destination(node.attrs.src)})` : '';
      case 'a': {
        const label = inner().trim();
        return node.attrs.href ? `[${label || escape(node.attrs.href)}](${destination(node.attrs.href)})` : label;
      }
      case 'strong': case 'b': return wrap('**', inner());
      case 'em': case 'i': return wrap('*', inner());
      case 's': case 'strike': return wrap('~~', inner());
      case 'code': return code(textOf(node.children));
      default: return BLOCK.has(node.tag) ? ` ${block(node)} ` : inner();
    }
  }).join('');
}

/** `**text**` with the markers inside the surrounding spaces (`** x**` is not emphasis). */
function wrap(marker: string, text: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : text;
}

function code(text: string): string {
  const ticks = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return text.includes('`') ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function fence(text: string): string {
  const ticks = '`'.repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${ticks}\n${text.replace(/^\n/, '').replace(/\n$/, '')}\n${ticks}`;
}

/** Text of a subtree, unescaped (code keeps its characters). */
function textOf(nodes: Node[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : n.tag === 'br' ? '\n' : textOf(n.children))).join('');
}

/** A link destination: in `<…>` when it holds spaces or parentheses. */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

/** Backslash before the characters Markdown reads as markup inside a line. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>~|]/g, '\\$&');
}

/** A paragraph that would start as a heading, a list item or a quote stays text. */
function escapeLineStart(text: string): string {
  return text.replace(/^(#{1,6}(?=\s)|[-+](?=\s)|\d+(?=[.)]\s))/gm, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const n = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
  });
}
