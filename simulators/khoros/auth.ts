/**
 * Credential checks for each auth scheme the Khoros families use.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthScheme } from './route.ts';
import type { KhorosSimSettings } from './settings.ts';

/**
 * True when the request carries valid credentials for the scheme.
 * Community session keys come from the v1 login endpoint and are kept in `sessions`.
 *
 * @example
 * isAuthorized('basic', req.headers, query, settings, sessions);
 */
export function isAuthorized(
  scheme: AuthScheme,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  settings: KhorosSimSettings,
  sessions: ReadonlySet<string>,
): boolean {
  switch (scheme) {
    case 'none':
      return true;
    case 'basic':
      return basicMatches(headers.authorization, settings);
    case 'basic+companyKey':
      return basicMatches(headers.authorization, settings) && query.get('companyKey') === settings.companyKey;
    case 'bearer':
      return headers.authorization === `Bearer ${settings.marketingToken}`;
    case 'session': {
      const key = headers['li-api-session-key'];
      return typeof key === 'string' && sessions.has(key);
    }
  }
}

function basicMatches(header: string | undefined, settings: KhorosSimSettings): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === settings.username && decoded.slice(colon + 1) === settings.password;
}
