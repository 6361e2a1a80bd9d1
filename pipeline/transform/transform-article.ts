/**
 * Transforms a staged Community TKB article into an Intercom help-center article, or an
 * internal article, as the map's `kb_articles.visibility` says for its visibility
 * (`public`/`registered` → article, `agent-only` → internal article; a visibility the map
 * does not list is treated as the most restrictive: internal). The body is sanitized (no
 * scripts, no event handlers, no SVG; text kept), Community images point at their hosted
 * copies and links to other Khoros articles at the migrated Intercom articles (what is not
 * known yet is left and listed for a second pass). The language is kept as the article's
 * locale through `kb_articles.locales`.
 *
 * Decisions: the author is the admin of the Community author's agent email
 * (`lookups.agentEmailById`), else the fallback admin (also the internal article's owner);
 * the teaser becomes the description (text); an article in the help center's default locale
 * is written at the top level, one in another locale as that locale's `translated_content`
 * with a draft, empty default-locale version beside it (Intercom needs one, and publishing
 * it empty would show a blank article); internal articles carry `locale` as the operation's
 * documented example does. Second pass: transform again once `articleByKhorosId` is
 * complete and send the new `body` with `PUT /articles/{id}`.
 */
import { cleanText } from './clean-text.ts';
import { containsHtml } from './contains-html.ts';
import type { Finding, QueueEntry, SourceRef } from './findings.ts';
import { htmlToText } from './html-to-text.ts';
import { INTERCOM_LOCALES } from './intercom-locales.ts';
import type { CreateArticlePayload, CreateInternalArticlePayload } from './payload-types.ts';
import { preflight } from './preflight.ts';
import { resolveAdmin } from './resolve-admin.ts';
import { rewriteArticleBody } from './rewrite-article-body.ts';
import type { StagedKbArticle } from './staged-article.ts';
import type { TransformContext } from './transform-context.ts';

/** A transformed article. */
export interface TransformedArticle {
  kind: 'article';
  source: SourceRef;
  target: 'article' | 'internal_article' | 'skip';
  /** `POST /articles`, for `target: 'article'`. */
  article: CreateArticlePayload | null;
  /** `POST /internal_articles`, for `target: 'internal_article'`. */
  internalArticle: CreateInternalArticlePayload | null;
  /** The Intercom locale the content is written in. */
  locale: string;
  /** Links to Khoros articles not migrated yet (rewrite them in a second pass). */
  pendingLinks: { articleId: string; href: string }[];
  /** Community images without a hosted copy (left as they were). */
  unresolvedImages: { imageId: string; src: string }[];
  findings: Finding[];
  quarantined: [];
  queue: QueueEntry | null;
}

/**
 * The article requests for a staged TKB article. Pure; never throws on odd data.
 *
 * @example
 * const result = transformArticle(staged.payload as StagedKbArticle, { mapping, lookups });
 * result.target;          // 'article'
 * result.article?.state;  // 'published'
 */
export function transformArticle(article: StagedKbArticle, context: TransformContext): TransformedArticle {
  const { mapping, lookups } = context;
  const map = mapping?.objects?.kb_articles;
  const id = String(article?.id ?? '');
  const source: SourceRef = { family: 'kb-articles', id };
  const visibility = String(article?.visibility ?? '');
  const visibilities = map?.visibility ?? {};
  const target = Object.hasOwn(visibilities, visibility) ? visibilities[visibility] : 'internal_article';

  const language = String(article?.language ?? '');
  const locales = map?.locales ?? {};
  const mappedLocale = Object.hasOwn(locales, language) ? locales[language] : INTERCOM_LOCALES.find((l) => l.toLowerCase() === language.toLowerCase());
  const mapped = typeof mappedLocale === 'string' && INTERCOM_LOCALES.includes(mappedLocale);
  const enabled = !mapped || lookups.helpCenterLocales === null || lookups.helpCenterLocales.includes(mappedLocale);
  const locale = mapped && enabled ? mappedLocale : lookups.defaultLocale;

  const agentEmail = article?.author && typeof article.author === 'object' ? lookups.agentEmailById.get(String(article.author.id)) ?? null : null;
  const author = { ...resolveAdmin(agentEmail, lookups), agentEmail };
  const boardId = typeof article?.board?.id === 'string' ? article.board.id : typeof article?.boardId === 'string' ? article.boardId : null;
  const found = boardId === null ? undefined : lookups.articleParentByBoard.get(boardId);
  const parent = found && Number.isSafeInteger(found.id) && found.id > 0 && (found.type === 'collection' || found.type === 'section') ? found : undefined;
  const body = rewriteArticleBody(typeof article?.body === 'string' ? article.body : '', lookups);

  const findings = preflight({
    kind: 'article', article, body, target,
    locale: { value: String(mappedLocale ?? language), mapped, enabled },
    author, parentFound: target !== 'article' || parent !== undefined,
  }, context);
  const base = {
    kind: 'article' as const, source, target, locale, findings, quarantined: [] as [],
    pendingLinks: body.links.filter((l) => l.url === null).map((l) => ({ articleId: l.id, href: l.href })),
    unresolvedImages: body.images.filter((i) => i.url === null).map((i) => ({ imageId: i.id, src: i.src })),
  };
  if (target === 'skip') {
    return { ...base, article: null, internalArticle: null, queue: { rule: 'skipped-by-map', action: 'skip', reason: `visibility ${JSON.stringify(visibility)} is skipped by the map` } };
  }
  const authorId = Number(author.adminId);
  if (!/^\d+$/.test(author.adminId) || !Number.isSafeInteger(authorId) || authorId < 1) {
    return { ...base, article: null, internalArticle: null, queue: { rule: 'admin-missing', action: 'queue', reason: `admin id ${JSON.stringify(author.adminId)} is not numeric: articles take an integer author_id` } };
  }

  const title = textOf(article?.subject) || `Khoros article ${id}`;
  const description = textOf(article?.teaser);
  const html = body.html;
  if (target === 'internal_article') {
    return { ...base, article: null, queue: null, internalArticle: { title, ...(html ? { body: html } : {}), author_id: authorId, owner_id: authorId, locale } };
  }
  const state = map?.state === 'draft' ? 'draft' : 'published';
  const content = { title, ...(description ? { description } : {}), ...(html ? { body: html } : {}), author_id: authorId, state } as const;
  const placement = parent ? { parent_id: parent.id, parent_type: parent.type } : {};
  const payload: CreateArticlePayload = locale === lookups.defaultLocale
    ? { ...content, ...placement }
    : { title, author_id: authorId, state: 'draft', ...placement, translated_content: { [locale]: content } };
  return { ...base, article: payload, internalArticle: null, queue: null };
}

function textOf(value: unknown): string {
  if (typeof value !== 'string') return '';
  const clean = cleanText(value);
  return (containsHtml(clean) ? htmlToText(clean) : clean).replace(/\s+/g, ' ').trim();
}
