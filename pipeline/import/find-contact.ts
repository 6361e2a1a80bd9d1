/**
 * Finds the Intercom contact written for an external id: the lookup of a contact create
 * whose answer was lost (5xx, reset) and of an in-flight create a restarted run
 * reconciles. Users through `GET /contacts/find_by_external_id/{id}` (not a search, so no
 * index lag; "this endpoint only supports users"), leads through a contact search on
 * `external_id`, which lags behind fresh writes: with `lag`, a miss is trusted only once
 * the search is asked after the lag window (`search-until-settled.ts`).
 */
import { IntercomRequestError } from '../errors.ts';
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { searchUntilSettled, type SearchLag } from './search-until-settled.ts';

type Obj = Record<string, any>;

/**
 * The contact with `externalId`, or undefined when Intercom has none.
 *
 * @example
 * await findContactByExternalId(intercom, 'C0000002', 'user'); // { type: 'contact', id: '95af…', … }
 */
export async function findContactByExternalId(intercom: IntercomClient, externalId: string, role: 'user' | 'lead', lag?: SearchLag): Promise<Obj | undefined> {
  if (role === 'user') {
    try {
      return await intercom.request<Obj>('GET', `/contacts/find_by_external_id/${encodeURIComponent(externalId)}`);
    } catch (error) {
      if (error instanceof IntercomRequestError && error.status === 404) return undefined;
      throw error;
    }
  }
  const search = async () => {
    const found = await intercom.request<Obj>('POST', '/contacts/search', {
      json: { query: { field: 'external_id', operator: '=', value: externalId }, pagination: { per_page: 5 } }, idempotent: true,
    });
    return (Array.isArray(found?.data) ? found.data : []).find((c: Obj) => c?.external_id === externalId) as Obj | undefined;
  };
  return lag ? searchUntilSettled(search, lag) : search();
}
