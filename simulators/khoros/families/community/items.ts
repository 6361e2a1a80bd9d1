/**
 * The Community v2 items the LiQL search serves, built from the store: TKB articles as
 * `message` items in the shape of Khoros's own TKB create response (reference §5), and
 * `board`, `category`, `image` and `label` items. Seed-defined: `visibility` on the
 * message (Community keeps it on nodes; the seed puts it on the article), the message's
 * `category {type, id, title, path}` (the board's parent category and its ancestors,
 * root first), the image item's `content_type` and `size`, and the default community
 * host `community.example.com` when the dataset names none.
 */
import type { KbArticle, KbBoard, KbCategory, KbImage } from '../../../dataset/types.ts';
import type { KhorosStore } from '../../store.ts';
import type { FieldResolvers, LiqlItem } from './liql-eval.ts';

/** One LiQL collection: its item type, its items and its relation fields. */
export interface LiqlCollection {
  itemType: string;
  items(): LiqlItem[];
  resolvers?: FieldResolvers;
}

/**
 * Turns a title into a URL path segment, as Community does in `view_href`: lower case,
 * accents dropped, runs of anything but letters and digits made one `-`, non-Latin
 * letters kept (percent-encoded).
 *
 * @example
 * slug('Orders & Shipping Knowledge Base'); // 'orders-shipping-knowledge-base'
 */
export function slug(title: string): string {
  const text = title.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return encodeURIComponent(text || 'item');
}

/**
 * The collections `SELECT … FROM` can name.
 *
 * @example
 * const { messages } = liqlCollections(store, 'http://127.0.0.1:PORT/community');
 * messages.items()[0].view_href; // 'https://community.example.com/t5/how-to/reset-a-password/ta-p/101'
 */
export function liqlCollections(store: KhorosStore, baseUrl: string): Record<string, LiqlCollection> {
  const kb = store.instance.kb;
  const host = `https://${store.instance.instance?.communityHost ?? 'community.example.com'}`;
  const boards = new Map<string, KbBoard>((kb?.boards ?? []).map((b) => [b.id, b]));
  const categories = new Map<string, KbCategory>((kb?.categories ?? []).map((c) => [c.id, c]));
  const articles = () => [...store.articles.values()];
  const ref = (type: string, id: string, href: string, view: string) => ({ type, id, href, view_href: `${host}/t5/${view}` });
  const userRef = (a: { id: string; login: string }) => ({ ...ref('user', a.id, `/users/${a.id}`, `user/viewprofilepage/user-id/${a.id}`), login: a.login });
  const categoryRef = (c: KbCategory) => ref('category', c.id, `/categories/${c.id}`, `${slug(c.title)}/ct-p/${c.id}`);
  const boardRef = (b: KbBoard) => ref('board', b.id, `/boards/${b.id}`, `${slug(b.title)}/tkb-p/${b.id}`);
  const path = (id: string | null | undefined): KbCategory[] => {
    const chain: KbCategory[] = [];
    for (let c = id ? categories.get(id) : undefined; c && !chain.includes(c); c = c.parentId ? categories.get(c.parentId) : undefined) chain.unshift(c);
    return chain;
  };
  /** Message ids by related id (an image's or a label's messages). */
  const related = (pick: (a: KbArticle) => string[] | undefined) => {
    const map = new Map<string, string[]>();
    for (const a of articles()) for (const r of pick(a) ?? []) map.set(r, [...(map.get(r) ?? []), a.id]);
    return map;
  };

  function message(a: KbArticle): LiqlItem {
    const board = boards.get(a.boardId) ?? { id: a.boardId, title: a.boardId, categoryId: '' };
    const view = `${host}/t5/${slug(board.title)}/${slug(a.subject ?? String(a.id))}/ta-p/${a.id}`;
    const lastEdit = a.last_edit_time ?? a.post_time;
    const q = (collection: string, key: string) => ({ query: `SELECT * FROM ${collection} WHERE ${key} = '${a.id}'` });
    const chain = path(board.categoryId);
    const category = chain[chain.length - 1];
    return {
      type: 'message', id: a.id, href: `/messages/${a.id}`, view_href: view,
      ...(a.author ? { author: userRef(a.author) } : {}),
      subject: a.subject, body: a.body, teaser: a.teaser ?? '',
      board: boardRef(board),
      conversation: { type: 'conversation', id: a.id, view_href: view, style: 'tkb', thread_style: 'tkb', messages_count: 1, solved: false, last_post_time: a.post_time },
      topic: { type: 'message', id: a.id, href: `/messages/${a.id}`, view_href: view },
      post_time: a.post_time, depth: 0, read_only: false, language: a.language,
      can_accept_solution: false, placeholder: false, is_solution: false, solution_data: {},
      metrics: { type: 'message_metrics', views: 0 },
      current_revision: { type: 'revision', id: '1', ...(a.author ? { last_edit_author: userRef(a.author) } : {}), last_edit_time: lastEdit },
      kudos: q('kudos', 'message.id'), tags: q('tags', 'messages.id'), labels: q('labels', 'messages.id'),
      images: q('images', 'messages.id'), videos: q('videos', 'messages.id'), attachments: q('attachments', 'message.id'),
      replies: q('messages', 'parent.id'), ratings: q('ratings', 'message.id'), custom_tags: q('custom_tags', 'messages.id'),
      moderation_status: 'approved',
      contributors: { query: `SELECT * FROM users WHERE messages_contributed.id = '${a.id}'` },
      helpfulness_allowed: false, popularity: 0, excluded_from_kudos_leaderboards: false, is_promoted: false,
      visibility: a.visibility,
      ...(category ? { category: { type: 'category', id: category.id, title: category.title, path: chain.map((c) => ({ id: c.id, title: c.title })) } } : {}),
    };
  }

  const image = (i: KbImage): LiqlItem => ({
    type: 'image', id: i.id, href: `/images/${i.id}`, title: i.title ?? '', description: '',
    url: `${baseUrl}/t5/image/serverpage/image-id/${i.id}/image-size/large?v=v2&px=999`,
    content_type: i.contentType, size: i.size,
  });

  return {
    messages: {
      itemType: 'message',
      items: () => articles().map(message),
      // `last_edit_time` is the revision's: delta queries filter on it.
      resolvers: { last_edit_time: (m) => (m.current_revision as { last_edit_time: string }).last_edit_time },
    },
    boards: {
      itemType: 'board',
      items: () => [...boards.values()].map((b) => {
        const parent = categories.get(b.categoryId);
        return { ...boardRef(b), title: b.title, description: '', conversation_style: 'tkb', ...(parent ? { parent_category: categoryRef(parent) } : {}) };
      }),
    },
    categories: {
      itemType: 'category',
      items: () => [...categories.values()].map((c) => {
        const parent = c.parentId ? categories.get(c.parentId) : undefined;
        return { ...categoryRef(c), title: c.title, ...(parent ? { parent_category: categoryRef(parent) } : {}) };
      }),
    },
    images: {
      itemType: 'image',
      items: () => [...store.images.values()].map(image),
      resolvers: relation(() => related((a) => a.imageIds)),
    },
    labels: {
      itemType: 'label',
      items: () => [...related((a) => a.labels).keys()].map((text) => ({ type: 'label', id: text, text })),
      resolvers: relation(() => related((a) => a.labels)),
    },
  };
}

/** `messages.id` on images and labels: the ids of the messages that use the item. */
function relation(build: () => Map<string, string[]>): FieldResolvers {
  let map: Map<string, string[]> | undefined;
  return { 'messages.id': (item) => (map ??= build()).get(item.id) ?? [] };
}
