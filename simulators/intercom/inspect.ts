/**
 * The inspection endpoints, outside the API at `{url}/_sim` (no auth, no rate limit, no
 * faults, not logged):
 *
 * - `GET /_sim/state` — the whole workspace in Intercom's shapes, as arrays:
 *   `{contacts, conversations, tags, data_attributes, conversation_attributes, articles,
 *   internal_articles, collections, admins, teams, brands, help_centers}` (what was written;
 *   hooks don't apply).
 * - `GET /_sim/requests` — the request log as JSON lines (`application/x-ndjson`);
 *   `DELETE /_sim/requests` clears it.
 * - `GET /_sim/hooks`, `POST /_sim/hooks` (merges the body's keys into `state.hooks`; a key
 *   set to `null` removes it), `DELETE /_sim/hooks` (clears). Hook formats: see
 *   `contact-store.ts` (`loseContact`, `changeContactField`), `routes/tags.ts`
 *   (`tagDependents`), `routes/data-attributes.ts` (`dataAttributeDependents`); the
 *   conversation side documents its own in `conversation-store.ts` (`loseConversation`,
 *   `dropConversationPart`, `changeConversationField`).
 */
import type { SimResponse, SimState } from './context.ts';
import type { RequestLog } from './request-log.ts';

/**
 * The workspace as one JSON-ready object.
 *
 * @example
 * snapshotState(state).contacts[0].type; // 'contact'
 */
export function snapshotState(state: SimState): Record<string, Record<string, any>[]> {
  return {
    contacts: [...state.contacts.values()],
    conversations: [...state.conversations.values()],
    tags: [...state.tags.values()],
    data_attributes: [...state.dataAttributes.values()],
    conversation_attributes: [...state.conversationAttributes.values()],
    articles: [...state.articles.values()],
    internal_articles: [...state.internalArticles.values()],
    collections: [...state.collections.values()],
    admins: [...state.admins.values()],
    teams: [...state.teams.values()],
    brands: [...state.brands.values()],
    help_centers: [...state.helpCenters.values()],
  };
}

/**
 * Answers one inspection request (`path` below `/_sim`), or undefined for an unknown one.
 *
 * @example
 * inspect(state, log, 'GET', '/state', undefined); // { status: 200, body: { contacts: [...], ... } }
 */
export function inspect(state: SimState, log: RequestLog, method: string, path: string, body: unknown): SimResponse | undefined {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /state':
      return { status: 200, body: snapshotState(state) };
    case 'GET /requests':
      return { status: 200, raw: { contentType: 'application/x-ndjson', data: Buffer.from(log.toNdjson()) } };
    case 'DELETE /requests':
      log.clear();
      return { status: 204 };
    case 'GET /hooks':
      return { status: 200, body: state.hooks };
    case 'POST /hooks': {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return { status: 400, body: { error: 'hooks must be a JSON object' } };
      for (const [key, value] of Object.entries(body)) {
        if (value === null) delete state.hooks[key];
        else state.hooks[key] = value;
      }
      return { status: 200, body: state.hooks };
    }
    case 'DELETE /hooks':
      for (const key of Object.keys(state.hooks)) delete state.hooks[key];
      return { status: 204 };
    default:
      return undefined;
  }
}
