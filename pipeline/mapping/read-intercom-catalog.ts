/**
 * Reads what `map propose` matches against in the Intercom workspace: the catalog `map
 * confirm` reads (data attributes, conversation attributes, admins, brands; see
 * `confirm-read-catalog.ts`) and the help centers, whose locales articles need. Read-only
 * GETs with `Intercom-Version: 2.16`; a small fetch-based reader until the paced Intercom
 * client exists.
 */
import { FatalError, RetriableError } from '../errors.ts';
import { readIntercomCatalog, type IntercomEndpoint } from './confirm-read-catalog.ts';
import type { ProposalCatalog } from './propose-map.ts';

/**
 * Reads the proposal catalog.
 *
 * @example
 * const catalog = await readProposalCatalog(config.intercom);
 * catalog.helpCenters[0].locales; // ['en', 'fr', 'de']
 */
export async function readProposalCatalog(intercom: IntercomEndpoint, fetchImpl: typeof fetch = fetch): Promise<ProposalCatalog> {
  const [catalog, helpCenters] = await Promise.all([readIntercomCatalog(intercom, fetchImpl), readHelpCenters(intercom, fetchImpl)]);
  return { ...catalog, helpCenters };
}

async function readHelpCenters(intercom: IntercomEndpoint, fetchImpl: typeof fetch): Promise<ProposalCatalog['helpCenters']> {
  const path = '/help_center/help_centers';
  let response: Response;
  try {
    response = await fetchImpl(`${intercom.url.replace(/\/+$/, '')}${path}`, {
      headers: { Authorization: `Bearer ${intercom.token}`, Accept: 'application/json', 'Intercom-Version': '2.16' },
    });
  } catch (error) {
    throw new RetriableError('intercom_unavailable', `intercom: GET ${path} failed (${(error as Error).message}); try again`, { cause: error });
  }
  if (response.status === 429 || response.status >= 500) throw new RetriableError('intercom_unavailable', `intercom: GET ${path} answered ${response.status}; try again`);
  if (!response.ok) throw new FatalError('intercom_request_refused', `intercom: GET ${path} was refused with ${response.status}`);
  let body: { data?: { id: string | number; locales?: string[]; display_name?: string }[] };
  try {
    body = JSON.parse(await response.text());
  } catch {
    throw new RetriableError('intercom_malformed_response', `intercom: GET ${path} answered with a body that is not JSON; try again`);
  }
  return (body.data ?? []).map((h) => ({ id: String(h.id), ...(h.locales ? { locales: [...h.locales] } : {}), ...(h.display_name ? { display_name: h.display_name } : {}) }));
}
