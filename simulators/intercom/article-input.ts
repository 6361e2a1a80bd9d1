/**
 * Reads `create_article_request` / `update_article_request` bodies into a stored 2.16
 * `article`. The default locale's content lives at the top level and in
 * `translated_content[default_locale]`; other locales only in `translated_content`.
 *
 * Rules from the description: `title` and `author_id` are required on create ("author_id must
 * be in the main body or default locale translated_content object", 400 `parameter_not_found`);
 * the author "Must be a teammate" (an admin); `state` defaults to `draft` and an update without
 * it leaves it unchanged; `body` (HTML) and `body_markdown` are mutually exclusive;
 * `parent_type` is `collection` or `section`; `scheduled_publish_at`/`scheduled_unpublish_at`
 * are ISO-8601 strings strictly in the future, never both, publish never with `state: draft`,
 * unpublish only for an article that was published; unknown audience ids answer 404 (the
 * simulator has no audiences, so any id is unknown). Bodies are normalised by `html-rules.ts`.
 */
import { fields, type FieldReader } from './body-fields.ts';
import { IntercomError, type SimState } from './context.ts';
import { checkLocale, helpCenterOfCollection, helpCenterUrl, localesOf, slugify } from './help-center-model.ts';
import { normalizeBody } from './html-rules.ts';
import { markdownToHtml } from './markdown-lite.ts';

type Obj = Record<string, any>;

const invalid = (message: string, field?: string) => new IntercomError(400, 'parameter_invalid', message, field);

// Articles that were ever published (an unpublish can only be scheduled for those); kept out of
// the stored objects so inspection shows Intercom's shape only.
const published = new WeakMap<SimState, Set<string>>();

/**
 * Remembers that an article has been published at least once.
 *
 * @example
 * markPublished(state, article.id);
 */
export function markPublished(state: SimState, id: string): void {
  let ids = published.get(state);
  if (!ids) published.set(state, (ids = new Set()));
  ids.add(String(id));
}

function checkAuthor(state: SimState, id: number | undefined, field: string): void {
  if (id !== undefined && !state.admins.has(String(id))) throw invalid(`${field} must be a teammate on the help center's workspace`, field);
}

/** Reads title, description, body/body_markdown, author_id and state of one locale's content. */
function readContent(state: SimState, f: FieldReader, into: Obj, field: string): void {
  const title = f.string('title');
  const description = f.string('description');
  const html = f.string('body');
  const markdown = f.string('body_markdown');
  if (html !== undefined && markdown !== undefined) throw invalid('body and body_markdown are mutually exclusive', `${field}body`);
  const authorId = f.integer('author_id');
  checkAuthor(state, authorId, `${field}author_id`);
  const publication = f.oneOf('state', ['published', 'draft']);
  if (title !== undefined) into.title = title;
  if (description !== undefined) into.description = description;
  if (html !== undefined) Object.assign(into, { body: normalizeBody(html, 'article'), body_markdown: null });
  if (markdown !== undefined) Object.assign(into, { body: markdownToHtml(markdown), body_markdown: markdown });
  if (authorId !== undefined) into.author_id = authorId;
  if (publication !== undefined) into.state = publication;
}

function isoFuture(state: SimState, value: unknown, field: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const at = typeof value === 'string' && value !== '' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw invalid(`${field} must be an ISO 8601 timestamp`, field);
  if (Math.floor(at / 1000) <= state.now()) throw invalid(`${field} must be in the future`, field);
  return Math.floor(at / 1000);
}

function readParent(state: SimState, f: FieldReader, article: Obj): void {
  const parentId = f.id('parent_id');
  const parentType = f.oneOf('parent_type', ['collection', 'section']);
  if (parentId === undefined) {
    if (parentType !== undefined) throw new IntercomError(400, 'parameter_not_found', 'parent_id is a required parameter', 'parent_id');
    return;
  }
  if (!state.collections.has(parentId)) throw invalid(`Collection ${parentId} not found`, 'parent_id');
  article.parent_ids = [Number(parentId)];
}

