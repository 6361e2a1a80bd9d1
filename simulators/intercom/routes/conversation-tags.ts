/**
 * Conversation tags (2.16): `POST /conversations/{id}/tags` `{id, admin_id}` and
 * `DELETE /conversations/{id}/tags/{tag_id}` with `{admin_id}` in the body. `admin_id` is
 * required on both (400 `parameter_not_found`); the tag must exist in `state.tags` (404
 * `tag_not_found` "Tag not found"); an unknown conversation answers 404 `not_found`
 * "Conversation not found". Both answer the tag with `applied_at` and `applied_by`, as the
 * documented examples do. Tagging twice keeps one tag; removing a tag the conversation does not
 * carry still answers the tag (simulator choice: the description is silent).
 */
import { fields } from '../body-fields.ts';
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { adminAuthor, findConversation } from '../conversation-model.ts';
import { saveConversation } from '../conversation-store.ts';
import { withBodySchema } from '../openapi-validator.ts';

type Obj = Record<string, any>;

function conversationFor(state: SimState, id: string): Obj {
  try {
    return findConversation(state, id);
  } catch {
    throw new IntercomError(404, 'not_found', 'Conversation not found');
  }
}

function tagFor(state: SimState, id: string): Obj {
  const tag = state.tags.get(id);
  if (!tag) throw new IntercomError(404, 'tag_not_found', 'Tag not found');
  return tag;
}

/** Tag and untag routes. */
export const conversationTagRoutes: RouteModule = (state) => [
  withBodySchema('attachTagToConversation', {
    method: 'POST', path: '/conversations/:conversation_id/tags', write: true,
    handler(req) {
      const f = fields(req.body);
      const tagId = f.id('id', true)!;
      const admin = adminAuthor(state, f.id('admin_id', true));
      const conversation = conversationFor(state, req.params.conversation_id);
      const tag = tagFor(state, tagId);
      const list: Obj[] = conversation.tags.tags;
      let applied = list.find((t) => t.id === tag.id);
      if (!applied) {
        applied = { type: 'tag', id: tag.id, name: tag.name, applied_at: state.now(), applied_by: { type: 'admin', id: admin.id } };
        list.push(applied);
        conversation.updated_at = Math.max(conversation.updated_at, state.now());
        saveConversation(state, conversation.id, conversation);
      }
      return { status: 200, body: { ...applied } };
    },
  }),
  withBodySchema('detachTagFromConversation', {
    method: 'DELETE', path: '/conversations/:conversation_id/tags/:tag_id', write: true,
    handler(req) {
      const f = fields(req.body);
      const admin = adminAuthor(state, f.id('admin_id', true));
      const conversation = conversationFor(state, req.params.conversation_id);
      const tag = tagFor(state, req.params.tag_id);
      const list: Obj[] = conversation.tags.tags;
      const index = list.findIndex((t) => t.id === tag.id);
      const removed = index >= 0 ? list.splice(index, 1)[0] : undefined;
      if (removed) {
        conversation.updated_at = Math.max(conversation.updated_at, state.now());
        saveConversation(state, conversation.id, conversation);
      }
      return {
        status: 200,
        body: { type: 'tag', id: tag.id, name: tag.name, applied_at: removed?.applied_at ?? null, applied_by: { type: 'admin', id: admin.id } },
      };
    },
  }),
];
