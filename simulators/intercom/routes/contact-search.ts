/**
 * `POST /contacts/search`: the query DSL over the fields of the 2.16 "Accepted Fields"
 * table, body pagination (`pagination.per_page` default 50, `starting_after`), `sort`
 * (`order` ascending|descending, default descending; anything else → 400
 * `invalid_sort_order`). Search reads the lagging index (`state.contactIndex`), so contacts
 * written less than `searchDelaySeconds` ago are missing or show their previous values.
 * Archived and lost contacts are left out. Without `sort`, results come in creation order.
 */
import { contactResponse } from '../contact-object.ts';
import { viewContact } from '../contact-store.ts';
import { IntercomError, type RouteModule, type SimState } from '../context.ts';
import { cursorPage } from '../cursor-page.ts';
import { compileQuery, type FieldType, type SearchSchema } from '../search-query.ts';

const DATES = ['created_at', 'updated_at', 'signed_up_at', 'last_seen_at', 'last_contacted_at', 'last_replied_at',
  'last_email_opened_at', 'last_email_clicked_at', 'ios_last_seen_at', 'android_last_seen_at'];
const BOOLEANS = ['unsubscribed_from_emails', 'marked_email_as_spam', 'has_hard_bounced'];
const STRINGS = ['id', 'role', 'name', 'avatar', 'owner_id', 'email', 'email_domain', 'phone', 'formatted_phone',
  'external_id', 'language_override', 'browser', 'browser_language', 'os', 'location.country', 'location.region',
  'location.city', 'ios_app_version', 'ios_device', 'ios_app_device', 'ios_os_version', 'ios_app_name', 'ios_sdk_version',
  'android_app_version', 'android_device', 'android_app_name', 'andoid_sdk_version', 'android_sdk_version', 'segment_id'];
/** Table names that differ from where the contact object keeps the value. */
const ALIASES: Record<string, string> = {
  formatted_phone: 'phone', ios_app_device: 'ios_device', andoid_sdk_version: 'android_sdk_version', avatar: 'avatar.image_url',
};
const CUSTOM_TYPES: Record<string, FieldType> = { string: 'string', integer: 'integer', float: 'float', boolean: 'boolean', date: 'date' };

/**
 * The searchable contact fields of a workspace (custom attributes by their data type).
 *
 * @example
 * contactSearchSchema(state).typeOf('created_at'); // 'date'
 */
export function contactSearchSchema(state: SimState): SearchSchema {
  return {
    typeOf(field) {
      if (field === 'tag_id') return 'tag';
      if (DATES.includes(field)) return 'date';
      if (BOOLEANS.includes(field)) return 'boolean';
      if (STRINGS.includes(field)) return 'string';
      if (field.startsWith('custom_attributes.')) {
        const attribute = state.dataAttributes.get(`contact.${field.slice('custom_attributes.'.length)}`);
        return attribute?.custom ? CUSTOM_TYPES[attribute.data_type] ?? 'string' : undefined;
      }
      return undefined;
    },
    valueOf(doc, field) {
      if (field === 'tag_id') return doc.tags?.data?.map((t: { id: string }) => t.id) ?? [];
      if (field === 'segment_id') return [];
      if (field.startsWith('custom_attributes.')) return doc.custom_attributes?.[field.slice('custom_attributes.'.length)];
      let value: any = doc;
      for (const key of (ALIASES[field] ?? field).split('.')) value = value?.[key];
      return value;
    },
  };
}

function sorter(schema: SearchSchema, sort: unknown): ((a: Record<string, any>, b: Record<string, any>) => number) | undefined {
  if (sort === undefined || sort === null) return undefined;
  const { field, order = 'descending' } = sort as { field?: unknown; order?: unknown };
  if (order !== 'ascending' && order !== 'descending') {
    throw new IntercomError(400, 'invalid_sort_order', `Invalid sort order '${String(order)}'. Must be one of: ascending, descending`);
  }
  if (typeof field !== 'string' || !schema.typeOf(field)) throw new IntercomError(400, 'parameter_invalid', `Cannot sort by '${String(field)}'`, 'sort.field');
  const sign = order === 'ascending' ? 1 : -1;
  return (a, b) => {
    const x = schema.valueOf(a, field) as any;
    const y = schema.valueOf(b, field) as any;
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1; // missing values last
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  };
}

/**
 * The contact search route. A `RouteModule`: `routes/index.ts` lists it and the server mounts it.
 *
 * @example
 * contactSearchRoutes(createState(workspace)).map((r) => `${r.method} ${r.path}`);
 */
export const contactSearchRoutes: RouteModule = (state) => [
  {
    method: 'POST', path: '/contacts/search',
    handler(req) {
      const body = (req.body ?? {}) as Record<string, any>;
      if (body.query === undefined) throw new IntercomError(400, 'parameter_not_found', 'query is a required parameter', 'query');
      const schema = contactSearchSchema(state);
      const match = compileQuery(body.query, schema);
      const order = sorter(schema, body.sort);
      const found: Record<string, any>[] = [];
      for (const doc of state.contactIndex?.visible(state.now(), state.searchDelaySeconds) ?? [...state.contacts.values()]) {
        const view = doc.archived ? undefined : viewContact(state, doc);
        if (view && match(view)) found.push(view);
      }
      if (order) found.sort(order);
      const pagination = (body.pagination ?? {}) as Record<string, unknown>;
      const page = cursorPage(found, { perPage: pagination.per_page, startingAfter: pagination.starting_after });
      return { status: 200, body: { type: 'list', ...page, data: page.data.map((c) => contactResponse(c, req.version)) } };
    },
  },
];