/**
 * Applies a create or update body to `article` (a fresh `{}` for create); throws 400s.
 *
 * @example
 * const article = { id: state.nextId('article') };
 * applyArticleInput(state, article, { title: 'Hi', author_id: 991267497 }, 'create');
 */
export function applyArticleInput(state: SimState, article: Obj, body: unknown, mode: 'create' | 'update'): Obj {
  const f = fields(body);
  if (mode === 'create') {
    f.string('title', true);
    if (f.body.author_id === undefined || f.body.author_id === null) {
      throw new IntercomError(400, 'parameter_not_found', 'author_id must be in the main body or default locale translated_content object', 'author_id');
    }
  }
  const now = state.now();
  readParent(state, f, article);
  const hc = helpCenterOfCollection(state, article.parent_ids?.[0]);
  const locale = localesOf(hc)[0];
  const contents: Obj = { ...(article.translated_content ?? {}) };
  delete contents.type;
  const base: Obj = contents[locale] ?? { type: 'article_content', description: '', body: '', state: 'draft', created_at: now };
  readContent(state, f, base, '');
  contents[locale] = base;
  const translated = f.body.translated_content;
  if (translated !== undefined && translated !== null) {
    if (typeof translated !== 'object' || Array.isArray(translated)) throw invalid('translated_content must be an object', 'translated_content');
    for (const [key, value] of Object.entries(translated as Obj)) {
      if (key === 'type' || value === null) continue;
      checkLocale(hc, key);
      const content: Obj = contents[key] ?? { type: 'article_content', description: '', body: '', state: 'draft', author_id: base.author_id, created_at: now };
      readContent(state, fields(value), content, `translated_content.${key}.`);
      if (content.title === undefined) throw new IntercomError(400, 'parameter_not_found', `translated_content.${key}.title is a required parameter`, `translated_content.${key}.title`);
      contents[key] = content;
    }
  }
  for (const flag of ['ai_chatbot_availability', 'ai_copilot_availability', 'ai_sales_agent_availability']) {
    const value = f.boolean(flag);
    if (value !== undefined) article[flag] = value;
  }
  const audiences = f.body.audience_ids;
  if (audiences !== undefined && audiences !== null && !Array.isArray(audiences)) throw invalid('audience_ids must be an array', 'audience_ids');
  if (Array.isArray(audiences) && audiences.length > 0) throw new IntercomError(404, 'not_found', `Audience ${audiences[0]} not found`, 'audience_ids');
  const publishAt = isoFuture(state, f.body.scheduled_publish_at, 'scheduled_publish_at');
  const unpublishAt = isoFuture(state, f.body.scheduled_unpublish_at, 'scheduled_unpublish_at');
  if (publishAt && unpublishAt) throw invalid('Only one pending schedule per article', 'scheduled_publish_at');
  if (publishAt && f.body.state === 'draft') throw invalid('scheduled_publish_at cannot be combined with state draft', 'scheduled_publish_at');
  if (unpublishAt && !published.get(state)?.has(String(article.id)) && base.state !== 'published') throw invalid('The article has never been published', 'scheduled_unpublish_at');
  if (publishAt !== undefined) article.scheduled_publish_at = publishAt;
  if (unpublishAt !== undefined) article.scheduled_unpublish_at = unpublishAt;
  if (publishAt) base.state = article.state ?? 'draft';
  const root = helpCenterUrl(state, hc);
  for (const [key, content] of Object.entries(contents)) {
    content.updated_at = now;
    content.url = `${root}/${key}/articles/${article.id}-${slugify(content.title ?? '')}`;
  }
  Object.assign(article, {
    type: 'article', workspace_id: state.workspaceId, parent_ids: article.parent_ids ?? [],
    title: base.title, description: base.description, body: base.body, body_markdown: base.body_markdown ?? null,
    author_id: base.author_id, state: base.state, created_at: article.created_at ?? now, updated_at: now, url: base.url,
    default_locale: locale, translated_content: { type: 'article_translated_content', ...contents },
    scheduled_publish_at: article.scheduled_publish_at ?? null, scheduled_unpublish_at: article.scheduled_unpublish_at ?? null,
  });
  if (article.state === 'published') markPublished(state, article.id);
  return article;
}
