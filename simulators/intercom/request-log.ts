/**
 * The log of API requests, for specs and the inspection endpoint. It records what the
 * client sent and what it got — never a header, so never the `Authorization` token.
 */

/** One request as logged. */
export interface LoggedRequest {
  /** Epoch ms when the request arrived (simulator clock). */
  time: number;
  method: string;
  path: string;
  /** Query parameters; repeated keys give arrays. */
  query: Record<string, string | string[]>;
  /** The parsed JSON body (undefined when none or unparseable). */
  body?: unknown;
  /** The answered status; `null` when the connection was reset. */
  status: number | null;
  /** The `Intercom-Version` in effect. */
  version?: string;
  /** The `request_id` of an error answer. */
  requestId?: string;
  /** The injected fault, if any: `reset`, `5xx`, `5xxAfterWrite`. */
  fault?: string;
}

/**
 * An append-only list of requests.
 *
 * @example
 * const log = new RequestLog();
 * log.add({ time: Date.now(), method: 'GET', path: '/me', query: {}, status: 200 });
 * log.toNdjson(); // '{"time":...,"method":"GET","path":"/me","query":{},"status":200}\n'
 */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** JSON lines, one request per line. */
  toNdjson(): string {
    return this.entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  }
}

/**
 * URLSearchParams as a plain object (repeated keys as arrays).
 *
 * @example
 * queryObject(new URLSearchParams('a=1&a=2&b=3')); // { a: ['1', '2'], b: '3' }
 */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}
