/**
 * The contract between the Khoros simulator's core (server, auth, quotas, faults, request
 * log) and its API families (Care, Analytics, Community, Marketing, CRM, files, admin).
 * A family is a path prefix, an auth scheme, a rate-limit bucket and a list of routes;
 * routes are plain functions from a parsed request to a response.
 */
import type { Readable } from 'node:stream';
import type { KhorosStore } from './store.ts';
import type { KhorosSimSettings } from './settings.ts';
import type { RequestLog } from './request-log.ts';

/** How a family authenticates: each mirrors the real product (see the reference). */
export type AuthScheme =
  /** Care v1/v2: HTTP Basic with the API user. */
  | 'basic'
  /** Analytics: HTTP Basic and a `companyKey` query parameter (download URLs carry `analyticsAccessToken` instead). */
  | 'basic+companyKey'
  /** Community: `li-api-session-key` header from the v1 login endpoint. */
  | 'session'
  /** Marketing: OAuth 2.0 bearer token. */
  | 'bearer'
  /** Public files and the admin endpoint. */
  | 'none';

/** A parsed request handed to a route. */
export interface KhorosRequest {
  method: string;
  /** Path below the family prefix, e.g. `/api/v2/authors`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed body: JSON when the request declared JSON, else the raw text (undefined if empty). */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** The family's base URL (`http://host:port/care`), for building `nextPageUrl` and links. */
  baseUrl: string;
  /** Base URL of the whole simulator (`http://host:port`), for links into other families. */
  rootUrl: string;
  /** Simulator clock, epoch ms. */
  now: number;
}

/** What a route answers. `raw` streams bytes (attachments, images) instead of JSON. */
export interface KhorosResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { contentType: string; length?: number; stream: Readable };
}

/** One route: `path` is find-my-way syntax relative to the family prefix. */
export interface KhorosRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  handler(req: KhorosRequest): KhorosResponse | Promise<KhorosResponse>;
  /** Overrides the family's bucket for this route (`null`: not rate limited). */
  bucket?: string | null;
  /** Overrides the family's auth scheme for this route. */
  auth?: AuthScheme;
}

/** Everything a family needs to build its routes. */
export interface FamilyContext {
  store: KhorosStore;
  settings: KhorosSimSettings;
  requests: RequestLog;
}

/** An API family mounted under its own prefix, as the real products live on their own hosts. */
export interface ApiFamily {
  /** Config key and prefix name: `care` is mounted at `/care`. */
  name: string;
  auth: AuthScheme;
  /** Rate-limit bucket shared by the family's routes (`null`: none). */
  bucket: string | null;
  /** Builds the error body in the family's own envelope. */
  errorBody(status: number, message: string): unknown;
  routes: KhorosRoute[];
}

/**
 * A refusal a route throws; the core answers it in the family's error envelope.
 *
 * @example
 * throw new KhorosHttpError(400, 'The time window must not exceed 24 hours');
 */
export class KhorosHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'KhorosHttpError';
  }
}
