/**
 * The Care Conversation API (reference §2.2, §3): details by conversation UUID, by up to 20
 * display numbers, and by the source document (network post) id.
 */
import type { Conversation } from '../../../dataset/types.ts';
import { KhorosHttpError, type FamilyContext, type KhorosRequest, type KhorosRoute } from '../../route.ts';
import { toConversationDetails } from './conversation-details.ts';

/** The documented most display ids per call. */
export const MAX_DISPLAY_IDS = 20;

/** Seed-defined text of `_meta.status`, taken from the documentation's wording. */
const UNPROCESSED = 'Some conversations could not be processed.';

/**
 * Routes of the Conversation API:
 * - `GET /api/v2/conversations/{lswUuid}` (documented; 404 wording seed-defined);
 * - `GET /api/v2/conversations/displayIds/{n[,n…]}` (documented limit and `_meta` status;
 *   the `_meta: {status, unprocessed: [{displayId, reason}]}` structure is seed-defined and
 *   present only when some id was not found);
 * - `GET /api/v2/conversations/bySourceDocumentId/networks/{network}/instances/{instance}/id/{sourceId}`
 *   (documented, including the 404 wording).
 *
 * @example
 * const routes = conversationRoutes(ctx); // mounted by `careFamily`
 */
export function conversationRoutes({ store }: FamilyContext): KhorosRoute[] {
  const instanceName = store.instance.instance?.name ?? 'sim';
  const details = (c: Conversation, req: KhorosRequest) => toConversationDetails(c, { rootUrl: req.rootUrl, instanceName });
  return [
    {
      method: 'GET',
      path: '/api/v2/conversations/:id',
      handler(req) {
        const conversation = store.conversations.get(req.params.id);
        if (!conversation) throw new KhorosHttpError(404, `No conversation found with id ${req.params.id}`);
        return { status: 200, body: { status: 'success', data: [details(conversation, req)] } };
      },
    },
    {
      method: 'GET',
      // A wildcard, not `:ids`: find-my-way refuses parameters over 100 characters, and 20
      // seven-digit display numbers make 159.
      path: '/api/v2/conversations/displayIds/*',
      handler(req) {
        const parts = req.params['*'].split(',').map((p) => p.trim());
        if (parts.length > MAX_DISPLAY_IDS) throw new KhorosHttpError(400, `A maximum of ${MAX_DISPLAY_IDS} display ids is allowed`);
        const bad = parts.find((p) => !/^\d{1,15}$/.test(p));
        if (bad !== undefined) throw new KhorosHttpError(400, `Invalid display id "${bad}": display ids are comma-separated integers`);
        const data: unknown[] = [];
        const unprocessed: { displayId: number; reason: string }[] = [];
        for (const displayId of new Set(parts.map(Number))) {
          const conversation = store.conversations.get(store.conversationByDisplay.get(displayId) ?? '');
          if (conversation) data.push(details(conversation, req));
          else unprocessed.push({ displayId, reason: 'Conversation not found' });
        }
        const meta = unprocessed.length ? { _meta: { status: UNPROCESSED, unprocessed } } : {};
        return { status: 200, body: { status: 'success', data, ...meta } };
      },
    },
    {
      method: 'GET',
      // The source id is a wildcard: it may be long, and may hold `/` (`example.com/:444`).
      path: '/api/v2/conversations/bySourceDocumentId/networks/:network/instances/:instance/id/*',
      handler(req) {
        const { network, instance, '*': sourceId } = req.params;
        for (const conversation of store.conversations.values()) {
          const found = conversation.messages.some((m) => m.network === network && m.id === sourceId
            && (m.networkinstance ?? conversation.channel?.networkinstance ?? m.network) === instance);
          if (found) return { status: 200, body: { status: 'success', data: [details(conversation, req)] } };
        }
        throw new KhorosHttpError(404, `No conversations found that contain document with id ${sourceId}`);
      },
    },
  ];
}
