/**
 * The Care Author API (reference §2.1, §3): the paged person list, one person, the
 * author ids changed in a window and an author's conversation ids in a window.
 */
import type { Author, Conversation } from '../../../dataset/types.ts';
import { KhorosHttpError, type FamilyContext, type KhorosRoute } from '../../route.ts';
import type { KhorosStore } from '../../store.ts';
import { parseEpochWindow } from './epoch-window.ts';
import { toPerson } from './person.ts';

/**
 * Routes of the Author API:
 * - `GET /api/v2/authors?offset&include_deleted_crm` (documented shape; page size, order and
 *   the `nextPageUrl: null` end signal are seed-defined; deleted authors only with
 *   `include_deleted_crm=true`, seed-defined);
 * - `GET /api/v2/authors/{id}` (documented: `data` is an array even for one person;
 *   the 404 wording is seed-defined);
 * - `GET /api/v2/authors/changed` (documented; seed-defined: a conversation changed in the
 *   window marks its participants changed, and deleted authors are listed too);
 * - `GET /api/v2/authors/{id}/conversations` (documented).
 *
 * @example
 * const routes = authorRoutes(ctx); // mounted by `careFamily`
 */
export function authorRoutes({ store, settings }: FamilyContext): KhorosRoute[] {
  const pages = livePersonPages(store);
  return [
    {
      method: 'GET',
      path: '/api/v2/authors',
      handler(req) {
        const offsetText = req.query.get('offset') ?? '0';
        if (!/^\d{1,9}$/.test(offsetText)) throw new KhorosHttpError(400, 'offset must be a non-negative integer');
        const offset = Number(offsetText);
        const withDeleted = req.query.get('include_deleted_crm') === 'true';
        const size = settings.pageSizes.authors;
        const { items, total } = pages(withDeleted, offset, size);
        const next = new URLSearchParams({ offset: String(offset + size) });
        if (withDeleted) next.set('include_deleted_crm', 'true');
        const nextPageUrl = offset + size < total ? `${req.baseUrl}/api/v2/authors?${next}` : null;
        return { status: 200, body: { status: 'success', data: { nextPageUrl, personList: items.map(toPerson) } } };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/authors/changed',
      handler(req) {
        const { start, end } = parseEpochWindow(req.query);
        const inside = (t: number) => t >= start && t < end;
        const changed = new Set<string>();
        for (const author of store.authors.values()) if (inside(author.lastModified)) changed.add(author.id);
        for (const conversation of store.conversations.values()) {
          if (!inside(conversation.lastModified)) continue;
          for (const person of participants(conversation)) if (store.authors.get(person)) changed.add(person);
        }
        return { status: 200, body: { status: 'success', data: [...changed] } };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/authors/:id',
      handler(req) {
        const author = store.authors.get(req.params.id);
        if (!author) throw new KhorosHttpError(404, 'Author not found');
        return { status: 200, body: { status: 'success', data: [toPerson(author)] } };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/authors/:id/conversations',
      handler(req) {
        const { start, end } = parseEpochWindow(req.query);
        if (!store.authors.get(req.params.id)) throw new KhorosHttpError(404, 'Author not found');
        const ids = [...(store.conversationsByPerson.get(req.params.id) ?? [])].filter((id) => {
          const t = store.conversations.get(id)?.lastModified ?? -1;
          return t >= start && t < end;
        });
        return { status: 200, body: { status: 'success', data: ids } };
      },
    },
  ];
}

/** The people taking part in a conversation: its `participants` and its messages' persons. */
function participants(conversation: Conversation): Set<string> {
  const people = new Set(conversation.participants ?? []);
  for (const m of conversation.messages) if (m.author.personId) people.add(m.author.personId);
  return people;
}

/**
 * Offset pages over the persons in dataset order, with or without deleted ones. The id
 * lists are cached (a scan per page would make paging quadratic) and rebuilt when the
 * store's size changes or a person on the requested page is gone or has been deleted.
 */
function livePersonPages(store: KhorosStore) {
  const cache = new Map<boolean, { size: number; ids: string[] }>();
  const build = (withDeleted: boolean) => {
    const ids: string[] = [];
    for (const a of store.authors.values()) if (withDeleted || !a.deleted) ids.push(a.id);
    const entry = { size: store.authors.size, ids };
    cache.set(withDeleted, entry);
    return entry;
  };
  return (withDeleted: boolean, offset: number, limit: number): { items: Author[]; total: number } => {
    let entry = cache.get(withDeleted);
    if (!entry || entry.size !== store.authors.size) entry = build(withDeleted);
    let items = entry.ids.slice(offset, offset + limit).map((id) => store.authors.get(id));
    if (items.some((a) => !a || (!withDeleted && a.deleted))) {
      entry = build(withDeleted);
      items = entry.ids.slice(offset, offset + limit).map((id) => store.authors.get(id));
    }
    return { items: items as Author[], total: entry.ids.length };
  };
}
