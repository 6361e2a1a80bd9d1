/**
 * One read-only GET of the map stages' Intercom catalog (`map propose`, `map confirm`),
 * retried by the Intercom retry table (`intercom/retry-policy.ts`): a 5xx, a reset or a
 * timeout, a 429 or a garbled body is tried again as the paced client would (these reads
 * are few and sequential, so they go without its pacer), and only what is left after the
 * table's retries stops the stage (`RetriableError`: run it again). A refusal (other 4xx)
 * is a `FatalError` naming the request, never the token.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { FatalError, RetriableError } from '../errors.ts';
import { createRedactor, type Redactor } from '../khoros/create-redactor.ts';
import { parseRetryAfter } from '../khoros/retry-policy.ts';
import { decideIntercomRetry, INTERCOM_RETRY_TABLE, type Outcome } from '../intercom/retry-policy.ts';

/** Where the Intercom API is and how to reach it (the config's `intercom` slice). */
export interface IntercomEndpoint {
  url: string;
  token: string;
}

/** Options of `getIntercomJson`. */
export interface GetIntercomJsonOptions {
  /** @default fetch */
  fetchImpl?: typeof fetch;
  /** Back-off sleep. @default timers/promises setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; outcome: Outcome; error: Error; retryAfterMs?: number };

/**
 * GETs `path` (with `Intercom-Version: 2.16`) and parses the JSON answer.
 *
 * @example
 * const admins = await getIntercomJson<{ admins: object[] }>(config.intercom, '/admins');
 */
export async function getIntercomJson<T>(intercom: IntercomEndpoint, path: string, options: GetIntercomJsonOptions = {}): Promise<T> {
  const { fetchImpl = fetch, sleep = (ms: number) => delay(ms) } = options;
  const retries: Partial<Record<Outcome, number>> = {};
  // An error body may echo the request, Authorization included.
  const redactor = createRedactor([intercom.token]);
  for (;;) {
    const attempt = await getOnce<T>(intercom, path, fetchImpl, redactor);
    if (attempt.ok) return attempt.value;
    const done = retries[attempt.outcome] ?? 0;
    const decision = decideIntercomRetry(attempt.outcome, { retries: done, idempotent: true, hasLookup: false, paced: false, retryAfterMs: attempt.retryAfterMs }, INTERCOM_RETRY_TABLE);
    if (decision.action === 'stop') throw attempt.error;
    retries[attempt.outcome] = done + 1;
    await sleep(decision.delayMs);
  }
}

async function getOnce<T>(intercom: IntercomEndpoint, path: string, fetchImpl: typeof fetch, redactor: Redactor): Promise<Attempt<T>> {
  const url = `${intercom.url.replace(/\/+$/, '')}${path}`;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { headers: { Authorization: `Bearer ${intercom.token}`, Accept: 'application/json', 'Intercom-Version': '2.16' } });
    text = await response.text();
  } catch (error) {
    return { ok: false, outcome: 'network', error: new RetriableError('intercom_unavailable', `intercom: GET ${path} failed (${redactor.text((error as Error).message)}); try again`, { cause: error }) };
  }
  if (!response.ok) {
    const detail = errorMessage(text, redactor);
    if (response.status === 429 || response.status >= 500) {
      return {
        ok: false, outcome: response.status === 429 ? 'rate-limited' : 'server-error',
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after') ?? undefined, Date.now()),
        error: new RetriableError('intercom_unavailable', `intercom: GET ${path} answered ${response.status}${detail}; try again`),
      };
    }
    const hint = response.status === 401 || response.status === 403 ? ' Check intercom.token in the config.' : '';
    throw new FatalError('intercom_request_refused', `intercom: GET ${path} was refused with ${response.status}${detail}.${hint}`);
  }
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch {
    return { ok: false, outcome: 'malformed', error: new RetriableError('intercom_malformed_response', `intercom: GET ${path} answered ${response.status} with a body that is not JSON; try again`) };
  }
}

/** `: message` from an Intercom error body (secrets masked, at most 500 characters), or nothing. */
function errorMessage(text: string, redactor: Redactor): string {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string | null }[] };
    const first = body.errors?.[0];
    return first ? redactor.excerpt(`: ${first.code ?? ''}${first.message ? ` ${first.message}` : ''}`, 500) : '';
  } catch {
    return '';
  }
}
