/**
 * `POST /conversations/search` (2.16): the shared query DSL (`search-query.ts`: nested AND/OR,
 * at most 2 levels and 15 filters per group, operators by field type) over the conversation
 * fields the description lists, paged by `pagination {per_page (default 20, max 150),
 * starting_after}` in the body. Search reads a lagging index (see `conversation-store.ts`).
 *
 * Fields: `id`, `created_at`, `updated_at`, `waiting_since`, `snoozed_until`, `source.type`,
 * `source.id`, `source.delivered_as`, `source.subject`, `source.body` (matched word by word, as
 * the description says), `source.author.id|type|name|email`, `source.url`, `contact_ids`,
 * `teammate_ids`, `tag_ids`, `admin_assignee_id`, `team_assignee_id`, `open`, `read`, `state`,
 * `priority`, `ai_agent_participated`, `statistics.*`, `conversation_rating.*`,
 * `custom_attributes.{name}` (typed by the conversation attribute). Simulator choice: the
 * timestamp fields compare to the second with every numeric operator (the description's
 * conversation table does not say "by day", unlike contact search).
 */
import { fields } from '../body-fields.ts';
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { searchableConversations } from '../conversation-store.ts';
import { conversationListPage } from '../conversation-view.ts';
import { htmlToPlaintext } from '../html-rules.ts';
import { withBodySchema } from '../openapi-validator.ts';
import { compileQuery, type FieldType, type SearchSchema } from '../search-query.ts';

type Obj = Record<string, any>;

const FIELDS: Record<string, FieldType> = {
  id: 'string', created_at: 'integer', updated_at: 'integer', waiting_since: 'integer', snoozed_until: 'integer',
  'source.type': 'string', 'source.id': 'string', 'source.delivered_as': 'string', 'source.subject': 'string',
  'source.body': 'string', 'source.author.id': 'string', 'source.author.type': 'string', 'source.author.name': 'string',
  'source.author.email': 'string', 'source.url': 'string', contact_ids: 'string', teammate_ids: 'string', tag_ids: 'string',
  admin_assignee_id: 'integer', team_assignee_id: 'integer', open: 'boolean', read: 'boolean', state: 'string',
  priority: 'string', ai_agent_participated: 'boolean', 'statistics.last_closed_by_id': 'string',
  'conversation_rating.score': 'integer', 'conversation_rating.requested_at': 'integer', 'conversation_rating.replied_at': 'integer',
  'conversation_rating.remark': 'string', 'conversation_rating.contact_id': 'string', 'conversation_rating.admin_d': 'string',
};

const ATTRIBUTE_TYPES: Record<string, FieldType> = {
  string: 'string', list: 'string', integer: 'integer', decimal: 'float', boolean: 'boolean', datetime: 'integer',
};

function schemaFor(state: SimState): SearchSchema {
  return {
    typeOf(field) {
      if (FIELDS[field]) return FIELDS[field];
      if (field.startsWith('statistics.')) return 'integer';
      if (field.startsWith('custom_attributes.')) {
        const name = field.slice('custom_attributes.'.length);
        const attribute = [...state.conversationAttributes.values()].find((a) => !a.archived && a.name === name);
        return attribute ? ATTRIBUTE_TYPES[attribute.data_type] : undefined;
      }
      return undefined;
    },
    valueOf(doc, field) {
      switch (field) {
        case 'contact_ids': return doc.contacts?.contacts?.map((c: Obj) => c.id) ?? [];
        case 'teammate_ids': return doc.teammates?.teammates?.map((t: Obj) => t.id) ?? [];
        case 'tag_ids': return doc.tags?.tags?.map((t: Obj) => t.id) ?? [];
        case 'source.body': return htmlToPlaintext(doc.source?.body ?? '').split(/[^\p{L}\p{N}@._'-]+/u).filter(Boolean);
        default: {
          if (field.startsWith('custom_attributes.')) return doc.custom_attributes?.[field.slice('custom_attributes.'.length)];
          let value: any = doc;
          for (const key of field.split('.')) value = value?.[key];
          return value;
        }
      }
    },
  };
}

/** The conversation search route. */
export const conversationSearchRoutes: RouteModule = (state) => [
  withBodySchema('searchConversations', {
    method: 'POST', path: '/conversations/search',
    handler(req) {
      const f = fields(req.body);
      const match = compileQuery(f.required('query'), schemaFor(state));
      const pagination = f.body.pagination ?? {};
      if (typeof pagination !== 'object' || Array.isArray(pagination)) {
        throw new IntercomError(400, 'parameter_invalid', 'pagination must be an object', 'pagination');
      }
      const paging = fields(pagination);
      paging.integer('per_page');
      paging.string('starting_after');
      const found = searchableConversations(state).filter(match);
      return conversationListPage(state, found, req, { perPage: pagination.per_page, startingAfter: pagination.starting_after ?? undefined });
    },
  }),
];
