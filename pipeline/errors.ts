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

/**
 * The field map is invalid, unconfirmed, or no longer matches its file or the staged source.
 * A `ConfigError` (exit 2: fix the map and confirm it); `problems` lists every finding, one
 * line each, and the message repeats them. `code`: `mapping_invalid`, `mapping_unconfirmed`,
 * `mapping_changed` or `source_drifted`.
 *
 * @example
 * throw new MappingError('mapping_invalid', 'mapping.yaml has 2 problems', ['policies.fallbackAdminId: ...', '...']);
 */
export class MappingError extends ConfigError {
  override readonly code: string;
  constructor(code: string, message: string, readonly problems: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Where a failed Intercom request went: method and path only (never a header, so never the token). */
export interface IntercomRequestContext {
  method: string;
  /** The path below the configured base URL, e.g. `/contacts/search`. */
  path: string;
  /** Requests sent for this call, retries included (lookups not). */
  attempts: number;
}

/** One entry of Intercom's `error.list` body. */
export interface IntercomErrorDetail {
  code: string;
  message?: string;
  field?: string;
}

/**
 * Intercom refused the request (a 4xx other than 429): not retried. `code` is
 * `intercom_unauthorized` for 401/403, else `intercom_request_refused`; `errors` are the
 * body's `error.list` entries, so a caller can act on `errors[0].code` (a 409 `conflict`
 * carries "A contact matching those details already exists with id=…" in its message).
 *
 * @example
 * catch (e) { if (e instanceof IntercomRequestError && e.status === 409) existingId = /id=(\w+)/.exec(e.errors[0]?.message ?? '')?.[1]; }
 */
export class IntercomRequestError extends FatalError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly attempts: number;
  readonly errors: readonly IntercomErrorDetail[];
  /** Intercom's `request_id`, for their support. */
  readonly requestId: string | undefined;
  declare readonly responseBody: string | undefined;
  constructor(context: IntercomRequestContext & { status: number; errors: readonly IntercomErrorDetail[]; requestId?: string; responseBody?: string }) {
    const { method, path, status, attempts, errors } = context;
    const auth = status === 401 || status === 403;
    const said = errors.map((e) => `${e.code}${e.message ? `: ${e.message}` : ''}${e.field ? ` (field ${e.field})` : ''}`).join('; ');
    super(auth ? 'intercom_unauthorized' : 'intercom_request_refused',
      `Intercom: ${method} ${path} was refused with ${status}${said ? ` ${said}` : ''}.${auth ? ' Check intercom.token (an access token of the target workspace with the needed scopes).' : ''}`);
    this.method = method; this.path = path; this.status = status; this.attempts = attempts; this.errors = errors; this.requestId = context.requestId;
    hidden(this, 'responseBody', context.responseBody);
  }
}

/**
 * Intercom kept answering 429 after every retry the table allows (another app is spending
 * the workspace's budget). The stage stops; rerunning resumes from the ledger.
 *
 * @example
 * catch (e) { if (e instanceof IntercomRateLimitError) console.error(e.message); }
 */
export class IntercomRateLimitError extends RetriableError {
  constructor(readonly method: string, readonly path: string, readonly attempts: number) {
    super('intercom_rate_limited', `Intercom: ${method} ${path} was still rate limited (429) after ${attempts - 1} retries; ` +
      'another app may be spending the same workspace budget. Rerun to resume.');
  }
}

/**
 * Intercom stayed unavailable (5xx, resets, timeouts, garbled bodies) after the retries the
 * table allows; for a write, the lookup confirmed it had not landed. Rerun to resume.
 *
 * @example
 * catch (e) { if (e instanceof IntercomUnavailableError) console.error(`${e.reason}: ${e.message}`); }
 */
export class IntercomUnavailableError extends RetriableError {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  /** The outcome class of the last failure: `server-error`, `network`, `connect-failed`, `malformed`. */
  readonly reason: string;
  readonly status: number | undefined;
  constructor(context: IntercomRequestContext & { reason: string; status?: number; detail: string }) {
    const { method, path, attempts, reason, status, detail } = context;
    super('intercom_unavailable', `Intercom: ${method} ${path} failed (${detail}); gave up after ${attempts} attempts. Rerun to resume.`);
    this.method = method; this.path = path; this.attempts = attempts; this.reason = reason; this.status = status;
  }
}

/**
 * A write that is not idempotent (a POST) failed after it may have reached Intercom (5xx,
 * reset, timeout, garbled 2xx) and no lookup could tell whether it landed: it was NOT
 * retried, so nothing is doubled. Retriable at the stage level: the import reconciles the
 * write from its ledger (looks it up) before trying again.
 *
 * @example
 * catch (e) { if (e instanceof IntercomWriteUncertainError) ledger.markUncertain(key); }
 */
export class IntercomWriteUncertainError extends RetriableError {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly reason: string;
  readonly status: number | undefined;
  constructor(context: IntercomRequestContext & { reason: string; status?: number; detail: string; lookedUp: boolean }) {
    const { method, path, attempts, reason, status, detail } = context;
    super('intercom_write_uncertain', `Intercom: ${method} ${path} failed (${detail}) and may have been applied; ` +
      `${context.lookedUp ? 'the lookup could not confirm it' : 'no lookup was given'}, so it was not retried. Reconcile it from the ledger before rerunning.`);
    this.method = method; this.path = path; this.attempts = attempts; this.reason = reason; this.status = status;
  }
}

/**
 * An Intercom list stopped progressing (the same cursor came back), hit its page cap, or
 * answered without the list it should hold. Fatal: rerunning would loop again.
 *
 * @example
 * throw new IntercomPaginationError('GET /contacts', 'the cursor did not change (WzE2…)');
 */
export class IntercomPaginationError extends FatalError {
  constructor(readonly endpoint: string, detail: string) {
    super('intercom_pagination_stuck', `Intercom: ${endpoint}: ${detail}.`);
  }
}
