/**
 * Workspace tags (2.16 `/tags`). `POST /tags` is multiplexed: `{name}` finds (names are case
 * insensitive) or creates; `{id, name}` renames; `{name, users:[{id}]}` tags contacts;
 * `{name, companies:[...]}` tags companies. An item with `untag: true` untags. The answer is
 * a `tag_create_response` whose `users`/`companies` list each affected item with `tagged`;
 * as in 2.16, items that don't exist are skipped (the simulator has no companies, so every
 * company is skipped). `DELETE /tags/{id}` removes the tag from contacts and conversations;
 * Intercom refuses it (400 `tag_has_dependent_objects`) only for dependants such as segments,
 * simulated by the `tagDependents` hook: `{"tagDependents": {"<tag id>": "Segments: Seg 1."}}`.
 * Conversation tagging lives in the conversations module and shares `state.tags`.
 */
import { findContact } from '../contact-store.ts';
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { saveConversation } from '../conversation-store.ts';
import { requireTag, setContactTag } from './contact-tags.ts';

const INVALID = () => new IntercomError(400, 'parameter_invalid', 'invalid tag parameters');

/**
 * The tag with that name (case-insensitive), created when missing.
 *
 * @example
 * tagNamed(state, 'VIP'); // { type: 'tag', id: '3', name: 'VIP' }
 */
export function tagNamed(state: SimState, name: string): Record<string, any> {
  for (const tag of state.tags.values()) if (tag.name.toLowerCase() === name.toLowerCase()) return tag;
  const id = state.nextId('tag');
  const tag = { type: 'tag', id, name };
  state.tags.set(id, tag);
  return tag;
}

/** Rewrites (or, with `rename` undefined, removes) a tag on every conversation that carries it. */
function touchConversations(state: SimState, tagId: string, rename?: string): void {
  for (const conversation of [...state.conversations.values()]) {
    const list: Record<string, any>[] | undefined = conversation.tags?.tags;
    if (!Array.isArray(list) || !list.some((t) => t.id === tagId)) continue;
    conversation.tags.tags = rename === undefined ? list.filter((t) => t.id !== tagId) : list.map((t) => (t.id === tagId ? { ...t, name: rename } : t));
    saveConversation(state, conversation.id, conversation);
  }
}

function basic(tag: Record<string, any>) {
  return { type: 'tag', id: tag.id, name: tag.name };
}

function tagUsers(state: SimState, tag: Record<string, any>, users: unknown[]) {
  const out: { id: string; tagged: boolean }[] = [];
  for (const item of users) {
    if (!item || typeof item !== 'object') throw INVALID();
    const { id, untag } = item as { id?: unknown; untag?: unknown };
    const contact = typeof id === 'string' ? findContact(state, id) : undefined;
    if (!contact) continue;
    setContactTag(state, contact, tag.id, untag !== true);
    out.push({ id: contact.id, tagged: untag !== true });
  }
  return out;
}

/**
 * The tag routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * tagRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const tagRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/tags',
    handler: () => ({ status: 200, body: { type: 'list', data: [...state.tags.values()].map(basic) } }),
  },
  {
    method: 'GET', path: '/tags/:tag_id',
    handler: (req) => ({ status: 200, body: basic(requireTag(state, req.params.tag_id)) }),
  },
  {
    method: 'POST', path: '/tags', write: true,
    handler(req) {
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || typeof body.name !== 'string' || body.name.trim() === '') throw INVALID();
      const { name, id, users, companies } = body as { name: string; id?: unknown; users?: unknown; companies?: unknown };
      if ((users !== undefined && !Array.isArray(users)) || (companies !== undefined && !Array.isArray(companies))) throw INVALID();
      let tag: Record<string, any>;
      if (id !== undefined && users === undefined && companies === undefined) {
        tag = requireTag(state, id);
        tag.name = name;
        touchConversations(state, tag.id, name);
      } else {
        tag = tagNamed(state, name);
      }
      const response: Record<string, unknown> = basic(tag);
      if (users !== undefined) response.users = tagUsers(state, tag, users as unknown[]);
      if (companies !== undefined) response.companies = [];
      return { status: 200, body: response };
    },
  },
  {
    method: 'DELETE', path: '/tags/:tag_id', write: true,
    handler(req) {
      const tag = requireTag(state, req.params.tag_id);
      const dependents = (state.hooks.tagDependents ?? {}) as Record<string, string>;
      if (dependents[tag.id]) {
        throw new IntercomError(400, 'tag_has_dependent_objects', `Unable to delete Tag with dependent objects. ${dependents[tag.id]}`);
      }
      for (const contact of state.contacts.values()) setContactTag(state, contact, tag.id, false);
      touchConversations(state, tag.id);
      state.tags.delete(tag.id);
      return { status: 200 };
    },
  },
];
