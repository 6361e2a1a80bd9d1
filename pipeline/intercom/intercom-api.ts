/**
 * The contract of the Intercom client layer: one `IntercomClient` per run, backed by one got
 * instance that carries the bearer token and `Intercom-Version`, paced by the rate-limit
 * headers (`rate-budget.ts`), with adaptive concurrency (`adaptive-concurrency.ts`) and the
 * retry table of `retry-policy.ts`. Sinks and paginators only see this interface.
 */
import type { BudgetSnapshot } from './rate-budget.ts';
import type { Outcome } from './retry-policy.ts';

/** HTTP methods the Intercom API uses. */
export type IntercomMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Per-call options. */
export interface IntercomRequestOptions<T> {
  /** JSON body. */
  json?: unknown;
  searchParams?: Record<string, string | number | boolean | undefined>;
  /**
   * Whether repeating the call has no further effect, so 5xx, resets and garbled answers
   * may be retried. Searches (`POST …/search`), tagging and attaching are idempotent POSTs:
   * say so. A 429 or a refused connection is retried either way (the server did nothing).
   * @default true for GET, PUT, DELETE; false for POST
   */
  idempotent?: boolean;
  /**
   * For a call that is not idempotent: finds the write if it landed (by `external_id`, by
   * the conversation attribute holding the Khoros case id, by part count and timestamps).
   * Called after a 5xx, reset or timeout: what it answers is the call's answer; `undefined`
   * means it did not land, and the call is sent again. Without it such a failure throws
   * `IntercomWriteUncertainError`. It may use this client (its requests are paced too).
   */
  lookup?: () => Promise<T | undefined>;
}

/** Counters the import reports as progress and the benchmark reads. */
export interface IntercomStats {
  /** Requests sent (retries included; a lookup's own requests count as theirs). */
  requests: number;
  /** 429 answers. */
  rateLimited: number;
  /** Retries by outcome class. */
  retries: Partial<Record<Outcome, number>>;
  /** Lookups run after a failed write, and how many found it. */
  lookups: { done: number; found: number };
  /** Milliseconds requests spent waiting for the rate-limit budget (summed over requests). */
  budgetWaitMs: number;
  /** Milliseconds spent in retry back-offs (summed over calls). */
  backoffMs: number;
  /** The current concurrency limit, and requests in flight now. */
  concurrency: number;
  inFlight: number;
  /** Mean and median latency of recent answers. */
  latency: { meanMs: number; p50Ms: number } | undefined;
  /** The pacer's view of the window. */
  budget: BudgetSnapshot | undefined;
}

/** The Intercom client of one run. */
export interface IntercomClient {
  /** The configured base URL. */
  readonly baseUrl: string;
  /**
   * Sends one call (`path` below the base URL, e.g. `/contacts/search`), paced, retried by
   * the table; answers the parsed JSON body (`undefined` for 204). Throws
   * `IntercomRequestError` (4xx), `IntercomRateLimitError`, `IntercomUnavailableError` or
   * `IntercomWriteUncertainError`.
   */
  request<T = unknown>(method: IntercomMethod, path: string, options?: IntercomRequestOptions<T>): Promise<T>;
  /** A copy of the counters. */
  stats(): IntercomStats;
}
