/**
 * Khoros Community, mounted at `/community` (the community host): where the knowledge
 * base lives, as TKB board messages (reference §1.3, §5). Routes:
 * - `POST|GET /restapi/vc/authentication/sessions/login`: v1 login, issues the
 *   `li-api-session-key` (documented; see `community/login.ts`);
 * - `GET /api/2.0/search?q=<LiQL>`: Community v2 search over `messages`, `boards`,
 *   `categories`, `images` and `labels`, in the documented list envelope
 *   `{status, message, http_code, data:{type, list_item_type, size, items, next_cursor?}, metadata}`;
 *   `SELECT count(*)` answers `data:{count}`;
 * - `GET /t5/image/serverpage/image-id/{id}/image-size/{size}`: image bytes, no session
 *   needed, as article bodies embed them (path documented; every size, and any further
 *   path segment, serves the same bytes: seed-defined).
 * Errors use the documented v2 envelope; its `data.code` is 203 for 403 (as in Khoros's
 * example) and otherwise the HTTP status (seed-defined).
 */
import { fileBody } from '../file-bytes.ts';
import { KhorosHttpError, type ApiFamily, type FamilyContext, type KhorosRoute } from '../route.ts';
import { liqlCollections } from './community/items.ts';
import { LiqlSyntaxError, parseLiql, type LiqlQuery } from './community/liql.ts';
import { LiqlQueryError, runLiql } from './community/liql-eval.ts';
import { login } from './community/login.ts';

const LOGIN = '/restapi/vc/authentication/sessions/login';

/**
 * Builds the Community family.
 *
 * @example
 * // POST `${sim.urls.community}/restapi/vc/authentication/sessions/login?restapi.response_format=json`
 * //   with user.login / user.password → response.value.$ is the session key;
 * // GET `${sim.urls.community}/api/2.0/search?q=SELECT * FROM messages WHERE conversation.style = 'tkb' LIMIT 100`
 * //   with header li-api-session-key → data.items, data.next_cursor
 * const family = communityFamily({ store, settings, requests });
 */
export function communityFamily({ store, settings }: FamilyContext): ApiFamily {
  const loginRoute = (method: 'GET' | 'POST'): KhorosRoute => ({ method, path: LOGIN, auth: 'none', handler: (req) => login(req, settings, store.sessions) });
  return {
    name: 'community',
    auth: 'session',
    bucket: 'community',
    errorBody: (status, message) => ({
      status: 'error', message,
      data: { type: 'error_data', code: status === 403 ? 203 : status, developer_message: '', more_info: '' },
      metadata: {},
    }),
    routes: [
      loginRoute('POST'),
      loginRoute('GET'),
      {
        method: 'GET',
        path: '/api/2.0/search',
        handler(req) {
          const q = req.query.get('q');
          if (!q) throw new KhorosHttpError(400, 'Invalid query syntax: the q parameter is required');
          const query = parse(q);
          const collection = liqlCollections(store, req.baseUrl)[query.collection];
          if (!collection) throw new KhorosHttpError(400, `Invalid query syntax: unknown collection ${query.collection}`);
          let result;
          try {
            result = runLiql(query, collection.items(), { maxLimit: settings.pageSizes.liql, resolvers: collection.resolvers });
          } catch (error) {
            if (error instanceof LiqlQueryError) throw new KhorosHttpError(400, error.message);
            throw error;
          }
          const data = 'count' in result
            ? { count: result.count }
            : {
                type: query.collection, list_item_type: collection.itemType, size: result.items.length, items: result.items,
                ...(result.nextCursor ? { next_cursor: result.nextCursor } : {}),
              };
          return { status: 200, body: { status: 'success', message: '', http_code: 200, data, metadata: {} } };
        },
      },
      {
        method: 'GET',
        // Any tail (`image-size/large`, `…/is-moderation-mode/true`) serves the same bytes.
        path: '/t5/image/serverpage/image-id/:id/*',
        auth: 'none',
        handler(req) {
          const image = store.images.get(req.params.id);
          if (!image) throw new KhorosHttpError(404, `No image ${req.params.id}`);
          return { status: 200, raw: fileBody(image) };
        },
      },
    ],
  };
}

function parse(q: string): LiqlQuery {
  try {
    return parseLiql(q);
  } catch (error) {
    if (error instanceof LiqlSyntaxError) throw new KhorosHttpError(400, error.message);
    throw error;
  }
}
