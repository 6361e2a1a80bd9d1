/**
 * Sorts a Khoros answer or a transport error into the outcome classes of the retry table,
 * by table lookups: HTTP status ranges, then error codes.
 */
import type { Outcome } from './retry-policy.ts';

/** Error codes raised before the connection opened: the request surely never reached the server. */
const CONNECT_FAILED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);
/** got `TimeoutError.event`s that fire before the request is written. */
const CONNECT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);

/** Statuses with their own class; the rest go by range. */
const BY_STATUS: Record<number, Outcome> = { 401: 'unauthorized', 403: 'unauthorized', 429: 'rate-limited' };

/**
 * The outcome of an HTTP answer: `ok` for 2xx, else its class.
 *
 * @example
 * classifyStatus(429); // 'rate-limited'
 * classifyStatus(503); // 'server-error'
 * classifyStatus(404); // 'client-error'
 */
export function classifyStatus(status: number): Outcome | 'ok' {
  if (BY_STATUS[status]) return BY_STATUS[status];
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 500) return 'server-error';
  return 'client-error';
}

/**
 * The outcome of a transport error (got `RequestError`, a Node system error): a 2xx body
 * cut off after the headers is `malformed` (other statuses keep their class); a failure before the connection opened is
 * `connect-failed`; anything else on the wire is `network`.
 *
 * @example
 * classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // 'connect-failed'
 * classifyError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));         // 'network'
 */
export function classifyError(error: unknown): Outcome {
  const { code, event, response } = (error ?? {}) as { code?: string; event?: string; response?: { statusCode?: number } };
  if (response?.statusCode) {
    const byStatus = classifyStatus(response.statusCode);
    return byStatus === 'ok' ? 'malformed' : byStatus;
  }
  if ((code && CONNECT_FAILED.has(code)) || (event && CONNECT_PHASES.has(event))) return 'connect-failed';
  return 'network';
}
