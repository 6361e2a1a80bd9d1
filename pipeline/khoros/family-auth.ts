/**
 * How each Khoros family authenticates (reference §1): HTTP Basic (Care, CRM, files),
 * Basic plus a `companyKey` query parameter (Analytics), a bearer token (Marketing), or a
 * Community session key from the v1 login, obtained once and reused.
 */
import { ConfigError, KhorosRequestError } from '../errors.ts';
import type { KhorosApi } from './khoros-api.ts';
import type { Redactor } from './create-redactor.ts';

/** Credentials for one family; applied only to URLs on the family's own origin. */
export interface FamilyAuth {
  /** Headers to send (may add a query parameter to `url`); may log in first. */
  apply(url: URL): Promise<Record<string, string>>;
  /** Forgets the credential the refused `headers` carried, so the next `apply` logs in again. Absent: cannot. */
  invalidate?(headers: Record<string, string>): void;
}

/** No credentials (public URLs on other hosts). */
export const noAuth: FamilyAuth = { apply: async () => ({}) };

/**
 * HTTP Basic with the API user.
 *
 * @example
 * await basicAuth('api-user', 'secret').apply(url); // { authorization: 'Basic YXBpLXVzZXI6c2VjcmV0' }
 */
export function basicAuth(username: string, password: string): FamilyAuth {
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { apply: async () => ({ authorization }) };
}

/**
 * Analytics: Basic and `companyKey` on every call, unless the URL already carries one or an
 * `analyticsAccessToken` (status and download URLs the API hands out).
 *
 * @example
 * await analyticsAuth('api-user', 'secret', 'ck').apply(url); // url gains ?companyKey=ck
 */
export function analyticsAuth(username: string, password: string, companyKey: string | undefined): FamilyAuth {
  const basic = basicAuth(username, password);
  return {
    async apply(url) {
      if (!companyKey) throw new ConfigError('khoros.companyKey is required to call the Analytics API (Account Admin → General Settings → Analytics API Settings)');
      if (!url.searchParams.has('companyKey') && !url.searchParams.has('analyticsAccessToken')) url.searchParams.set('companyKey', companyKey);
      return basic.apply(url);
    },
  };
}

/**
 * Marketing: OAuth 2.0 bearer token.
 *
 * @example
 * await bearerAuth('tok').apply(url); // { authorization: 'Bearer tok' }
 */
export function bearerAuth(token: string | undefined): FamilyAuth {
  return {
    async apply() {
      if (!token) throw new ConfigError('khoros.marketingToken is required to call the Marketing API');
      return { authorization: `Bearer ${token}` };
    },
  };
}

export const SESSION_HEADER = 'li-api-session-key';
const LOGIN_PATH = '/restapi/vc/authentication/sessions/login';

/**
 * Community: logs in lazily through `api` (an unauthenticated client on the same quota),
 * once for all concurrent callers, and reuses the key; after a 401 the refused key is
 * forgotten and the next call logs in again. Session keys are taught to `redactor`.
 *
 * @example
 * const auth = sessionAuth(rawCommunity, 'api-user', 'secret', redactor);
 * await auth.apply(url); // { 'li-api-session-key': '…' }
 */
export function sessionAuth(api: KhorosApi, username: string, password: string, redactor: Redactor): FamilyAuth {
  let session: Promise<string> | undefined;
  // The resolved key, read synchronously by `invalidate` so a retry never reuses a refused key.
  let sessionKey: string | undefined;
  const login = async (): Promise<string> => {
    // A login is a read for retry purposes: repeating it only issues another key.
    const body = await api.json<{ response?: { status?: string; value?: { $?: string }; error?: { code?: number; message?: string } } }>(LOGIN_PATH, {
      method: 'POST', idempotent: true, searchParams: { 'restapi.response_format': 'json' }, form: { 'user.login': username, 'user.password': password },
    });
    const key = body?.response?.status === 'success' ? body.response.value?.$ : undefined;
    if (key) {
      redactor.add(key);
      sessionKey = key;
      return key;
    }
    const error = body?.response?.error;
    // v1 answers a failed login with HTTP 200 and an error envelope; report it as the 401 it means.
    throw new KhorosRequestError({
      family: api.family, method: 'POST', url: redactor.url(`${api.baseUrl.replace(/\/$/, '')}${LOGIN_PATH}`), attempts: 1, status: 401,
      responseMessage: redactor.text(error?.message ?? 'no session key in the answer'),
      detail: `Community v1 login error${error?.code ? ` ${error.code}` : ''}, answered with HTTP 200`,
    });
  };
  return {
    apply(): Promise<Record<string, string>> {
      session ??= login();
      const current = session;
      // A failed login is not cached: the next call tries again.
      current.catch(() => { if (session === current) session = undefined; });
      return current.then((key) => ({ [SESSION_HEADER]: key }));
    },
    invalidate(headers) {
      if (sessionKey !== undefined && headers[SESSION_HEADER] === sessionKey) session = sessionKey = undefined;
    },
  };
}
