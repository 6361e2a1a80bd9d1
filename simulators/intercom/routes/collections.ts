/**
 * Help-center collections (2.16): `POST /help_center/collections`, `GET` (page numbers, most
 * recently updated first, `data: []` past the end), `GET|PUT|DELETE /help_center/collections/{id}`.
 * A collection with a `parent_id` is what the Help Center calls a section; the 2.16
 * description has no separate section endpoints.
 *
 * Rules from the description: `name` is required (400 `parameter_not_found` "Name is a
 * required parameter."); `parent_id` null makes a top-level collection; `help_center_id` null
 * means the default help center; DELETE answers `{id, object: "collection", deleted: true}`;
 * new collections get the `book-bookmark` icon and an `order` (the documented example shows
 * both). Simulator choices: an unknown parent or help center answers 400 `parameter_invalid`, a
 * nested collection lives in its parent's help center, a collection cannot become its own
 * descendant, `order` is 1 + the number of earlier siblings, and deleting a collection deletes
 * its nested collections and leaves their articles standalone.
 */
import { fields } from '../body-fields.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimState } from '../context.ts';
import { checkLocale, defaultHelpCenter, helpCenterById, helpCenterUrl, localesOf, slugify } from '../help-center-model.ts';
import { withBodySchema } from '../openapi-validator.ts';
import { numberedPage } from '../page-number.ts';

type Obj = Record<string, any>;

function find(state: SimState, id: string): Obj {
  const collection = state.collections.get(String(id));
  if (!collection) throw new IntercomError(404, 'not_found', 'Resource Not Found');
  return collection;
}

function view(state: SimState, collection: Obj): Obj {
  const out = structuredClone(collection);
  const hc = out.help_center_id === null ? defaultHelpCenter(state) : state.helpCenters.get(String(out.help_center_id));
  if (localesOf(hc).length < 2) {
    delete out.default_locale;
    delete out.translated_content;
  }
  return out;
}

function isDescendant(state: SimState, candidate: string, ancestor: string): boolean {
  for (let at = state.collections.get(candidate); at; at = at.parent_id ? state.collections.get(String(at.parent_id)) : undefined) {
    if (String(at.id) === ancestor) return true;
  }
  return false;
}

function apply(state: SimState, collection: Obj, req: SimRequest, mode: 'create' | 'update'): void {
  const f = fields(req.body);
  if (mode === 'create' && (typeof f.body.name !== 'string' || f.body.name === '')) {
    throw new IntercomError(400, 'parameter_not_found', 'Name is a required parameter.', 'name');
  }
  const name = f.string('name');
  const description = f.string('description');
  if ('parent_id' in f.body) {
    const parentId = f.id('parent_id');
    if (parentId !== undefined) {
      const parent = state.collections.get(parentId);
      if (!parent) throw new IntercomError(400, 'parameter_invalid', `Collection ${parentId} not found`, 'parent_id');
      if (collection.id && isDescendant(state, parentId, String(collection.id))) {
        throw new IntercomError(400, 'parameter_invalid', 'A collection cannot be nested below itself', 'parent_id');
      }
      collection.help_center_id = parent.help_center_id;
    }
    collection.parent_id = parentId ?? null;
  }
  if (mode === 'create') {
    const hcId = f.integer('help_center_id');
    const hc = hcId === undefined ? defaultHelpCenter(state) : helpCenterById(state, hcId);
    if (collection.parent_id && hcId !== undefined && collection.help_center_id !== hcId) {
      throw new IntercomError(400, 'parameter_invalid', 'A nested collection lives in its parent\'s help center', 'help_center_id');
    }
    collection.help_center_id ??= hc ? Number(hc.id) : null;
  }
  const hc = collection.help_center_id === null ? defaultHelpCenter(state) : state.helpCenters.get(String(collection.help_center_id));
  const locale = localesOf(hc)[0];
  const contents: Obj = { ...(collection.translated_content ?? {}) };
  delete contents.type;
  const base: Obj = contents[locale] ?? { type: 'group_content', name: '', description: '' };
  if (name !== undefined) base.name = name;
  if (description !== undefined) base.description = description;
  contents[locale] = base;
  const translated = f.body.translated_content;
  if (translated !== undefined && translated !== null && (typeof translated !== 'object' || Array.isArray(translated))) {
    throw new IntercomError(400, 'parameter_invalid', 'translated_content must be an object', 'translated_content');
  }
  if (translated) {
    for (const [key, value] of Object.entries(translated as Obj)) {
      if (key === 'type' || !value) continue;
      checkLocale(hc, key);
      const g = fields(value);
      const content: Obj = contents[key] ?? { type: 'group_content', name: base.name, description: '' };
      const n = g.string('name');
      const d = g.string('description');
      if (n !== undefined) content.name = n;
      if (d !== undefined) content.description = d;
      contents[key] = content;
    }
  }
  const now = state.now();
  Object.assign(collection, {
    workspace_id: state.workspaceId, name: base.name, description: base.description,
    created_at: collection.created_at ?? now, updated_at: now,
    url: `${helpCenterUrl(state, hc)}/${locale}/collections/${collection.id}-${slugify(base.name)}`,
    default_locale: locale, translated_content: { type: 'group_translated_content', ...contents },
  });
}

function remove(state: SimState, id: string): void {
  for (const child of [...state.collections.values()]) if (String(child.parent_id) === id) remove(state, String(child.id));
  state.collections.delete(id);
  for (const article of state.articles.values()) {
    if (article.parent_ids?.map(String).includes(id)) Object.assign(article, { parent_ids: [], updated_at: state.now() });
  }
}

/** The collection routes. */
export const collectionRoutes: RouteModule = (state) => [
  withBodySchema('createCollection', {
    method: 'POST', path: '/help_center/collections', write: true,
    handler(req) {
      const collection: Obj = { id: state.nextId('collection'), parent_id: null, icon: 'book-bookmark' };
      apply(state, collection, req, 'create');
      const siblings = [...state.collections.values()].filter((c) => c.parent_id === collection.parent_id && c.help_center_id === collection.help_center_id);
      collection.order = siblings.length + 1;
      state.collections.set(collection.id, collection);
      return { status: 200, body: view(state, collection) };
    },
  }),
  {
    method: 'GET', path: '/help_center/collections',
    handler(req) {
      const all = [...state.collections.values()].sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id));
      const page = numberedPage(all, req.query);
      return { status: 200, body: { type: 'list', pages: page.pages, total_count: page.total_count, data: page.data.map((c) => view(state, c)) } };
    },
  },
  {
    method: 'GET', path: '/help_center/collections/:collection_id',
    handler: (req) => ({ status: 200, body: view(state, find(state, req.params.collection_id)) }),
  },
  withBodySchema('updateCollection', {
    method: 'PUT', path: '/help_center/collections/:collection_id', write: true,
    handler(req) {
      const collection = find(state, req.params.collection_id);
      const draft = structuredClone(collection);
      apply(state, draft, req, 'update');
      Object.assign(collection, draft);
      return { status: 200, body: view(state, collection) };
    },
  }),
  {
    method: 'DELETE', path: '/help_center/collections/:collection_id', write: true,
    handler(req) {
      const collection = find(state, req.params.collection_id);
      remove(state, String(collection.id));
      return { status: 200, body: { id: String(collection.id), object: 'collection', deleted: true } };
    },
  },
];
