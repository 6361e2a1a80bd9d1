/**
 * The simulator's own control API, mounted at `/_admin` outside every Khoros API prefix:
 * no auth, no quota, no faults. Entirely seed-defined (Khoros has nothing like it); it
 * exists so delta tests can change the instance mid-run and specs can read what the
 * client asked.
 *
 * - `POST /mutations` with `{ops:[…]}`: applies the ops in order, all or nothing (see
 *   `mutations.ts` for the op list); answers `{applied: n}`, or 400
 *   `{error:"invalid_op", message, index}` naming the first bad op, with nothing applied.
 *   Change times are stamped from the simulator clock unless a record gives them.
 * - `GET /requests?family=care`: the request log, oldest first (admin calls included);
 *   `DELETE /requests` clears it (204).
 * - `GET /state`: record counts per family, after mutations.
 * - `GET /health`: `{ok:true}`.
 */
import { applyMutations, MutationError } from '../mutations.ts';
import { KhorosHttpError, type ApiFamily, type FamilyContext } from '../route.ts';

/**
 * Builds the admin family.
 *
 * @example
 * // POST `${sim.url}/_admin/mutations` with
 * // { ops: [{ op: 'append', type: 'interaction', caseId: '00012345', record: { id: 'i-9', body: 'Any news?' } }] }
 * // → { applied: 1 }
 * const family = adminFamily({ store, settings, requests });
 */
export function adminFamily({ store, requests }: FamilyContext): ApiFamily {
  return {
    name: '_admin',
    auth: 'none',
    bucket: null,
    errorBody: (status, message) => ({ error: status === 404 ? 'not_found' : 'error', message }),
    routes: [
      {
        method: 'POST',
        path: '/mutations',
        handler(req) {
          const body = req.body as { ops?: unknown } | undefined;
          try {
            return { status: 200, body: { applied: applyMutations(store, body?.ops, req.now) } };
          } catch (error) {
            if (!(error instanceof MutationError)) throw error;
            throw new KhorosHttpError(400, error.message, { error: 'invalid_op', message: error.message, index: error.index });
          }
        },
      },
      {
        method: 'GET',
        path: '/requests',
        handler: (req) => ({ status: 200, body: requests.list(req.query.get('family') ?? undefined) }),
      },
      {
        method: 'DELETE',
        path: '/requests',
        handler() {
          requests.clear();
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        path: '/state',
        handler() {
          const cases = [...store.cases.values()];
          const conversations = [...store.conversations.values()];
          const kb = store.instance.kb;
          return {
            status: 200,
            body: {
              customers: store.customers.size,
              cases: cases.length,
              interactions: cases.reduce((n, c) => n + c.interactions.length, 0),
              attachments: store.attachments.size,
              authors: store.authors.size,
              agents: store.agents.size,
              conversations: conversations.length,
              messages: conversations.reduce((n, c) => n + c.messages.length, 0),
              articles: store.articles.size,
              boards: kb?.boards.length ?? 0,
              categories: kb?.categories.length ?? 0,
              images: store.images.size,
              initiatives: store.instance.initiatives?.length ?? 0,
              plans: store.instance.campaigns?.length ?? 0,
              sessions: store.sessions.size,
            },
          };
        },
      },
      {
        method: 'GET',
        path: '/health',
        handler: () => ({ status: 200, body: { ok: true } }),
      },
    ],
  };
}
