/**
 * Serves attachment files back (`{baseUrl}/_files/{key}/{name}`), as Intercom serves the copies
 * it re-hosts: public (no bearer token, no rate limit), with the uploaded content type.
 * The name segment is informational; the key finds the file.
 */
import { IntercomError, type RouteModule } from '../context.ts';

/** The public file route. */
export const fileRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/_files/:key/:name', public: true,
    handler(req) {
      const file = state.uploads.get(req.params.key);
      if (!file) throw new IntercomError(404, 'not_found', 'Resource Not Found');
      return {
        status: 200,
        raw: { contentType: file.contentType, data: file.data },
        headers: { 'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}` },
      };
    },
  },
];
