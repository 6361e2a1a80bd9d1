/**
 * How the simulator normalises the HTML it is sent, after what the 2.16 description says:
 *
 * - `POST /conversations` `body`: "HTML is not supported" → the text is escaped and wrapped in
 *   `<p>` (one paragraph per blank-line-separated block, single newlines become `<br>`).
 * - Reply and note bodies: "Notes accept some HTML formatting"; the documented note example turns
 *   `<html> <body> <h2>…</h2> <ul> <li>…` into `<h2>…</h2>\n<ul>\n<li>…` → wrappers (`html`,
 *   `head`, `body`) go, whitespace between tags becomes one newline, plain text is wrapped in `<p>`.
 * - Article bodies: the documented create example turns `Body of the Article` into
 *   `<p class="no-margin">Body of the Article</p>`.
 *
 * Our choices where the description is silent (documented, not Intercom's published rules):
 * `script`, `style`, `head`, `noscript`, `template`, `object`, `embed`, `svg`, `math` and
 * (outside articles, or from unknown hosts) `iframe` are removed with their content; other tags
 * outside the allowed lists are unwrapped (their text stays); `on*` and `style` attributes go,
 * and `href`/`src` keep only http(s), mailto, tel and relative URLs. HTML without any block
 * element is wrapped in one `<p>`.
 */

const MESSAGE_TAGS = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'a', 'ul', 'ol', 'li', 'h1', 'h2', 'h3',
  'blockquote', 'pre', 'code', 'img', 'hr', 'span', 'div', 'sup', 'sub'];
const ARTICLE_TAGS = [...MESSAGE_TAGS, 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'figure', 'figcaption', 'iframe'];
const VIDEO_HOSTS = /^https:\/\/(www\.)?(youtube\.com|youtube-nocookie\.com|player\.vimeo\.com|fast\.wistia\.net|loom\.com)\//i;
const ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'target', 'rel', 'class', 'colspan', 'rowspan']);
const DROPPED_WITH_CONTENT = ['script', 'style', 'head', 'noscript', 'template', 'object', 'embed', 'svg', 'math', 'iframe'];
const BLOCK = /<(p|div|h[1-6]|ul|ol|blockquote|pre|table|figure|iframe|hr)\b/i;
const VOID = new Set(['br', 'img', 'hr']);

/** Which body is being normalised: the allowed tags and the plain-text paragraph differ. */
export type BodyKind = 'message' | 'article';

/**
 * Escapes text for HTML.
 *
 * @example
 * escapeHtml('a < b & c'); // 'a &lt; b &amp; c'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Plain text → HTML paragraphs, as for `POST /conversations` ("HTML is not supported").
 *
 * @example
 * plainTextToHtml('Hello\nthere\n\nBye'); // '<p>Hello<br>there</p>\n<p>Bye</p>'
 */
export function plainTextToHtml(text: string, paragraph = '<p>'): string {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  if (blocks.length === 0) return '';
  return blocks.map((b) => `${paragraph}${escapeHtml(b).replace(/\n/g, '<br>')}</p>`).join('\n');
}

/**
 * Normalises a reply, note or article body: plain text is wrapped, HTML is sanitised.
 *
 * @example
 * normalizeBody('<p onclick="x()">Hi<script>alert(1)</script></p>', 'message'); // '<p>Hi</p>'
 * normalizeBody('Body of the Article', 'article'); // '<p class="no-margin">Body of the Article</p>'
 */
export function normalizeBody(body: string, kind: BodyKind): string {
  if (!/<[a-zA-Z!/]/.test(body)) return plainTextToHtml(body, kind === 'article' ? '<p class="no-margin">' : '<p>');
  const allowed = new Set(kind === 'article' ? ARTICLE_TAGS : MESSAGE_TAGS);
  let html = body.replace(/<!--[\s\S]*?-->/g, '').replace(/<!doctype[^>]*>/gi, '');
  for (const tag of DROPPED_WITH_CONTENT) {
    const keepVideos = tag === 'iframe' && kind === 'article';
    html = html.replace(new RegExp(`<${tag}\\b([^>]*)>[\\s\\S]*?</${tag}\\s*>`, 'gi'), (whole, attrs: string) =>
      keepVideos && VIDEO_HOSTS.test(attributeValue(attrs, 'src') ?? '') ? whole : '');
    html = html.replace(new RegExp(`<${tag}\\b[^>]*/?>`, 'gi'), (whole) =>
      keepVideos && VIDEO_HOSTS.test(attributeValue(whole, 'src') ?? '') ? whole : '');
  }
  html = html.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g, (_whole, close: string, name: string, attrs: string) => {
    const tag = name.toLowerCase();
    if (!allowed.has(tag)) return '';
    if (close) return VOID.has(tag) ? '' : `</${tag}>`;
    return `<${tag}${cleanAttributes(attrs)}>`;
  });
  html = html.replace(/>\s+</g, '>\n<').trim();
  if (html && !BLOCK.test(html)) html = `<p>${html}</p>`;
  return html;
}

function attributeValue(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function cleanAttributes(attrs: string): string {
  let out = '';
  const re = /([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    const name = m[1].toLowerCase();
    if (!ATTRIBUTES.has(name)) continue;
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if ((name === 'href' || name === 'src') && !safeUrl(value)) continue;
    out += ` ${name}="${value.replace(/"/g, '&quot;')}"`;
  }
  return out;
}

function safeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const flat = url.replace(/[\u0000-\u0020]/g, '').replace(/&#0*58;|&colon;/gi, ':').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(flat)?.[1];
  return !scheme || ['http', 'https', 'mailto', 'tel'].includes(scheme);
}

/**
 * HTML → text, as `display_as=plaintext` answers: links become `label (url)`, blocks and
 * `<br>` become newlines, entities are decoded.
 *
 * @example
 * htmlToPlaintext('<p>See <a href="https://x.test">docs</a></p>'); // 'See docs (https://x.test)'
 */
export function htmlToPlaintext(html: string): string {
  return html
    .replace(/<a\b[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/gi,
      (_w, d: string | undefined, s: string | undefined, label: string) => `${label} (${d ?? s})`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|pre|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
}
