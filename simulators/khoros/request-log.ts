/**
 * The simulator's request log: what each request asked and what it got, for specs and
 * for the admin endpoint. Credentials are never recorded (no headers are kept).
 */

/** One request as logged. */
export interface LoggedRequest {
  seq: number;
  time: number;
  method: string;
  family: string;
  path: string;
  /** The query string, with `companyKey`, `analyticsAccessToken` and `user.password` masked. */
  query: string;
  status?: number;
  fault?: string;
  ms?: number;
}

const SECRET_PARAMS = ['companyKey', 'analyticsAccessToken', 'user.password', 'password'];
/** The log keeps the newest entries only, so a long benchmark does not grow memory. */
const MAX_ENTRIES = 200_000;

/** An append-only, bounded log. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  /**
   * Records a request and returns the entry to complete when it is answered.
   *
   * @example
   * const entry = log.start({ method: 'GET', family: 'care', path: '/api/v2/authors', query: '' });
   * entry.status = 200;
   */
  start(request: Pick<LoggedRequest, 'method' | 'family' | 'path' | 'query'>): LoggedRequest {
    const entry: LoggedRequest = { seq: ++this.seq, time: Date.now(), ...request, query: mask(request.query) };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES / 2);
    return entry;
  }

  /** The logged requests, oldest first, optionally only one family's. */
  list(family?: string): LoggedRequest[] {
    return family ? this.entries.filter((e) => e.family === family) : [...this.entries];
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
  }
}

function mask(query: string): string {
  if (!query) return '';
  const params = new URLSearchParams(query);
  for (const name of SECRET_PARAMS) if (params.has(name)) params.set(name, '***');
  return `?${params.toString()}`;
}
