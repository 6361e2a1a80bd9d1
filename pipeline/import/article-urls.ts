/**
 * The Intercom articles the ledger says were written for Khoros articles, with their URLs
 * (`GET /articles`, page by page; an article written in another locale has its URL under
 * `translated_content`). Internal articles have no public URL and are left out.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { paginatePages } from '../intercom/paginate.ts';
import type { ResolvedArticle } from '../transform/lookups.ts';
import { readLedgerState } from '../transform/read-ledger-state.ts';
import type { Workspace } from '../workspace/workspace.ts';

type Obj = Record<string, any>;

/** Articles per page of `GET /articles` (Intercom's maximum). */
export const ARTICLES_PER_PAGE = 250;

/**
 * Khoros article id → its Intercom article and URL.
 *
 * @example
 * (await articleUrls(workspace, intercom)).get('7'); // { id: '70', url: 'https://help.example/en/articles/70-x' }
 */
export async function articleUrls(workspace: Workspace, intercom: IntercomClient): Promise<Map<string, ResolvedArticle>> {
  const out = new Map<string, ResolvedArticle>();
  const byIntercomId = new Map<string, string>();
  for (const record of (await readLedgerState(workspace, ['article'])).values()) if (record.intercomId) byIntercomId.set(record.intercomId, record.khorosKey);
  if (byIntercomId.size === 0) return out;
  for await (const page of paginatePages<Obj>(intercom, '/articles', { perPage: ARTICLES_PER_PAGE })) {
    for (const article of page) {
      const key = byIntercomId.get(String(article?.id));
      if (key === undefined) continue;
      const translated = article?.translated_content && typeof article.translated_content === 'object'
        ? Object.values(article.translated_content as Obj).find((c: any) => typeof c?.url === 'string' && c.url && c.body) as Obj | undefined
        : undefined;
      const url = typeof article.url === 'string' && article.url ? article.url : translated?.url;
      if (typeof url === 'string' && url) out.set(key, { id: String(article.id), url });
    }
  }
  return out;
}
