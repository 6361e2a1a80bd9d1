/**
 * Conversations (2.16): create a contact-initiated conversation, retrieve, list, update,
 * delete. Replies and state changes are in `conversation-parts.ts`, search in
 * `conversation-search.ts`, tags in `conversation-tags.ts`.
 *
 * - `POST /conversations` answers the `message` (`user_message`, `message_type: "inapp"`,
 *   `conversation_id`), not the conversation. `created_at` is honoured from `Intercom-Version`
 *   2.11 on (the field first appears in the 2.11 description); older versions use the current
 *   time. The body is plain text ("HTML is not supported"): it is escaped and wrapped in `<p>`.
 *   An unknown contact answers 404 `not_found` "User Not Found".
 * - `GET /conversations` pages by cursor (`per_page` default 20, max 150 — larger values are
 *   clamped —, `starting_after`), in creation order; `pages.next` is omitted on the last page.
 * - `PUT /conversations/{id}`: `read`, `title`, `custom_attributes` (checked against the
 *   conversation attributes; each changed value adds a `conversation_attribute_updated_by_admin`
 *   part authored by the Operator bot, as the documented example shows). `company_id` is
 *   accepted and ignored (the simulator has no companies).
 * - `DELETE /conversations/{id}` answers `{id, object: "conversation", deleted: true}`.
 */
import { versionAtLeast } from '../api-version.ts';
import { fetchAttachmentUrls } from '../attachments.ts';
import { fields } from '../body-fields.ts';
import { findContact } from '../contact-store.ts';
import { IntercomError, type RouteModule } from '../context.ts';
import { checkConversationAttributes } from '../conversation-attribute-values.ts';
import { appendPart, findConversation, newConversation, operatorAuthor } from '../conversation-model.ts';
import { isConversationLost, saveConversation } from '../conversation-store.ts';
import { conversationListPage, conversationResponse } from '../conversation-view.ts';
import { plainTextToHtml } from '../html-rules.ts';
import { withBodySchema } from '../openapi-validator.ts';

/** The conversation routes (create, list, retrieve, update, delete). */
export const conversationRoutes: RouteModule = (state) => [
  withBodySchema('createConversation', {
    method: 'POST', path: '/conversations', write: true,
    async handler(req) {
      const f = fields(req.body);
      const from = fields(f.required('from'));
      from.oneOf('type', ['lead', 'user', 'contact'], true);
      const contactId = from.id('id', true)!;
      const text = f.string('body', true)!;
      const subject = f.string('subject');
      f.id('brand_id');
      const createdAt = f.integer('created_at');
      const contact = findContact(state, contactId);
      if (!contact) throw new IntercomError(404, 'not_found', 'User Not Found');
      const attachments = await fetchAttachmentUrls(state, f.body.attachment_urls);
      const at = createdAt !== undefined && versionAtLeast(req.version, '2.11') ? createdAt : state.now();
      const conversation = newConversation(state, { contact, body: plainTextToHtml(text), subject, createdAt: at, attachments });
      saveConversation(state, conversation.id, conversation);
      return {
        status: 200,
        body: {
          type: 'user_message',
          id: conversation.source.id,
          created_at: at,
          body: text,
          message_type: 'inapp',
          conversation_id: conversation.id,
        },
      };
    },
  }),
  {
    method: 'GET', path: '/conversations',
    handler(req) {
      const listed = [...state.conversations.values()].filter((c) => !isConversationLost(state, c.id));
      return conversationListPage(state, listed, req, { perPage: req.query.get('per_page'), startingAfter: req.query.get('starting_after') ?? undefined });
    },
  },
  {
    method: 'GET', path: '/conversations/:conversation_id',
    handler: (req) => ({ status: 200, body: conversationResponse(state, findConversation(state, req.params.conversation_id), req) }),
  },
  withBodySchema('updateConversation', {
    method: 'PUT', path: '/conversations/:conversation_id', write: true,
    handler(req) {
      const conversation = findConversation(state, req.params.conversation_id);
      const f = fields(req.body);
      const read = f.boolean('read');
      const title = f.string('title');
      f.id('company_id');
      const changes = f.body.custom_attributes === undefined
        ? []
        : checkConversationAttributes(state, conversation.custom_attributes, f.body.custom_attributes);
      const now = state.now();
      if (read !== undefined) conversation.read = read;
      if (title !== undefined) conversation.title = title;
      for (const change of changes) {
        conversation.custom_attributes[change.name] = change.value;
        appendPart(state, conversation, {
          partType: 'conversation_attribute_updated_by_admin',
          author: operatorAuthor(state),
          createdAt: now,
          eventDetails: {
            attribute: { name: change.name },
            value: { name: String(change.value), previous: change.previous === undefined ? null : String(change.previous) },
          },
        });
      }
      conversation.updated_at = Math.max(conversation.updated_at, now);
      saveConversation(state, conversation.id, conversation);
      return { status: 200, body: conversationResponse(state, conversation, req) };
    },
  }),
  {
    method: 'DELETE', path: '/conversations/:conversation_id', write: true,
    handler(req) {
      const conversation = findConversation(state, req.params.conversation_id);
      saveConversation(state, conversation.id, null);
      return { status: 200, body: { id: conversation.id, object: 'conversation', deleted: true } };
    },
  },
];
