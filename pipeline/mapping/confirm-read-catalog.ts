/**
 * Reads what `map confirm` checks a map against from the Intercom workspace: contact and
 * company data attributes (archived included: Intercom refuses to reuse their names),
 * conversation attributes, admins and brands. Five GETs, read-only, sent with
 * `Intercom-Version: 2.16` (conversation attributes have an API from 2.16 on).
 */
import type { CatalogConversationAttribute, CatalogDataAttribute, IntercomCatalog } from './check-map-meaning.ts';
import { getIntercomJson, type IntercomEndpoint } from './get-intercom-json.ts';

export type { IntercomEndpoint } from './get-intercom-json.ts';

/**
 * Reads the catalog; each GET retried by the Intercom retry table (`get-intercom-json.ts`).
 *
 * @example
 * const catalog = await readIntercomCatalog(config.intercom);
 * catalog.admins.map((a) => a.id); // ['7100000', ...]
 */
export async function readIntercomCatalog(intercom: IntercomEndpoint, fetchImpl: typeof fetch = fetch): Promise<IntercomCatalog> {
  const get = <T>(path: string): Promise<T> => getIntercomJson<T>(intercom, path, { fetchImpl });
  const [contact, company, conversation, admins, brands] = await Promise.all([
    get<{ data: CatalogDataAttribute[] }>('/data_attributes?model=contact&include_archived=true'),
    get<{ data: CatalogDataAttribute[] }>('/data_attributes?model=company&include_archived=true'),
    get<{ data: CatalogConversationAttribute[] }>('/conversations/attributes?include_archived=true'),
    get<{ admins: { id: string | number; email?: string | null; name?: string }[] }>('/admins'),
    get<{ data: { id: string | number; name: string }[] }>('/brands'),
  ]);
  return {
    // The model is set from the request: some answers leave it out.
    dataAttributes: [...(contact.data ?? []).map((a) => ({ ...a, model: 'contact' })), ...(company.data ?? []).map((a) => ({ ...a, model: 'company' }))],
    conversationAttributes: (conversation.data ?? []).map((a) => ({ ...a, options: a.options?.map((o) => ({ label: o.label, archived: o.archived })) })),
    admins: (admins.admins ?? []).map((a) => ({ id: String(a.id), email: a.email ?? null, name: a.name })),
    brands: (brands.data ?? []).map((b) => ({ id: String(b.id), name: b.name })),
  };
}
