/**
 * Articles (2.16): `POST /articles`, `GET /articles` (page numbers, most recently updated
 * first, `data: []` past the end), `GET|PUT|DELETE /articles/{id}` (DELETE answers
 * `{id, object: "article", deleted: true}`). Field rules are in `article-input.ts`.
 *
 * Shapes: 2.16 answers `parent_ids` only; older versions also get `parent_id` and
 * `parent_type` (`collection` for a top-level collection, `section` for a nested one), as the
 * 2.14 description has them. `statistics` (all zero) come with single-article answers, not in
 * lists. `default_locale` and `translated_content` are "only returned for multilingual help
 * centers". A due `scheduled_publish_at`/`scheduled_unpublish_at` is applied when the article
 * is next read. Article `created_at` cannot be set (the description has no such field).
 */
import { compareVersions } from '../api-version.ts';
import { applyArticleInput, markPublished } from '../article-input.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimState } from '../context.ts';
import { helpCenterOfCollection, localesOf } from '../help-center-model.ts';
import { withBodySchema } from '../openapi-validator.ts';
import { numberedPage } from '../page-number.ts';

type Obj = Record<string, any>;

const STATISTICS = {
  type: 'article_statistics', views: 0, conversions: 0, reactions: 0,
  happy_reaction_percentage: 0, neutral_reaction_percentage: 0, sad_reaction_percentage: 0,
};

function find(state: SimState, id: string): Obj {
  const article = state.articles.get(String(id));
  if (!article) throw new IntercomError(404, 'not_found', 'Resource Not Found');
  const now = state.now();
  if (article.scheduled_publish_at && article.scheduled_publish_at <= now) {
    Object.assign(article, { state: 'published', scheduled_publish_at: null, updated_at: article.scheduled_publish_at });
    markPublished(state, article.id);
  }
  if (article.scheduled_unpublish_at && article.scheduled_unpublish_at <= now) {
    Object.assign(article, { state: 'draft', scheduled_unpublish_at: null, updated_at: article.scheduled_unpublish_at });
  }
  return article;
}

function view(state: SimState, article: Obj, req: SimRequest, withStatistics: boolean): Obj {
  const { statistics, ...out } = structuredClone(article);
  const hc = helpCenterOfCollection(state, out.parent_ids[0]);
  if (localesOf(hc).length < 2) {
    delete out.default_locale;
    delete out.translated_content;
  }
  if (compareVersions(req.version, '2.16') < 0) {
    const parent = out.parent_ids.length > 0 ? state.collections.get(String(out.parent_ids[0])) : undefined;
    out.parent_id = parent ? Number(parent.id) : null;
    out.parent_type = parent ? (parent.parent_id ? 'section' : 'collection') : null;
  }
  return withStatistics ? { ...out, statistics } : out;
}

function ordered(articles: Iterable<Obj>): Obj[] {
  return [...articles].sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id));
}

/** The article routes. */
export const articleRoutes: RouteModule = (state) => [
  withBodySchema('createArticle', {
    method: 'POST', path: '/articles', write: true,
    handler(req) {
      const article: Obj = { id: state.nextId('article') };
      applyArticleInput(state, article, req.body, 'create');
      Object.assign(article, { statistics: { ...STATISTICS }, tags: { type: 'tag.list', tags: [] } });
      state.articles.set(article.id, article);
      return { status: 200, body: view(state, article, req, true) };
    },
  }),
  {
    method: 'GET', path: '/articles',
    handler(req) {
      for (const id of state.articles.keys()) find(state, id);
      const page = numberedPage(ordered(state.articles.values()), req.query);
      return { status: 200, body: { type: 'list', pages: page.pages, total_count: page.total_count, data: page.data.map((a) => view(state, a, req, false)) } };
    },
  },
  {
    method: 'GET', path: '/articles/:article_id',
    handler: (req) => ({ status: 200, body: view(state, find(state, req.params.article_id), req, true) }),
  },
  withBodySchema('updateArticle', {
    method: 'PUT', path: '/articles/:article_id', write: true,
    handler(req) {
      const article = find(state, req.params.article_id);
      const draft = structuredClone(article);
      applyArticleInput(state, draft, req.body, 'update');
      Object.assign(article, draft);
      return { status: 200, body: view(state, article, req, true) };
    },
  }),
  {
    method: 'DELETE', path: '/articles/:article_id', write: true,
    handler(req) {
      const article = find(state, req.params.article_id);
      state.articles.delete(article.id);
      return { status: 200, body: { id: article.id, object: 'article', deleted: true } };
    },
  },
];
