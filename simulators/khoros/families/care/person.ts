/**
 * Serialises a dataset author as a Care "Person" (reference §2.1): `id`, `displayNumber`,
 * `handles` keyed by network, `tags`, `notes`, `timezone`.
 */
import type { Author, AuthorHandle } from '../../../dataset/types.ts';

/** `@class` of each network's handle, as in Khoros's published examples (§2.1). */
const HANDLE_CLASS: Record<string, string> = {
  twitter: 'ScrubbedProviderSpecificAuthorData',
  facebook: 'FacebookSpecificAuthorData',
  lithium: 'LithiumSpecificAuthorData',
  external: 'ExternalSpecificAuthorData',
};

/** What survives of a Twitter handle: Twitter authors are "scrubbed" (terms of service). */
const SCRUBBED_KEYS = ['@class', 'lswUuid', 'displayNumber', 'id', 'networkinstance'];

/**
 * The Person payload of `GET /api/v2/authors[/{id}]`. Documented fields come first; the
 * dataset's seed-defined extras (`brandOwned`, `properties`, `deleted`, `mergedIntoId`,
 * `lastModified`) are kept as they are. Twitter handles keep only their ids.
 *
 * @example
 * toPerson(author).handles.twitter[0]['@class']; // 'ScrubbedProviderSpecificAuthorData'
 */
export function toPerson(author: Author): Record<string, unknown> & { handles: Record<string, AuthorHandle[]> } {
  const { id, displayNumber, handles: source, tags = [], notes = [], timezone = [], ...extras } = author;
  const handles: Record<string, AuthorHandle[]> = {};
  for (const [network, list] of Object.entries(source)) handles[network] = list.map((h) => toHandle(network, h));
  return { id, displayNumber, handles, tags, notes, timezone, ...extras };
}

function toHandle(network: string, handle: AuthorHandle): AuthorHandle {
  const full: AuthorHandle = {
    ...(HANDLE_CLASS[network] && { '@class': HANDLE_CLASS[network] }),
    ...handle,
    networkinstance: handle.networkinstance ?? network,
  };
  if (network !== 'twitter') return full;
  return Object.fromEntries(Object.entries(full).filter(([key]) => SCRUBBED_KEYS.includes(key))) as AuthorHandle;
}
