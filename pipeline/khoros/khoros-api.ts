/**
 * The contract of the Khoros client layer: one `KhorosApi` per API family, each backed by
 * its own got instance, sharing the throttle of its quota (Care Author and Conversation
 * share one), retrying by the table in `retry-policy.ts`. Sources only see this interface.
 */
import type { Readable } from 'node:stream';

/** Request options a source may give. */
export interface KhorosRequestOptions {
  method?: 'GET' | 'POST';
  searchParams?: Record<string, string | number | boolean>;
  /** JSON body (POST). */
  json?: unknown;
  /** Form body (Community login). */
  form?: Record<string, string>;
  /**
   * Whether repeating the call has no further effect, so 5xx, resets and garbled answers may
   * be retried. A 429 or a refused connection is retried either way (the server did nothing).
   * Analytics job creation is not idempotent; Community login and LiQL are.
   * @default true for GET, false for POST
   */
  idempotent?: boolean;
}

/** One API family's client. */
export interface KhorosApi {
  /** Family name: care, careOther, analytics, community, marketing, crm, files. */
  readonly family: string;
  /** The family's base URL from config. */
  readonly baseUrl: string;
  /**
   * Requests a JSON document: `pathOrUrl` is relative to the family base (`/api/v2/authors`)
   * or an absolute URL on an allowed host (a `nextPageUrl`). Throttled, retried by the table;
   * answers the parsed body (a 204 answers `undefined`).
   */
  json<T = unknown>(pathOrUrl: string, options?: KhorosRequestOptions): Promise<T>;
  /**
   * Opens a download as a stream (attachments, images), throttled like any call, with the
   * response's status, content type and declared length. The caller enforces size caps.
   */
  download(url: string): Promise<{ status: number; contentType: string | undefined; contentLength: number | undefined; body: Readable }>;
}

/** Counters the export reports as progress and the benchmark reads. */
export interface RequestStats {
  /** Requests sent per family (retries included). */
  requests: Record<string, number>;
  /** 429 answers per family. */
  rateLimited: Record<string, number>;
  /** Retries per family, by reason. */
  retries: Record<string, Record<string, number>>;
  /** Milliseconds spent waiting for a throttle slot or a back-off, per family. */
  waitedMs: Record<string, number>;
}

/** All clients of one run. */
export interface KhorosClients {
  care: KhorosApi;
  careOther: KhorosApi;
  analytics: KhorosApi;
  community: KhorosApi;
  marketing: KhorosApi;
  crm: KhorosApi;
  files: KhorosApi;
  stats(): RequestStats;
}
