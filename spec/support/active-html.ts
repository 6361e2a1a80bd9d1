/**
 * Finds active content in HTML as a parser sees it (htmlparser2, through sanitize-html with
 * every tag and attribute allowed, so it reports instead of filtering): script-carrying
 * tags, event handler and `style` attributes, and URL attributes whose scheme, once entities
 * are decoded and control characters and spaces removed, is not http(s), mailto or tel.
 * For specs that check what we send Intercom. (`containsUnsafeHtml` is no judge here: it
 * also flags escaped text such as `&lt;a href="javascript:x"&gt;`, which is inert.)
 */
import sanitizeHtml from 'sanitize-html';

const ACTIVE_TAGS = new Set(['script', 'style', 'svg', 'math', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'frame', 'frameset',
  'noscript', 'template', 'textarea', 'xmp', 'plaintext', 'noembed', 'input', 'button', 'select']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'srcset', 'lowsrc', 'dynsrc', 'codebase', 'cite']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const VIDEO_HOSTS = /^https:\/\/(www\.)?(youtube\.com|youtube-nocookie\.com|player\.vimeo\.com|fast\.wistia\.net|loom\.com)\//i;

/**
 * The active content of `html`, one `tag attribute=value` line each; empty when none.
 *
 * @example
 * activeHtml('<a href="jav&#x09;ascript:x()">x</a>'); // ['<a href="javascript:x()">']
 * activeHtml('<p>Hello</p>');                       // []
 */
export function activeHtml(html: string): string[] {
  const found: string[] = [];
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
    exclusiveFilter: (frame) => {
      const { tag, attribs } = frame;
      if (ACTIVE_TAGS.has(tag)) found.push(`<${tag}>`);
      if (tag === 'iframe' && !VIDEO_HOSTS.test(attribs.src ?? '')) found.push(`<iframe src="${attribs.src ?? ''}">`);
      for (const [name, value] of Object.entries(attribs)) {
        if (name.startsWith('on') || name === 'style') found.push(`<${tag} ${name}>`);
        if (URL_ATTRIBUTES.has(name) && !safeUrl(value)) found.push(`<${tag} ${name}="${value}">`);
      }
      return false;
    },
  });
  return found;
}

function safeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const flat = url.replace(/[\u0000-\u0020\u007F-\u009F\u00A0\u200B-\u200D\uFEFF]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(flat)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme);
}
