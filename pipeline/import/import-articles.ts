/**
 * Imports the Community TKB articles (`raw_kb_articles`), after the conversations:
 *
 * 1. the staged images are hosted (`hostImages`: notes with `attachment_files` on one
 *    migration-assets conversation, or an external asset base URL), so bodies point at them;
 * 2. first pass: each article becomes an article (`POST /articles`, ledger `article`) or an
 *    internal article (`POST /internal_articles`, ledger `internal_article`), as the map's
 *    visibility says; a create whose answer was lost is looked up by title and parent
 *    instead of being sent again;
 * 3. second pass: once every article has an Intercom id, each article is transformed again
 *    with every article URL known; one whose body changed (links to articles written after
 *    it) is updated (`PUT /articles/{id}` or `PUT /internal_articles/{id}`, ledger `update`).
 *
 * A rerun writes nothing new: done creates are skipped, and an update is sent only when the
 * body differs from what the ledger says was last written.
 */
import { IntercomRequestError } from '../errors.ts';
import { stagedChunks } from '../plan/staged-chunks.ts';
import type { Lookups } from '../transform/lookups.ts';
import type { StagedKbArticle } from '../transform/staged-article.ts';
import { transformArticle, type TransformedArticle } from '../transform/transform-article.ts';
import { lastWrite, ledgered, recordDone, recordFailed, type LedgerEntry } from '../workspace/ledger.ts';
import { payloadHash } from '../workspace/ledger-hash.ts';
import { articleUrls } from './article-urls.ts';
import { hostImages } from './host-images.ts';
import { emptyCounts, type ImportContext, type StepCounts } from './import-context.ts';
import { quarantineRecord } from './quarantine-record.ts';

/** Quarantine family of articles import could not write. */
export const ARTICLES_QUARANTINE = 'import_articles';

type Obj = Record<string, any>;
type Kind = 'article' | 'internal_article';

/** Options of `importArticles` beyond the import context. */
export interface ImportArticlesOptions {
  /** External base URL where the files folder is published; unset: images are uploaded to Intercom. */
  assetBaseUrl?: string;
}

/**
 * Hosts the images, writes every staged article, then rewrites the links between them.
 *
 * @example
 * const counts = await importArticles(context);
 */
export async function importArticles(context: ImportContext, options: ImportArticlesOptions = {}): Promise<StepCounts> {
  const { workspace, intercom } = context;
  const counts = emptyCounts();
  const hosted = await hostImages({ workspace, intercom, adminId: context.lookups.fallbackAdminId, assetBaseUrl: options.assetBaseUrl });
  counts.writes += hosted.writes;
  const imageUrlById = new Map([...context.lookups.imageUrlById, ...hosted.urlById]);

  // First pass: create what is not written yet (links to articles already known are rewritten now).
  const known = await articleUrls(workspace, intercom);
  let lookups: Lookups = Object.freeze({ ...context.lookups, imageUrlById, articleByKhorosId: known });
  for await (const chunk of stagedChunks<StagedKbArticle>(workspace, 'kb_articles', context.chunkSize)) {
    for (const { key, payload } of chunk) {
      const result = transformArticle(payload, { mapping: context.mapping, lookups });
      try {
        const answer = await createArticle(context, key, result, counts);
        // Articles later in the pass link to this one directly (fewer second-pass updates).
        const url = answer ? urlOf(answer) : undefined;
        if (answer && url) known.set(key, { id: String(answer.id), url });
      } catch (error) {
        if (!(error instanceof IntercomRequestError)) throw error;
        await quarantineRecord(workspace, ARTICLES_QUARANTINE, key, error, `${error.method} ${error.path}`);
        counts.quarantined += 1;
      }
    }
  }

  // Second pass: every article has its id and URL now; send the bodies whose links changed.
  lookups = Object.freeze({ ...lookups, articleByKhorosId: await articleUrls(workspace, intercom) });
  for await (const chunk of stagedChunks<StagedKbArticle>(workspace, 'kb_articles', context.chunkSize)) {
    for (const { key, payload } of chunk) {
      const result = transformArticle(payload, { mapping: context.mapping, lookups });
      try {
        await updateLinks(context, key, result, counts);
      } catch (error) {
        if (!(error instanceof IntercomRequestError)) throw error;
        await quarantineRecord(workspace, ARTICLES_QUARANTINE, key, error, `${error.method} ${error.path}`);
        counts.quarantined += 1;
      }
    }
  }
  return counts;
}

/** The create request of a transformed article, or null when it is not written. */
function createRequest(result: TransformedArticle): { kind: Kind; path: string; payload: Obj } | null {
  if (result.target === 'article' && result.article) return { kind: 'article', path: '/articles', payload: result.article as unknown as Obj };
  if (result.target === 'internal_article' && result.internalArticle) return { kind: 'internal_article', path: '/internal_articles', payload: result.internalArticle as unknown as Obj };
  return null;
}

/** An article answer's URL (its translation's, for one written in another locale). */
function urlOf(article: Obj): string | undefined {
  if (typeof article.url === 'string' && article.url) return article.url;
  const translated = Object.values((article.translated_content ?? {}) as Obj).find((c: any) => typeof c?.url === 'string' && c.url && c.body) as Obj | undefined;
  return translated?.url;
}

