/**
 * Contacts (2.16): create, update, get, list, find by external id, archive, unarchive,
 * delete. Duplicates answer 409 `conflict` "A contact matching those details already exists
 * with id=<id>" (the message seen in the wild, e.g. PostHog issue #72192): a duplicate has
 * the same `external_id`, or is a user with the same email (case-insensitive); leads may
 * share emails. Archived contacts are left out of the list and of search ("The api does not
 * support listing archived contacts", intercom-node #333) but still answer by id.
 */
import { applyContactFields, buildContact, contactReference, contactResponse, type ContactFields } from '../contact-object.ts';
import { readContactFields } from '../contact-input.ts';
import { contactsByKeys } from '../contact-keys.ts';
import { findContact, isLost, saveContact, viewContact } from '../contact-store.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimState } from '../context.ts';
import { cursorPage } from '../cursor-page.ts';

type Contact = Record<string, any>;

/**
 * The contact a route addresses, or 404 `not_found` "User Not Found".
 *
 * @example
 * const contact = requireContact(state, req.params.contact_id);
 */
export function requireContact(state: SimState, id: string): Contact {
  const contact = findContact(state, id);
  if (!contact) throw new IntercomError(404, 'not_found', 'User Not Found');
  return contact;
}

function duplicateOf(state: SimState, fields: ContactFields, self?: Contact): Contact | undefined {
  const externalId = fields.external_id ?? undefined;
  const email = typeof fields.email === 'string' && fields.email !== '' ? fields.email.toLowerCase() : undefined;
  const role = fields.role ?? self?.role ?? 'user';
  for (const other of contactsByKeys(state, { externalId, email })) {
    if (other === self || isLost(state, other)) continue;
    if (externalId !== undefined && other.external_id === externalId) return other;
    if (email && role === 'user' && other.role === 'user' && String(other.email).toLowerCase() === email) return other;
  }
  return undefined;
}

function conflict(other: Contact): IntercomError {
  const what = other.archived ? 'An archived contact' : 'A contact';
  return new IntercomError(409, 'conflict', `${what} matching those details already exists with id=${other.id}`);
}

function answer(state: SimState, contact: Contact, req: SimRequest) {
  return { status: 200, body: contactResponse(viewContact(state, contact) ?? contact, req.version) };
}

/**
 * The contact routes. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * contactRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const contactRoutes: RouteModule = (state) => [
  {
    method: 'POST', path: '/contacts', write: true,
    handler(req) {
      const fields = readContactFields(state, req.body, 'create');
      const duplicate = duplicateOf(state, fields);
      if (duplicate) throw conflict(duplicate);
      const contact = buildContact(state, state.nextId('contact'), fields, state.now());
      saveContact(state, contact.id, contact);
      return answer(state, contact, req);
    },
  },
  {
    method: 'GET', path: '/contacts',
    handler(req) {
      const listed: Contact[] = [];
      for (const contact of state.contacts.values()) {
        const view = contact.archived ? undefined : viewContact(state, contact);
        if (view) listed.push(view);
      }
      const page = cursorPage(listed, { perPage: req.query.get('per_page'), startingAfter: req.query.get('starting_after') ?? undefined });
      return { status: 200, body: { type: 'list', ...page, data: page.data.map((c) => contactResponse(c, req.version)) } };
    },
  },
  {
    method: 'GET', path: '/contacts/:contact_id',
    handler: (req) => answer(state, requireContact(state, req.params.contact_id), req),
  },
  {
    method: 'PUT', path: '/contacts/:contact_id', write: true,
    handler(req) {
      const contact = requireContact(state, req.params.contact_id);
      const fields = readContactFields(state, req.body, 'update');
      const duplicate = duplicateOf(state, fields, contact);
      if (duplicate) throw conflict(duplicate);
      applyContactFields(contact, fields);
      contact.updated_at = state.now();
      saveContact(state, contact.id, contact);
      return answer(state, contact, req);
    },
  },
  {
    method: 'DELETE', path: '/contacts/:contact_id', write: true,
    handler(req) {
      const contact = requireContact(state, req.params.contact_id);
      saveContact(state, contact.id, null);
      return { status: 200, body: contactReference(contact, { deleted: true }) };
    },
  },
  {
    method: 'GET', path: '/contacts/find_by_external_id/:external_id', minVersion: '2.13',
    handler(req) {
      // "Note that this endpoint only supports users and not leads."
      for (const contact of contactsByKeys(state, { externalId: req.params.external_id })) {
        if (contact.external_id === req.params.external_id && contact.role === 'user' && !isLost(state, contact)) return answer(state, contact, req);
      }
      throw new IntercomError(404, 'not_found', 'User Not Found');
    },
  },
  ...(['archive', 'unarchive'] as const).map((action) => ({
    method: 'POST' as const, path: `/contacts/:contact_id/${action}`, write: true,
    handler(req: SimRequest) {
      const contact = requireContact(state, req.params.contact_id);
      if (action === 'archive') contact.archived = true;
      else delete contact.archived;
      saveContact(state, contact.id, contact);
      return { status: 200, body: contactReference(contact, { archived: action === 'archive' }) };
    },
  })),
];
