/**
 * Tags on one contact: `GET|POST /contacts/{id}/tags`, `DELETE /contacts/{id}/tags/{tag_id}`.
 * The links live in the contact's own `tags` sub-list (`{type:'tag', id, url}` items, all of
 * them in state; responses show 10). 404s as in the 2.16 examples: "User Not Found" for the
 * contact, "Resource Not Found" for the tag.
 */
import { saveContact } from '../contact-store.ts';
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { currentAdminId } from '../state.ts';
import { validateRequestBody } from '../openapi-validator.ts';
import { requireContact } from './contacts.ts';

type Contact = Record<string, any>;

/**
 * The tag with that id, or 404 `not_found` "Resource Not Found".
 *
 * @example
 * const tag = requireTag(state, String(req.body.id));
 */
export function requireTag(state: SimState, id: unknown): Record<string, any> {
  const tag = state.tags.get(String(id));
  if (!tag) throw new IntercomError(404, 'not_found', 'Resource Not Found');
  return tag;
}

/**
 * Links or unlinks a tag on a contact; returns whether anything changed.
 *
 * @example
 * setContactTag(state, contact, '12', true);
 */
export function setContactTag(state: SimState, contact: Contact, tagId: string, on: boolean): boolean {
  const data: Record<string, unknown>[] = contact.tags.data;
  const index = data.findIndex((t) => t.id === tagId);
  if (on === index >= 0) return false;
  if (on) data.push({ type: 'tag', id: tagId, url: `/tags/${tagId}` });
  else data.splice(index, 1);
  saveContact(state, contact.id, contact);
  return true;
}

function applied(state: SimState, tag: Record<string, any>) {
  return { ...tag, applied_at: state.now(), applied_by: { type: 'admin', id: currentAdminId(state) } };
}

/**
 * The contact-tag routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * contactTagRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const contactTagRoutes: RouteModule = (state) => [
  {
    method: 'GET', path: '/contacts/:contact_id/tags',
    handler(req) {
      const contact = requireContact(state, req.params.contact_id);
      const data = contact.tags.data.map((link: { id: string }) => state.tags.get(link.id)).filter(Boolean);
      return { status: 200, body: { type: 'list', data } };
    },
  },
  {
    method: 'POST', path: '/contacts/:contact_id/tags', write: true,
    handler(req) {
      const contact = requireContact(state, req.params.contact_id);
      const id = (req.body as Record<string, unknown> | undefined)?.id;
      if (id === undefined || id === null || id === '') throw new IntercomError(400, 'parameter_not_found', 'tag id not specified', 'id');
      validateRequestBody('attachTagToContact', req.body);
      const tag = requireTag(state, id);
      setContactTag(state, contact, tag.id, true);
      return { status: 200, body: applied(state, tag) };
    },
  },
  {
    method: 'DELETE', path: '/contacts/:contact_id/tags/:tag_id', write: true,
    handler(req) {
      const contact = requireContact(state, req.params.contact_id);
      const tag = requireTag(state, req.params.tag_id);
      setContactTag(state, contact, tag.id, false);
      return { status: 200, body: applied(state, tag) };
    },
  },
];
