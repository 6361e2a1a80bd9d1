/**
 * The Khoros Care family (Lithium "Social Response" lineage): the Author and Conversation
 * APIs under `/api/v2`, work queues under `/api/v1`, and seed-defined directory reads.
 * HTTP Basic with the API user; errors in Care's `{status: "fail", message}` envelope.
 */
import type { ApiFamily, FamilyContext } from '../route.ts';
import { authorRoutes } from './care/author-routes.ts';
import { conversationRoutes } from './care/conversation-routes.ts';
import { directoryRoutes } from './care/directory-routes.ts';

/**
 * Builds the Care family. The Author and Conversation APIs share the `care` bucket
 * (60 calls per 60 s, documented; sharing it is stated only in a secondary summary);
 * the directory routes use `care-other`.
 *
 * @example
 * const care = careFamily({ store, settings, requests });
 * care.routes.map((r) => r.path); // ['/api/v2/authors', ...]
 */
export function careFamily(ctx: FamilyContext): ApiFamily {
  return {
    name: 'care',
    auth: 'basic',
    bucket: 'care',
    errorBody: (_status, message) => ({ status: 'fail', message }),
    routes: [...authorRoutes(ctx), ...conversationRoutes(ctx), ...directoryRoutes(ctx)],
  };
}
