/**
 * Reads what `map propose` matches against in the Intercom workspace: the catalog `map
 * confirm` reads (data attributes, conversation attributes, admins, brands; see
 * `confirm-read-catalog.ts`) and the help centers, whose locales articles need. Read-only
 * GETs with `Intercom-Version: 2.16`, each retried by the Intercom retry table
 * (`get-intercom-json.ts`).
 */
import { readIntercomCatalog, type IntercomEndpoint } from './confirm-read-catalog.ts';
import { getIntercomJson } from './get-intercom-json.ts';
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
  const body = await getIntercomJson<{ data?: { id: string | number; locales?: string[]; display_name?: string }[] }>(intercom, '/help_center/help_centers', { fetchImpl });
  return (body.data ?? []).map((h) => ({ id: String(h.id), ...(h.locales ? { locales: [...h.locales] } : {}), ...(h.display_name ? { display_name: h.display_name } : {}) }));
}
