/**
 * Where conversation routes read and write conversations. Writes also go to a per-state
 * search index, so conversation search lags like contact search does (Intercom's search is
 * eventually consistent; the simulator uses the same `searchDelaySeconds`). Reads apply the
 * fault hooks of verify specs (`POST {inspect}/hooks`); hooks never touch the stored objects,
 * only what the API answers:
 *
 * - `{"loseConversation": "<id>" | [...]}`: reads answer 404 and list/search leave it out.
 * - `{"dropConversationPart": "<part id>" | [...]}`: the write succeeded, but reads never show
 *   that part (and `total_count` does not count it).
 * - `{"changeConversationField": {"id": "<id>", "field": "title" | "custom_attributes.x", "value": any} | [...]}`.
 */
import type { SimState } from './context.ts';
import { SearchIndex } from './search-index.ts';

type Obj = Record<string, any>;

const indexes = new WeakMap<SimState, SearchIndex>();

function index(state: SimState): SearchIndex {
  let found = indexes.get(state);
  if (!found) {
    found = new SearchIndex();
    // Conversations present before the first write (seeded) were always searchable.
    for (const [id, conversation] of state.conversations) found.record(id, searchDoc(conversation), Number.NEGATIVE_INFINITY);
    indexes.set(state, found);
  }
  return found;
}

/** What search sees of a conversation: the list item (no parts). */
function searchDoc(conversation: Obj): Obj {
  const { conversation_parts: _parts, ...rest } = conversation;
  return rest;
}

function asList<T>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/**
 * True when a `loseConversation` hook hides the conversation.
 *
 * @example
 * state.hooks.loseConversation = '12';
 * isConversationLost(state, '12'); // true
 */
export function isConversationLost(state: SimState, id: string): boolean {
  return asList<unknown>(state.hooks.loseConversation).some((ref) => String(ref) === String(id));
}

/**
 * Stores a written conversation (`null` deletes it) and records the write for search.
 *
 * @example
 * conversation.title = 'Billing';
 * saveConversation(state, conversation.id, conversation);
 */
export function saveConversation(state: SimState, id: string, conversation: Obj | null): void {
  const idx = index(state);
  if (conversation) state.conversations.set(id, conversation);
  else state.conversations.delete(id);
  idx.record(id, conversation && searchDoc(conversation), state.now(), state.searchDelaySeconds);
}

/**
 * The conversations search can see now (the index lags by `searchDelaySeconds`), lost ones left out.
 *
 * @example
 * const docs = searchableConversations(state); // list items, creation order
 */
export function searchableConversations(state: SimState): Obj[] {
  return index(state).visible(state.now(), state.searchDelaySeconds).filter((c) => !isConversationLost(state, c.id));
}

/**
 * A copy of the conversation as reads show it: hooks applied, dropped parts left out, and at
 * most the `limit` most recent parts kept (only those are copied, so long threads stay cheap).
 *
 * @example
 * const shown = applyConversationHooks(state, stored, 500);
 */
export function applyConversationHooks(state: SimState, conversation: Obj, limit = Number.POSITIVE_INFINITY): Obj {
  const { conversation_parts: list, ...rest } = conversation;
  const copy: Obj = structuredClone(rest);
  if (list) {
    const dropped = new Set(asList<unknown>(state.hooks.dropConversationPart).map(String));
    const kept = dropped.size > 0 ? list.conversation_parts.filter((p: Obj) => !dropped.has(String(p.id))) : list.conversation_parts;
    copy.conversation_parts = {
      ...list,
      conversation_parts: structuredClone(kept.length > limit ? kept.slice(-limit) : kept),
      total_count: kept.length,
    };
  }
  type Change = { id: string; field: string; value: unknown };
  for (const change of asList<Change>(state.hooks.changeConversationField)) {
    if (!change || String(change.id) !== String(copy.id)) continue;
    const path = String(change.field).split('.');
    let target = copy;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = change.value;
  }
  return copy;
}
