/**
 * The root error of khoros2intercom and its kinds, grouped by what the runner should do:
 * fix the configuration, stop, retry, or skip the record.
 */

/** Root of every error the tool raises on purpose; `code` is stable. */
export class MigrationError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Bad configuration or bad command-line input: the message names the option and the value.
 *
 * @example
 * throw new ConfigError('--scale: "huge" is not a scale; use tiny, small, medium, large or counts');
 */
export class ConfigError extends MigrationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
  }
}

/**
 * The runner stops the stream and keeps its last checkpoint: rerunning later resumes and may
 * succeed (the API was busy, down or garbled; nothing is wrong with the configuration).
 *
 * @example
 * if (error instanceof RetriableError) console.error(`${error.message} (rerun to resume)`);
 */
export class RetriableError extends MigrationError {
  readonly retriable = true;
}

/**
 * The runner stops: rerunning does not help until someone fixes the cause (credentials,
 * a request the API refuses, a host that is not allowed).
 *
 * @example
 * if (error instanceof FatalError) process.exitCode = 2;
 */
export class FatalError extends MigrationError {
  readonly retriable = false;
}

/** Where a failed Khoros request went; `url` never carries credentials. */
export interface KhorosRequestContext {
  /** API family: care, careOther, analytics, community, marketing, crm, files. */
  family: string;
  method: string;
  /** The URL with user info and secret query parameters masked. */
  url: string;
  /** Requests sent for this call, retries included. */
  attempts: number;
}

/** Defines `value` as a non-enumerable property, so JSON and `util.inspect` leave it out. */
function hidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: true });
}

/**
 * Khoros refused the request (a 4xx other than 429, or a failed login): not retried.
 * `code` is `khoros_unauthorized` for 401/403 and failed logins, else `khoros_request_refused`.
 *
 * @example
 * catch (e) { if (e instanceof KhorosRequestError && e.status === 404) skip(record); else throw e; }
 */
export class KhorosRequestError extends FatalError {
  readonly family: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly attempts: number;
  /** The message Khoros gave in its error envelope, if any (secrets masked). */
  readonly responseMessage: string | undefined;
  declare readonly responseBody: string | undefined;
  constructor(context: KhorosRequestContext & { status: number; responseMessage?: string; responseBody?: string; detail?: string }) {
    const { family, method, url, status, attempts, responseMessage } = context;
    const auth = status === 401 || status === 403;
    const hint = auth ? ' Check the credentials configured for this family (khoros.username, password, companyKey, marketingToken).' : '';
    super(auth ? 'khoros_unauthorized' : 'khoros_request_refused',
      `${family}: ${method} ${url} was refused with ${status}${responseMessage ? `: ${responseMessage}` : ''}${context.detail ? ` (${context.detail})` : ''}.${hint}`);
    this.family = family; this.method = method; this.url = url; this.status = status; this.attempts = attempts;
    this.responseMessage = responseMessage;
    hidden(this, 'responseBody', context.responseBody);
  }
}

/**
 * Khoros kept answering 429 after every retry the table allows. The stream stops at its last
 * durable checkpoint; rerunning the export resumes from there.
 *
 * @example
 * catch (e) { if (e instanceof RateLimitError) console.error(e.message); } // "... rerun the export to resume ..."
 */
export class RateLimitError extends RetriableError {
  readonly family: string;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  constructor(context: KhorosRequestContext, options?: { cause?: unknown }) {
    const { family, method, url, attempts } = context;
    super('khoros_rate_limited',
      `${family}: ${method} ${url} was still rate limited (429) after ${attempts - 1} retries. The stream stopped at its last checkpoint: ` +
      'rerun the export to resume from there (if this repeats, another client is probably spending the same API user\'s budget; lower its rate or the quota).', options);
    this.family = family; this.method = method; this.url = url; this.attempts = attempts;
  }
}

/**
 * Khoros stayed unavailable (5xx, connection resets, timeouts) after the retries the table
 * allows, or a non-idempotent request failed after it may have reached the server.
 *
 * @example
 * catch (e) { if (e instanceof TransientError) console.error(`${e.reason}: ${e.message}`); }
 */
export class TransientError extends RetriableError {
  readonly family: string;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  /** `server-error`, `network` or `connect-failed`. */
  readonly reason: string;
  /** The last HTTP status, when there was an answer. */
  readonly status: number | undefined;
  constructor(context: KhorosRequestContext & { reason: string; status?: number; detail: string; notRetried?: boolean }, options?: { cause?: unknown }) {
    const { family, method, url, attempts, reason, status, detail } = context;
    const why = context.notRetried
      ? `not retried: a ${method} that is not idempotent may already have been processed; check before rerunning`
      : `gave up after ${attempts} attempts; rerun the export to resume from the last checkpoint`;
    super('khoros_unavailable', `${family}: ${method} ${url} failed (${detail}); ${why}.`, options);
    this.family = family; this.method = method; this.url = url; this.attempts = attempts; this.reason = reason; this.status = status;
  }
}

/**
 * Khoros answered a body that is not JSON (truncated, HTML) on every attempt the table allows.
 *
 * @example
 * catch (e) { if (e instanceof MalformedResponseError) console.error(e.contentType); }
 */
export class MalformedResponseError extends RetriableError {
  readonly family: string;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly status: number;
  readonly contentType: string | undefined;
  declare readonly responseBody: string | undefined;
  constructor(context: KhorosRequestContext & { status: number; contentType?: string; detail: string; responseBody?: string }, options?: { cause?: unknown }) {
    const { family, method, url, attempts, status, contentType, detail } = context;
    super('khoros_malformed_response',
      `${family}: ${method} ${url} answered ${status} with a body that is not valid JSON (${detail}; content type ${contentType ?? 'none'}) ` +
      `on all ${attempts} attempts; rerun the export to resume from the last checkpoint.`, options);
    this.family = family; this.method = method; this.url = url; this.attempts = attempts; this.status = status; this.contentType = contentType;
    hidden(this, 'responseBody', context.responseBody);
  }
}

/**
 * An absolute URL (a `nextPageUrl`, a download link) points at a host that is neither a
 * configured Khoros base URL's nor in `khoros.allowedHosts`: refused, no request sent.
 *
 * @example
 * throw new HostNotAllowedError('files', 'https://evil.example/x.pdf', 'evil.example');
 */
export class HostNotAllowedError extends FatalError {
  constructor(readonly family: string, readonly url: string, readonly host: string) {
    super('khoros_host_not_allowed',
      `${family}: refusing to request ${url}: host ${host} is not the host of a configured Khoros URL nor in khoros.allowedHosts; add it to khoros.allowedHosts if it is trusted.`);
  }
}
