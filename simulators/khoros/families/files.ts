/**
 * Attachment downloads, mounted at `/files`. Seed-defined: the public record shows no
 * Khoros download endpoint for CRM-spec interaction attachments or Care message media,
 * so the simulator serves them at `GET /attachments/{id}/{fileName}` behind HTTP Basic
 * with the Care API user (the same credentials as the Care APIs), on its own bucket
 * (`files`, unlimited by default). The CRM family links here from each attachment's `url`.
 */
import { fileBody } from '../file-bytes.ts';
import { KhorosHttpError, type ApiFamily, type FamilyContext } from '../route.ts';

/**
 * Builds the files family.
 *
 * @example
 * // GET `${sim.urls.files}/attachments/att-1/invoice.pdf` with Basic api-user:sim-password
 * // → 200, Content-Type application/pdf, Content-Length = the attachment's declared size
 * const family = filesFamily({ store, settings, requests });
 */
export function filesFamily({ store }: FamilyContext): ApiFamily {
  return {
    name: 'files',
    auth: 'basic',
    bucket: 'files',
    // Seed-defined, in the CRM spec's `{error, message}` shape (the files are CRM-spec attachments).
    errorBody: (status, message) => ({ error: status === 404 ? 'not_found' : status === 401 ? 'unauthorized' : 'error', message }),
    routes: [
      {
        method: 'GET',
        // A wildcard, not `:fileName`: find-my-way refuses parameters over 100 characters.
        path: '/attachments/:id/*',
        handler(req) {
          const fileName = req.params['*'];
          const attachment = store.attachments.get(req.params.id);
          // find-my-way hands over decoded params, so a name with spaces or `%` compares as stored.
          if (!attachment || attachment.fileName !== fileName) {
            throw new KhorosHttpError(404, `No attachment ${req.params.id} named ${fileName}`);
          }
          const { contentType, length, stream } = fileBody(attachment);
          return {
            status: 200,
            headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}` },
            raw: { contentType, length, stream },
          };
        },
      },
    ],
  };
}
