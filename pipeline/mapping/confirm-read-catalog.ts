/**
 * Reads what `map confirm` checks a map against from the Intercom workspace: contact and
 * company data attributes (archived included: Intercom refuses to reuse their names),
 * conversation attributes, admins and brands. Five GETs, read-only, sent with
 * `Intercom-Version: 2.16` (conversation attributes have an API from 2.16 on).
 */
import { FatalError, RetriableError } from '../errors.ts';
import type { CatalogConversationAttribute, CatalogDataAttribute, IntercomCatalog } from './check-map-meaning.ts';

/** Where the Intercom API is and how to reach it (the config's `intercom` slice). */
export interface IntercomEndpoint {
  url: string;
  token: string;
}

/**
 * Reads the catalog.
 *
 * @example
 * const catalog = await readIntercomCatalog(config.intercom);
 * catalog.admins.map((a) => a.id); // ['7100000', ...]
 */
export async function readIntercomCatalog(intercom: IntercomEndpoint, fetchImpl: typeof fetch = fetch): Promise<IntercomCatalog> {
  const get = async <T>(path: string): Promise<T> => {
    const url = `${intercom.url.replace(/\/+$/, '')}${path}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { Authorization: `Bearer ${intercom.token}`, Accept: 'application/json', 'Intercom-Version': '2.16' } });
    } catch (error) {
      throw new RetriableError('intercom_unavailable', `intercom: GET ${path} failed (${(error as Error).message}); try again`, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
      const detail = errorMessage(text);
      if (response.status === 429 || response.status >= 500) {
        throw new RetriableError('intercom_unavailable', `intercom: GET ${path} answered ${response.status}${detail}; try again`);
      }
      const hint = response.status === 401 || response.status === 403 ? ' Check intercom.token in the config.' : '';
      throw new FatalError('intercom_request_refused', `intercom: GET ${path} was refused with ${response.status}${detail}.${hint}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RetriableError('intercom_malformed_response', `intercom: GET ${path} answered ${response.status} with a body that is not JSON; try again`);
    }
  };
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

/** `: message` from an Intercom error body, or nothing. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string | null }[] };
    const first = body.errors?.[0];
    return first ? `: ${first.code ?? ''}${first.message ? ` ${first.message}` : ''}` : '';
  } catch {
    return '';
  }
}
