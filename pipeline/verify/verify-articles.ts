/**
 * Verifies the KB articles: each staged article is transformed again with every article
 * URL and hosted image known (what import's second pass sends), the article or internal
 * article the ledger says was written is read back (`GET /articles/{id}`,
 * `GET /internal_articles/{id}`) into `readback_articles`, and compared: title, state, and
 * the body's Community references. Every image with a hosted copy must point at it and every
 * link to a migrated article at its Intercom URL (`image_not_hosted`, `link_not_rewritten`);
 * no other Khoros image or article URL may be left. Images export never staged and links to
 * articles that were never migrated cannot be rewritten: they are counted as known gaps
 * (`knownGaps`), not findings, since the map itself says they stay.
 */
import { articleUrls } from '../import/article-urls.ts';
import { forEachConcurrently } from '../import/for-each-concurrently.ts';
import { khorosUrl } from '../transform/khoros-urls.ts';
import type { Lookups } from '../transform/lookups.ts';
import { rewriteArticleBody } from '../transform/rewrite-article-body.ts';
import type { StagedKbArticle } from '../transform/staged-article.ts';
import { transformArticle } from '../transform/transform-article.ts';
import { familyTotals, quarantinedKeys } from './family-totals.ts';
import type { InsertColumn } from './insert-rows.ts';
import { ledgerTargets } from './ledger-targets.ts';
import { readById } from './read-by-id.ts';
import { recordsInScope } from './records-in-scope.ts';
import { emptyTally, objectCounts, tallyRecord } from './scope-tally.ts';
import type { ObjectCounts, VerifyContext } from './verify-types.ts';

type Obj = Record<string, any>;

const COLUMNS: InsertColumn[] = [
  { name: 'run_id' }, { name: 'object_type' }, { name: 'khoros_key' }, { name: 'intercom_id' }, { name: 'found' }, { name: 'payload', cast: 'JSON' }, { name: 'read_at', cast: 'TIMESTAMPTZ' },
];

/** The articles' counts, and the references the map itself leaves pointing at Khoros. */
export interface ArticleCounts {
  articles: ObjectCounts;
  knownGaps: { imagesNeverStaged: number; linksToUnmigratedArticles: number };
}

/**
 * @example
 * const { articles, knownGaps } = await verifyArticles(context);
 */
export async function verifyArticles(context: VerifyContext): Promise<ArticleCounts> {
  const { workspace, intercom, recorder, mapping } = context;
  const tally = emptyTally();
  const knownGaps = { imagesNeverStaged: 0, linksToUnmigratedArticles: 0 };
  const hosted = await workspace.query<{ khoros_key: string; intercom_id: string }>(
    `SELECT khoros_key, intercom_id FROM ledger WHERE object_type = 'image' AND status = 'done' AND intercom_id IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY khoros_key ORDER BY seq DESC) = 1`);
  const lookups: Lookups = Object.freeze({
    ...context.lookups,
    imageUrlById: new Map([...context.lookups.imageUrlById, ...hosted.map((h) => [h.khoros_key, h.intercom_id] as const)]),
    articleByKhorosId: await articleUrls(workspace, intercom),
  });
  const scope = context.selection?.get('kb_articles') ?? null;
  for await (const chunk of recordsInScope<StagedKbArticle>(workspace, 'kb_articles', scope, context.chunkSize)) {
    const keys = chunk.map((r) => r.key);
    const targets = await ledgerTargets(workspace, ['article', 'internal_article'], keys);
    const quarantined = await quarantinedKeys(workspace, 'import_articles', keys);
    await forEachConcurrently(chunk, context.concurrency, async ({ key, payload }) => {
      const result = transformArticle(payload, { mapping, lookups });
      const expected: Obj | null = result.article ?? result.internalArticle;
      const target = targets.get(key);
      if (!tallyRecord(tally, recorder, 'article', key, expected !== null, target, quarantined.has(key)) || !expected || !target) return;
      const internal = target.objectType === 'internal_article';
      const article = await readById(intercom, internal ? '/internal_articles' : '/articles', target.id);
      await recorder.readback('readback_articles', COLUMNS, [recorder.runId, target.objectType, key, target.id, article !== null, article, new Date()]);
      if (!article) {
        recorder.finding({ objectType: 'article', khorosKey: key, intercomId: target.id, kind: 'missing', detail: `GET /${internal ? 'internal_articles' : 'articles'}/${target.id} answered 404` });
        return;
      }
      tally.readBack += 1;
      const actual: Obj = expected.translated_content ? article.translated_content?.[result.locale] ?? {} : article;
      recorder.check('article', key, target.id, 'title', expected.title, article.title);
      if (!internal) recorder.check('article', key, target.id, 'state', expected.state, article.state);
      const gaps = compareReferences(context, key, target.id, rewriteArticleBody(typeof payload.body === 'string' ? payload.body : '', lookups), String(actual.body ?? ''), lookups);
      knownGaps.imagesNeverStaged += gaps.images;
      knownGaps.linksToUnmigratedArticles += gaps.links;
    });
  }
  await recorder.flush();
  return { articles: objectCounts('article', await familyTotals(workspace, 'kb_articles'), tally, recorder), knownGaps };
}

/** Hosted images and rewritten links present; no other Khoros reference left. Answers the known gaps. */
function compareReferences(
  context: VerifyContext, key: string, id: string, body: ReturnType<typeof rewriteArticleBody>, html: string, lookups: Lookups,
): { images: number; links: number } {
  const { recorder } = context;
  const text = html.replaceAll('&amp;', '&');
  const unstaged = new Set(body.images.filter((i) => i.url === null).map((i) => i.id));
  const unmigrated = new Set(body.links.filter((l) => l.url === null).map((l) => l.id));
  for (const image of body.images) {
    if (image.url !== null && !text.includes(image.url)) {
      recorder.finding({ objectType: 'article', khorosKey: key, intercomId: id, kind: 'image_not_hosted', field: 'body', expected: image.url, detail: `image ${image.id}` });
    }
  }
  for (const link of body.links) {
    if (link.url !== null && !text.includes(link.url)) {
      recorder.finding({ objectType: 'article', khorosKey: key, intercomId: id, kind: 'link_not_rewritten', field: 'body', expected: link.url, detail: `link to Khoros article ${link.id}` });
    }
  }
  // Khoros references left in the body that the map would have rewritten.
  for (const match of text.matchAll(/\b(src|href)\s*=\s*"([^"]*)"/gi)) {
    const found = khorosUrl(match[2], lookups.communityHost);
    if (found?.kind === 'image' && !unstaged.has(found.id)) {
      recorder.finding({ objectType: 'article', khorosKey: key, intercomId: id, kind: 'image_not_hosted', field: 'body', actual: match[2], detail: `image ${found.id} still served by Khoros` });
    } else if (found?.kind === 'article' && !unmigrated.has(found.id)) {
      recorder.finding({ objectType: 'article', khorosKey: key, intercomId: id, kind: 'link_not_rewritten', field: 'body', actual: match[2], detail: `link to Khoros article ${found.id}` });
    }
  }
  return { images: unstaged.size, links: unmigrated.size };
}
