/**
 * The workspace contract: one DuckDB file per migration that every stage reads and writes.
 * Export stages pages into `raw_<family>` tables with their checkpoints; later stages add
 * their own tables through versioned migrations (`schema_migrations`). Open one with
 * `openWorkspace` (`open-workspace.ts`); the tables are documented in `README.md`.
 */
import type { StreamCheckpoint } from '../khoros/source-page.ts';

/** Where the workspace lives unless config says otherwise. */
export const DEFAULT_WORKSPACE_PATH = './migration.duckdb';

/** A record that failed validation: kept with the reason, never dropped. */
export interface QuarantinedRecord {
  /** The record's key when one could be read, else null (deduplicated by payload hash). */
  key: string | null;
  /** Why it was refused (the ajv errors, as text). Convention: `<kind>: <detail>`. */
  reason: string;
  payload: unknown;
}

/** One page to stage: its valid rows, its quarantined records and the checkpoint after it. */
export interface WorkspacePage {
  /** Object family; the raw table is `raw_<family>`. Must match `^[a-z][a-z0-9_]*$`. */
  family: string;
  /** The stream the checkpoint resumes. */
  stream: string;
  /** Where the records came from, without credentials. */
  endpoint: string;
  /** Valid records, keyed by their source id (the last one wins when a key repeats). */
  rows: readonly { key: string; payload: unknown }[];
  quarantined: readonly QuarantinedRecord[];
  checkpoint: StreamCheckpoint;
}

/** The record an attachment or KB image belongs to. */
export interface FileOwner {
  family: string;
  key: string;
}

/** A downloaded file, stored by content hash beside the workspace. */
export interface StoredFile {
  /** Hex sha256 of the bytes (the file's name in the store). */
  sha256: string;
  size: number;
  contentType: string | null;
  sourceUrl: string;
  owner: FileOwner;
  fileName: string | null;
  /** Where the bytes are, relative to the workspace's directory or absolute. */
  path: string;
}

/** A download the migration refused (host not allowed, too large, ...). */
export interface RefusedDownload {
  url: string;
  owner: FileOwner;
  reason: string;
}

/**
 * Distinct source case ids that one normalization would merge (the shape
 * `operators/normalize-case-ids.ts` reports). All of them share a naive key (digits only,
 * no leading zeros), which is what groups them.
 */
export interface CaseIdCollision {
  /** Why they collide: `same-canonical-id`, `same-naive-key`, or free text. */
  reason: string;
  /** The distinct source ids. */
  ids: readonly string[];
  /** Their canonical ids (`L-4711`, `N-4711`), or the one they share. */
  canonical: string | readonly string[];
  /** The naive key they share. @default derived from the first id */
  naiveKey?: string;
}

/** How a run ended. */
export type RunStatus = 'succeeded' | 'failed' | 'cancelled';

/** A value bound to a `$1`-style or `$name` parameter. */
export type QueryParam = string | number | boolean | bigint | null;

/**
 * An open workspace. Every call goes through one connection in order, so concurrent
 * streams never interleave transactions.
 *
 * @example
 * const ws = await openWorkspace(':memory:');
 * await ws.writePage({ family: 'customers', stream: 'customers', endpoint: 'GET /crm/customers',
 *   rows: [{ key: 'C1', payload: { id: 'C1' } }], quarantined: [], checkpoint: { done: true } });
 * (await ws.checkpoints()).get('customers'); // { done: true }
 * await ws.close();
 */
export interface Workspace {
  /** This run's id, stamped on every row it writes (`_run_id`). */
  readonly runId: string;
  /** Directory beside the workspace file where downloaded files go; null in memory. */
  readonly filesDir: string | null;
  /**
   * Stages one page in ONE transaction: rows upserted into `raw_<family>` (one row per
   * key), quarantined records, and the stream's checkpoint. All or nothing. Pages queued
   * together may share the transaction; the promise resolves once the page is durable.
   */
  writePage(page: WorkspacePage): Promise<void>;
  /** Every stream's last committed checkpoint. */
  checkpoints(): Promise<Map<string, StreamCheckpoint>>;
  /** Lists a stored file (idempotent on sha256 + owner). */
  recordFile(file: StoredFile): Promise<void>;
  /** Lists a refused download (idempotent on url + owner). */
  recordRefusedDownload(refused: RefusedDownload): Promise<void>;
  /** Reports a case-id collision (idempotent on the naive key; ids, canonical ids and reasons accumulate). */
  recordCaseIdCollision(collision: CaseIdCollision): Promise<void>;
  /**
   * Runs SQL and returns plain objects: JSON columns parsed, safe integers as numbers,
   * timestamps as `Date`.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly QueryParam[] | Record<string, QueryParam>): Promise<T[]>;
  /** Marks this run finished in `runs`. */
  finishRun(status: RunStatus): Promise<void>;
  /** Waits for queued work, then closes the file. Idempotent. */
  close(): Promise<void>;
}
