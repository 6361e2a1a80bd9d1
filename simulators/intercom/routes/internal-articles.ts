/**
 * Internal articles (2.16): `POST /internal_articles` (required `title`, `owner_id`,
 * `author_id` — both teammates), `GET /internal_articles` (page numbers, most recently
 * updated first), `GET|PUT|DELETE /internal_articles/{id}` (DELETE answers
 * `{id, object: "internal_article", deleted: true}`). `body` (HTML, normalised as article
 * bodies are) and `body_markdown` are mutually exclusive; the `ai_*_availability` flags
 * default to false; unknown audience ids answer 404 (the simulator has no audiences).
 * `locale` is the default help center's first locale.
 */
import { fields } from '../body-fields.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimState } from '../context.ts';
import { defaultHelpCenter, localesOf } from '../help-center-model.ts';
import { normalizeBody } from '../html-rules.ts';
import { markdownToHtml } from '../markdown-lite.ts';
import { withBodySchema } from '../openapi-validator.ts';
import { numberedPage } from '../page-number.ts';

type Obj = Record<string, any>;

const FLAGS = ['ai_chatbot_availability', 'ai_copilot_availability', 'ai_sales_agent_availability'];

function find(state: SimState, id: string): Obj {
  const article = state.internalArticles.get(String(id));
  if (!article) throw new IntercomError(404, 'not_found', 'Resource Not Found');
  return article;
}

function apply(state: SimState, article: Obj, req: SimRequest, mode: 'create' | 'update'): void {
  const f = fields(req.body);
  const required = mode === 'create';
  const title = f.string('title', required);
  const ownerId = f.integer('owner_id', required);
  const authorId = f.integer('author_id', required);
  for (const [field, id] of [['owner_id', ownerId], ['author_id', authorId]] as const) {
    if (id !== undefined && !state.admins.has(String(id))) {
      throw new IntercomError(400, 'parameter_invalid', `${field} must be a teammate on the workspace`, field);
    }
  }
  const html = f.string('body');
  const markdown = f.string('body_markdown');
  if (html !== undefined && markdown !== undefined) throw new IntercomError(400, 'parameter_invalid', 'body and body_markdown are mutually exclusive', 'body');
  const audiences = f.body.audience_ids;
  if (audiences !== undefined && audiences !== null && !Array.isArray(audiences)) {
    throw new IntercomError(400, 'parameter_invalid', 'audience_ids must be an array', 'audience_ids');
  }
  if (Array.isArray(audiences) && audiences.length > 0) throw new IntercomError(404, 'not_found', `Audience ${audiences[0]} not found`, 'audience_ids');
  if (title !== undefined) article.title = title;
  if (ownerId !== undefined) article.owner_id = ownerId;
  if (authorId !== undefined) article.author_id = authorId;
  if (html !== undefined) Object.assign(article, { body: normalizeBody(html, 'article'), body_markdown: null });
  if (markdown !== undefined) Object.assign(article, { body: markdownToHtml(markdown), body_markdown: markdown });
  if (Array.isArray(audiences)) article.audience_ids = [];
  for (const flag of FLAGS) {
    const value = f.boolean(flag);
    if (value !== undefined) article[flag] = value;
  }
  article.updated_at = state.now();
}

/** The internal article routes. */
export const internalArticleRoutes: RouteModule = (state) => [
  withBodySchema('createInternalArticle', {
    method: 'POST', path: '/internal_articles', write: true,
    handler(req) {
      const now = state.now();
      const article: Obj = {
        type: 'internal_article', id: state.nextId('article'), body: '', body_markdown: null, created_at: now,
        locale: localesOf(defaultHelpCenter(state))[0], audience_ids: [],
        ai_chatbot_availability: false, ai_copilot_availability: false, ai_sales_agent_availability: false,
      };
      apply(state, article, req, 'create');
      state.internalArticles.set(article.id, article);
      return { status: 200, body: { ...article } };
    },
  }),
  {
    method: 'GET', path: '/internal_articles',
    handler(req) {
      const all = [...state.internalArticles.values()].sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id));
      const page = numberedPage(all, req.query);
      return { status: 200, body: { type: 'list', pages: page.pages, total_count: page.total_count, data: page.data } };
    },
  },
  {
    method: 'GET', path: '/internal_articles/:internal_article_id',
    handler: (req) => ({ status: 200, body: find(state, req.params.internal_article_id) }),
  },
  withBodySchema('updateInternalArticle', {
    method: 'PUT', path: '/internal_articles/:internal_article_id', write: true,
    handler(req) {
      const article = find(state, req.params.internal_article_id);
      const draft = structuredClone(article);
      apply(state, draft, req, 'update');
      Object.assign(article, draft);
      return { status: 200, body: article };
    },
  }),
  {
    method: 'DELETE', path: '/internal_articles/:internal_article_id', write: true,
    handler(req) {
      const article = find(state, req.params.internal_article_id);
      state.internalArticles.delete(article.id);
      return { status: 200, body: { id: article.id, object: 'internal_article', deleted: true } };
    },
  },
];
