/**
 * Finds conversations a chunk's records already have in Intercom, by the conversation
 * attribute that keys them (`policies.caseIdAttribute` for cases, the map's `lswUuid` row
 * for Care conversations): one `POST /conversations/search` with an `IN` filter per chunk
 * (`per_page` 150; more pages only when more than 150 are found). When the attribute does
 * not exist in Intercom yet, nothing can carry it and no request is sent.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { paginateSearch } from '../intercom/paginate.ts';

/**
 * Value of the attribute → Intercom conversation id, for the values found.
 *
 * @example
 * const found = await findExistingConversations(intercom, 'khoros_case_id', ['00004711', 'CASE-004711']);
 * found.get('00004711'); // '215468543'
 */
export async function findExistingConversations(intercom: IntercomClient, attribute: string, values: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (values.length === 0) return out;
  const wanted = new Map(values.map((v) => [v.toLowerCase(), v]));
  const query = { field: `custom_attributes.${attribute}`, operator: 'IN', value: [...values] };
  for await (const page of paginateSearch<Record<string, any>>(intercom, '/conversations/search', { query, perPage: 150, itemsKey: 'conversations' })) {
    for (const conversation of page) {
      const value = conversation?.custom_attributes?.[attribute];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const key = values.includes(String(value)) ? String(value) : wanted.get(String(value).toLowerCase());
      if (key !== undefined && !out.has(key)) out.set(key, String(conversation.id));
    }
  }
  return out;
}
