/**
 * Recognises Khoros Community URLs inside article bodies: images served under
 * `/t5/image/serverpage/image-id/{id}/…` and links to other TKB articles,
 * `https://{host}/t5/{board}/{slug}/ta-p/{id}` (also relative, and with `#anchors` or a query).
 * When a Community host is known, absolute URLs on other hosts are not Khoros's.
 */

/** What a URL points at in the Community, if anything. */
export type KhorosUrl = { kind: 'image'; id: string } | { kind: 'article'; id: string; fragment: string } | null;

const IMAGE = /^\/t5\/image\/serverpage\/image-id\/([^/?#]+)/;
const ARTICLE = /^\/t5\/(?:[^/?#]+\/)+ta-p\/(\d+)(?:[/?][^#]*)?(#.*)?$/;

/**
 * Classifies a URL; `host` (null: any) limits absolute URLs to the Community host.
 *
 * @example
 * khorosUrl('/t5/image/serverpage/image-id/100i68/image-size/large?v=v2', null); // { kind: 'image', id: '100i68' }
 * khorosUrl('https://community.example/t5/Billing/Refunds/ta-p/1003', 'community.example'); // { kind: 'article', id: '1003', fragment: '' }
 */
export function khorosUrl(url: string, host: string | null): KhorosUrl {
  let path = url.trim();
  const absolute = /^(https?:)?\/\/([^/?#]+)(.*)$/i.exec(path);
  if (absolute) {
    if (host && absolute[2].toLowerCase() !== host.toLowerCase()) return null;
    path = absolute[3] || '/';
  }
  const image = IMAGE.exec(path);
  if (image) return { kind: 'image', id: safeDecode(image[1]) };
  const article = ARTICLE.exec(path);
  if (article) return { kind: 'article', id: article[1], fragment: article[2] ?? '' };
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
