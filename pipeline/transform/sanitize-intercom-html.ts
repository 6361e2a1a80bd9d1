/**
 * Sanitizes HTML for the Intercom bodies that take HTML: admin comments and notes ("Notes
 * accept some HTML formatting") and article bodies. Uses sanitize-html with an allow-list
 * (Intercom publishes none; ours follows what its editor produces and what the simulator's
 * `html-rules.ts` keeps): no `<script>`, `<style>`, `<svg>`, `<object>`… (dropped with their
 * content), no event handlers or `style` attributes, links and images only over http(s),
 * mailto and tel or relative; `<iframe>` only in articles and only from the video hosts
 * Intercom embeds. Text outside the allowed tags is kept.
 *
 * `rewrite` hooks see every `<img src>` and `<a href>` before filtering, to point them at
 * Intercom (hosted images, migrated articles).
 */
import sanitizeHtml from 'sanitize-html';
import { cleanText } from './clean-text.ts';

/** Which body: the allowed tags differ. */
export type IntercomHtmlKind = 'message' | 'article';

/** Hooks that may replace a URL; return it unchanged to keep it. */
export interface UrlRewriters {
  image?(src: string): string;
  link?(href: string): string;
}

const MESSAGE_TAGS = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'a', 'ul', 'ol', 'li', 'h1', 'h2', 'h3',
  'blockquote', 'pre', 'code', 'img', 'hr', 'span', 'div', 'sup', 'sub'];
const ARTICLE_TAGS = [...MESSAGE_TAGS, 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'figure', 'figcaption', 'iframe'];
/** Dropped together with everything inside them. */
const DROPPED_WITH_CONTENT = ['script', 'style', 'noscript', 'template', 'object', 'embed', 'svg', 'math', 'textarea', 'option', 'head', 'title'];
const VIDEO_HOSTS = ['www.youtube.com', 'youtube.com', 'www.youtube-nocookie.com', 'youtube-nocookie.com', 'player.vimeo.com',
  'fast.wistia.net', 'www.loom.com', 'loom.com'];

/**
 * The sanitized HTML.
 *
 * @example
 * sanitizeIntercomHtml('<p onclick="x()">Hi<script>alert(1)</script></p><svg onload="y()"></svg>', 'message'); // '<p>Hi</p>'
 * sanitizeIntercomHtml('<img src="/t5/image/serverpage/image-id/1i2/x">', 'article', { image: () => 'https://cdn.example/1i2.png' });
 * // '<img src="https://cdn.example/1i2.png" />'
 */
export function sanitizeIntercomHtml(html: string, kind: IntercomHtmlKind, rewrite: UrlRewriters = {}): string {
  const transformTags: Record<string, sanitizeHtml.Transformer> = {};
  if (rewrite.image) {
    const image = rewrite.image;
    transformTags.img = (tagName, attribs) => ({ tagName, attribs: attribs.src === undefined ? attribs : { ...attribs, src: image(attribs.src) } });
  }
  if (rewrite.link) {
    const link = rewrite.link;
    transformTags.a = (tagName, attribs) => ({ tagName, attribs: attribs.href === undefined ? attribs : { ...attribs, href: link(attribs.href) } });
  }
  return sanitizeHtml(cleanText(html), {
    allowedTags: kind === 'article' ? ARTICLE_TAGS : MESSAGE_TAGS,
    nonTextTags: DROPPED_WITH_CONTENT,
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      iframe: ['src', 'width', 'height', 'title', 'allowfullscreen'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      '*': ['class'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'], iframe: ['https'] },
    allowProtocolRelative: false,
    allowedIframeHostnames: VIDEO_HOSTS,
    // An iframe or image whose source was refused is left without `src`: drop it.
    exclusiveFilter: (frame) => (frame.tag === 'iframe' || frame.tag === 'img') && !frame.attribs.src,
    transformTags,
  }).trim();
}
