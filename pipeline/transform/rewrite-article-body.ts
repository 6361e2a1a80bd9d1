/**
 * Turns a Khoros TKB article body into an Intercom article body: sanitized (see
 * `sanitizeIntercomHtml`), Community images pointed at their hosted copies, and links to
 * other Khoros articles pointed at the migrated Intercom articles. What cannot be resolved
 * yet is left as it is and listed: images without a hosted copy, and links to articles not
 * migrated yet (a second pass, once every article exists, rewrites them).
 */
import { containsUnsafeHtml } from './contains-unsafe-html.ts';
import { khorosUrl } from './khoros-urls.ts';
import type { Lookups } from './lookups.ts';
import { sanitizeIntercomHtml } from './sanitize-intercom-html.ts';

/** The rewritten body and what it points at. */
export interface RewrittenBody {
  html: string;
  /** Community images: `url` is the hosted copy, or null (left as it was). */
  images: { src: string; id: string; url: string | null }[];
  /** Links to Khoros articles: `url` is the Intercom article's, or null (second pass). */
  links: { href: string; id: string; url: string | null }[];
  /** The source held scripts, event handlers or other markup that sanitizing removed. */
  unsafe: boolean;
}

/**
 * Rewrites `html` with the lookups (`imageUrlById`, `articleByKhorosId`, `communityHost`).
 *
 * @example
 * rewriteArticleBody('<img src="/t5/image/serverpage/image-id/1i2/x"><a href="/t5/b/s/ta-p/7">x</a>', lookups);
 * // { html: '<img src="https://cdn.example/1i2.png" /><a href="https://help.example/en/articles/70-x">x</a>', images: [...], links: [...], unsafe: false }
 */
export function rewriteArticleBody(html: string, lookups: Lookups): RewrittenBody {
  const images: RewrittenBody['images'] = [];
  const links: RewrittenBody['links'] = [];
  const out = sanitizeIntercomHtml(typeof html === 'string' ? html : '', 'article', {
    image(src) {
      const found = khorosUrl(src, lookups.communityHost);
      if (found?.kind !== 'image') return src;
      const url = lookups.imageUrlById.get(found.id) ?? null;
      images.push({ src, id: found.id, url });
      return url ?? src;
    },
    link(href) {
      const found = khorosUrl(href, lookups.communityHost);
      if (found?.kind !== 'article') return href;
      const article = lookups.articleByKhorosId.get(found.id);
      const url = article ? `${article.url}${found.fragment}` : null;
      links.push({ href, id: found.id, url });
      return url ?? href;
    },
  });
  return { html: out, images, links, unsafe: containsUnsafeHtml(typeof html === 'string' ? html : '') };
}
