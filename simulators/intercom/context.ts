/**
 * The contract between the Intercom simulator's core (server, auth, version header, rate
 * limit, latency and faults, request log, inspection) and its route modules (contacts,
 * tags, attributes, conversations, articles, ...). Route modules are plain functions from
 * the shared state to a list of routes; the core mounts them, so a module never touches
 * sockets, headers or quotas.
 */
import type { SearchIndex } from './search-index.ts';

/** A parsed API request, after auth and version checks. */
export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/contacts/abc`. */
  path: string;
  /** Path parameters from the route pattern (`/contacts/:id` → `{ id }`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when the request had none). */
  body: unknown;
  /** The `Intercom-Version` the request asked for (default `'2.16'`), e.g. `'2.11'`. */
  version: string;
  headers: Record<string, string | string[] | undefined>;
}

/** What a route answers; the core serialises it and adds the rate-limit headers. */
export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes (uploaded files served back); `body` is ignored when set. */
  raw?: { contentType: string; data: Buffer };
}

/** One route a module contributes. `path` uses find-my-way syntax (`/contacts/:id`). */
export interface SimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** True when the route changes state (faults may apply the write and still answer 5xx). */
  write?: boolean;
  /** Routes outside the API that need no bearer token and no rate limit (served files). */
  public?: boolean;
  /**
   * The `operationId` of the official description this route implements, when its request body
   * is checked against it (`withBodySchema` in `openapi-validator.ts` sets it; informational).
   */
  operationId?: string;
  /**
   * Oldest `Intercom-Version` that has the route (e.g. `'2.13'` for find-by-external-id);
   * older versions get 400 `intercom_version_invalid`. `'Unstable'` counts as newest.
   */
  minVersion?: string;
  handler(req: SimRequest): SimResponse | Promise<SimResponse>;
}

/**
 * An Intercom error, answered as `{"type":"error.list","request_id":...,"errors":[{code,message,field?}]}`.
 *
 * @example
 * throw new IntercomError(404, 'not_found', 'Contact Not Found');
 */
export class IntercomError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly extraHeaders?: Record<string, string>,
  ) {
    super(message);
    this.name = 'IntercomError';
  }
}

/**
 * The workspace held in memory. Objects are stored in Intercom's own response shapes
 * (as in the official 2.16 description) so that `GET {inspect}/state` can return them as they are.
 */
export interface SimState {
  /** Base URL of the API, e.g. `http://127.0.0.1:4010` (uploads are served below it). */
  baseUrl: string;
  workspaceId: string;
  contacts: Map<string, Record<string, any>>;
  /** Conversations with all their parts, oldest part first. */
  conversations: Map<string, Record<string, any>>;
  tags: Map<string, Record<string, any>>;
  /** Contact (and company) data attributes, keyed by `model + '.' + name`. */
  dataAttributes: Map<string, Record<string, any>>;
  /** 2.16 conversation attributes, keyed by id. */
  conversationAttributes: Map<string, Record<string, any>>;
  admins: Map<string, Record<string, any>>;
  teams: Map<string, Record<string, any>>;
  brands: Map<string, Record<string, any>>;
  helpCenters: Map<string, Record<string, any>>;
  articles: Map<string, Record<string, any>>;
  internalArticles: Map<string, Record<string, any>>;
  collections: Map<string, Record<string, any>>;
  /** Uploaded attachment files, served back at `{baseUrl}/_files/{key}`. */
  uploads: Map<string, { name: string; contentType: string; data: Buffer }>;
  /** Next id for a family: numeric strings for most, 24-hex for contacts. */
  nextId(family: 'contact' | 'conversation' | 'part' | 'tag' | 'attribute' | 'article' | 'collection' | 'upload' | 'other'): string;
  /** Current time in Unix seconds (a fixed clock in tests is possible). */
  now(): number;
  /** Seconds a new contact waits before search finds it (Intercom's eventual consistency). */
  searchDelaySeconds: number;
  /** Fault hooks for verify specs (silently drop a part, change a field, lose a contact). */
  hooks: Record<string, unknown>;
  /**
   * What contact search sees: every contact write is recorded here with its time, and
   * search serves the newest version older than `searchDelaySeconds`. Set by `createState`.
   */
  contactIndex?: SearchIndex;
}

/** A route module: state in, routes out. */
export type RouteModule = (state: SimState) => SimRoute[];