/** First pass for one article; answers the article created (undefined when none was sent). */
async function createArticle(context: ImportContext, key: string, result: TransformedArticle, counts: StepCounts): Promise<Obj | undefined> {
  const { workspace, intercom } = context;
  const request = createRequest(result);
  if (!request) {
    if (result.target === 'skip') counts.skipped += 1;
    else {
      await quarantineRecord(workspace, ARTICLES_QUARANTINE, key, `queued ${result.queue?.rule ?? 'not-written'}: ${result.queue?.reason ?? 'not written'}`, `POST /${result.target}s`);
      counts.quarantined += 1;
    }
    return undefined;
  }
  const { kind, path, payload } = request;
  const last = await lastWrite(workspace, kind, key, 'create');
  if (last?.status === 'done') {
    counts.skipped += 1;
    return undefined;
  }
  if (last?.status === 'intent') {
    const found = await findArticle(context, kind, payload, last.recordedAt.getTime());
    if (found) {
      await recordDone(workspace, last.seq, { intercomId: String(found.id) });
      counts.skipped += 1;
      return kind === 'article' ? found : undefined;
    }
    await recordFailed(workspace, last.seq, 'reconciled: the article was not in Intercom; created again');
  }
  const sentAt = Date.now();
  const { answer } = await ledgered(workspace, {
    objectType: kind, khorosKey: key, operation: 'create', endpoint: `POST ${path}`, payload,
    send: () => intercom.request<Obj>('POST', path, { json: payload, lookup: () => findArticle(context, kind, payload, sentAt) }),
    settle: (created) => ({ intercomId: String(created.id) }),
  });
  counts.created += 1;
  return kind === 'article' ? answer : undefined;
}

/**
 * The article (or internal article) with the payload's title (and parent), created no earlier
 * than the write in doubt was sent (so an article the workspace already had, or a namesake,
 * is never taken for it), and not written for another record; undefined when none. A
 * listing, not a search: no index lag.
 */
async function findArticle(context: ImportContext, kind: Kind, payload: Obj, sentAt: number): Promise<Obj | undefined> {
  // Intercom stamps created_at in whole seconds, from its own clock: a little slack for clock skew.
  const notBefore = Math.floor(sentAt / 1000) - CLOCK_SKEW_SECONDS;
  const { workspace, intercom } = context;
  const owned = new Set((await workspace.query<{ id: string }>(
    `SELECT DISTINCT intercom_id AS id FROM ledger WHERE object_type = $1 AND status = 'done' AND intercom_id IS NOT NULL`, [kind])).map((r) => r.id));
  const path = kind === 'article' ? '/articles' : '/internal_articles';
  for (let page = 1; ; page++) {
    const answer = await intercom.request<Obj>('GET', path, { searchParams: { page, per_page: 250 } });
    const data: Obj[] = Array.isArray(answer?.data) ? answer.data : [];
    for (const item of data) {
      if (owned.has(String(item?.id)) || item?.title !== payload.title) continue;
      if (typeof item.created_at === 'number' && item.created_at < notBefore) continue;
      if (kind === 'article' && payload.parent_id !== undefined) {
        const parents = Array.isArray(item.parent_ids) ? item.parent_ids.map(String) : [String(item.parent_id ?? '')];
        if (!parents.includes(String(payload.parent_id))) continue;
      }
      return item;
    }
    const total = Number(answer?.pages?.total_pages ?? 1);
    if (data.length === 0 || page >= total) return undefined;
  }
}

/** Seconds Intercom's clock may run behind ours when a lookup compares creation times. */
const CLOCK_SKEW_SECONDS = 60;

/** Second pass for one article: the body with every link known, when it differs from what was written. */
async function updateLinks(context: ImportContext, key: string, result: TransformedArticle, counts: StepCounts): Promise<void> {
  const { workspace, intercom } = context;
  const request = createRequest(result);
  if (!request) return;
  const { kind, payload } = request;
  const created = await lastWrite(workspace, kind, key, 'create');
  if (created?.status !== 'done' || !created.intercomId) return;
  if (created.payloadHash === payloadHash(payload)) return;
  const update = updatePayload(kind, payload, result.locale);
  if (!update) return;
  const lastUpdate: LedgerEntry | null = await lastWrite(workspace, kind, key, 'update');
  if (lastUpdate?.status === 'done' && lastUpdate.payloadHash === payloadHash(update)) return;
  if (lastUpdate?.status === 'intent') await recordFailed(workspace, lastUpdate.seq, 'reconciled: idempotent write sent again');
  const id = created.intercomId;
  const path = `${kind === 'article' ? '/articles' : '/internal_articles'}/${encodeURIComponent(id)}`;
  await ledgered(workspace, {
    objectType: kind, khorosKey: key, operation: 'update', endpoint: `PUT ${path}`, payload: update,
    send: () => intercom.request<Obj>('PUT', path, { json: update }),
    settle: () => ({ intercomId: id }),
  });
  counts.updated += 1;
}

/** The body part of a create payload, as an update. */
function updatePayload(kind: Kind, payload: Obj, locale: string): Obj | null {
  if (kind === 'internal_article') return typeof payload.body === 'string' ? { body: payload.body } : null;
  if (typeof payload.body === 'string') return { body: payload.body };
  const content = payload.translated_content?.[locale];
  if (content && typeof content.body === 'string') return { translated_content: { [locale]: content } };
  return null;
}
