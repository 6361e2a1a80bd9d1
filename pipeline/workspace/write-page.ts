/**
 * Stages one page in one transaction: the rows, then the quarantined records, then the
 * stream's checkpoint. COMMIT makes all three durable together; any error rolls all three
 * back, so a kill at any moment leaves either the whole page with its checkpoint or neither.
 * The pieces (`preparePage`, `writePageRows`, `writeCheckpoint`, `inTransaction`) also
 * let `page-writer.ts` put several pages, with their checkpoints, in one transaction.
 *
 * Rows reach `raw_<family>` (primary key `key`) one of two ways:
 * - `upsert`: the DuckDB appender fills a connection-local staging table, then `INSERT OR
 *   REPLACE` moves it into the raw table, so a page fetched again after a crash or by a
 *   delta run replaces its records instead of doubling them;
 * - `append`: the appender writes straight into the raw table. Faster, but a key already
 *   there violates the primary key and aborts the transaction (`DuplicateKeyError`); the
 *   caller then rolls back and writes the page again with `upsert` (`page-writer.ts`).
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { MigrationError } from '../errors.ts';
import { rawTableName } from './raw-table.ts';
import { storableJson } from './storable-json.ts';
import type { WorkspacePage } from './workspace.ts';

const STAGE = '_stage_rows';

/** The staging table: temporary, so it lives in the connection and never in the file. */
export const STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (key VARCHAR NOT NULL, payload VARCHAR NOT NULL)`;

/** Who is writing and when: the stamps every staged row carries. */
export interface WriteStamp {
  runId: string;
  at: Date;
}

/** How rows reach the raw table (see the file comment). */
export type WriteMode = 'append' | 'upsert';

/** The `append` mode met a key the raw table already holds; the transaction was rolled back. */
export class DuplicateKeyError extends MigrationError {
  constructor(readonly family: string, options: { cause: unknown }) {
    super('workspace_duplicate_key', `raw_${family} already holds a key of this page`, options);
  }
}

/** A page checked and serialised as far as it can be before any write. */
export interface PreparedPage {
  page: WorkspacePage;
  /** `raw_<family>`. */
  table: string;
  /** The rows, the last one per key. */
  rows: WorkspacePage['rows'];
  /** The checkpoint as JSON text. */
  checkpoint: string;
}

/**
 * Checks a page and prepares it for `writePageRows` and `writeCheckpoint`: a bad family,
 * key or checkpoint throws here, before anything is written.
 *
 * @example
 * preparePage({ family: 'x; DROP', ... }); // throws InvalidFamilyError
 */
export function preparePage(page: WorkspacePage): PreparedPage {
  const table = rawTableName(page.family);
  if (typeof page.checkpoint?.done !== 'boolean') throw new TypeError(`checkpoint of stream ${page.stream} needs a boolean "done"`);
  return { page, table, rows: lastPerKey(page.rows), checkpoint: toJson(page.checkpoint, `checkpoint of stream ${page.stream}`) };
}

/**
 * Writes a page; the caller serialises calls on the connection and creates the raw table
 * first (`ensureRawTable`). Validates before it begins: a bad family, key or checkpoint
 * writes nothing.
 *
 * @example
 * await connection.run(STAGE_DDL);
 * await writePageInTransaction(connection, page, { runId: 'run-1', at: new Date() }, 'upsert');
 */
export async function writePageInTransaction(connection: DuckDBConnection, page: WorkspacePage | PreparedPage, stamp: WriteStamp, mode: WriteMode): Promise<void> {
  const prepared = 'table' in page ? page : preparePage(page);
  await inTransaction(connection, async () => {
    await writePageRows(connection, prepared, stamp, mode);
    await writeCheckpoint(connection, prepared, stamp);
  });
}

/**
 * Runs `body` between BEGIN and COMMIT; any error rolls everything back and is rethrown.
 *
 * @example
 * await inTransaction(connection, async () => { await writePageRows(...); await writeCheckpoint(...); });
 */
export async function inTransaction(connection: DuckDBConnection, body: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await body();
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a prepared page's rows and quarantined records, inside the caller's transaction
 * (the caller rolls back on error).
 *
 * @example
 * await inTransaction(connection, () => writePageRows(connection, preparePage(page), stamp, 'append'));
 */
export async function writePageRows(connection: DuckDBConnection, prepared: PreparedPage, stamp: WriteStamp, mode: WriteMode): Promise<void> {
  await writePagesRows(connection, [{ prepared, mode }], stamp);
}

/**
 * Writes several prepared pages' rows and quarantined records, in order, inside the
 * caller's transaction. Consecutive `append` pages of one family share one appender and
 * one flush (a flush costs about a millisecond whatever its size).
 *
 * @example
 * await inTransaction(connection, () => writePagesRows(connection, [{ prepared: a, mode: 'append' }, { prepared: b, mode: 'append' }], stamp));
 */
export async function writePagesRows(connection: DuckDBConnection, pages: readonly { prepared: PreparedPage; mode: WriteMode }[], stamp: WriteStamp): Promise<void> {
  const at = stamp.at.toISOString();
  for (let i = 0; i < pages.length; ) {
    const { prepared, mode } = pages[i];
    let end = i + 1;
    if (mode === 'append') while (end < pages.length && pages[end].mode === 'append' && pages[end].prepared.table === prepared.table) end += 1;
    const run = pages.slice(i, end).map((p) => p.prepared).filter((p) => p.rows.length > 0);
    if (run.length > 0 && mode === 'append') {
      await appendRows(connection, prepared.table, run.map((p) => ({ rows: p.rows, endpoint: p.page.endpoint })), stamp).catch((error: unknown) => {
        throw isDuplicateKey(error) ? new DuplicateKeyError(prepared.page.family, { cause: error }) : error;
      });
    } else if (run.length > 0) {
      await appendRows(connection, STAGE, [{ rows: prepared.rows, endpoint: '' }], null);
      await connection.run(
        `INSERT OR REPLACE INTO ${prepared.table} (key, _run_id, _extracted_at, _endpoint, payload)
         SELECT key, $1, $2::TIMESTAMPTZ, $3, payload FROM temp.main.${STAGE}`,
        [stamp.runId, at, prepared.page.endpoint],
      );
      await connection.run(`TRUNCATE temp.main.${STAGE}`);
    }
    for (const { prepared: { page } } of pages.slice(i, end)) {
      for (const record of page.quarantined) await quarantine(connection, page, record, stamp.runId, at);
    }
    i = end;
  }
}

/**
 * Writes a prepared page's checkpoint (its stream's row in `checkpoints`), inside the
 * caller's transaction. An UPDATE of the stream's row, or an INSERT for a stream's first
 * checkpoint: on every page after the first, the UPDATE costs about half of what
 * `INSERT OR REPLACE` (a delete and an insert in the primary key) costs.
 *
 * @example
 * await writeCheckpoint(connection, preparePage(page), { runId: 'run-1', at: new Date() });
 */
export async function writeCheckpoint(connection: DuckDBConnection, prepared: PreparedPage, stamp: WriteStamp): Promise<void> {
  const values = [prepared.page.stream, prepared.page.family, prepared.checkpoint, stamp.runId, stamp.at.toISOString()];
  const update = await updateCheckpoint(connection);
  update.bind(values);
  const updated = await update.run();
  if (updated.rowsChanged === 0) await connection.run('INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', values);
}

const UPDATE_CHECKPOINT = 'UPDATE checkpoints SET family = $2, state = $3, run_id = $4, updated_at = $5::TIMESTAMPTZ WHERE stream = $1';
const updateStatements = new WeakMap<DuckDBConnection, Promise<DuckDBPreparedStatement>>();

/**
 * Destroys the statements `writeCheckpoint` prepared on a connection; call it before
 * closing the connection.
 *
 * @example
 * await releaseStatements(connection);
 * connection.closeSync();
 */
export async function releaseStatements(connection: DuckDBConnection): Promise<void> {
  const statement = updateStatements.get(connection);
  updateStatements.delete(connection);
  (await statement?.catch(() => undefined))?.destroySync();
}

/**
 * The connection's prepared checkpoint UPDATE, prepared once: `connection.run` with
 * parameters prepares, runs and destroys a statement each time, two trips to DuckDB's
 * threads instead of one, on every page.
 */
function updateCheckpoint(connection: DuckDBConnection): Promise<DuckDBPreparedStatement> {
  let statement = updateStatements.get(connection);
  if (!statement) {
    statement = connection.prepare(UPDATE_CHECKPOINT);
    updateStatements.set(connection, statement);
    // A failed prepare is not cached: the next page tries again.
    statement.catch(() => updateStatements.delete(connection));
  }
  return statement;
}

/** Keeps the last occurrence of each key (a page may repeat a record; the newest wins). */
function lastPerKey(rows: WorkspacePage['rows']): WorkspacePage['rows'] {
  const last = new Map<string, number>();
  rows.forEach((row, i) => {
    if (typeof row.key !== 'string' || row.key === '') throw new TypeError(`row ${i} has no string key`);
    last.set(row.key, i);
  });
  return last.size === rows.length ? rows : rows.filter((row, i) => last.get(row.key) === i);
}

/**
 * Appends rows to the raw table (stamped with `stamp` and each part's endpoint) or to the
 * staging table (`stamp` null); serialises each payload as it goes, so the page is never
 * held twice.
 */
async function appendRows(connection: DuckDBConnection, table: string, parts: readonly { rows: WorkspacePage['rows']; endpoint: string }[], stamp: WriteStamp | null): Promise<void> {
  const appender = stamp ? await connection.createAppender(table) : await connection.createAppender(table, 'main', 'temp');
  // ISO text with its Z, which DuckDB casts to TIMESTAMPTZ as it appends: appendTimestampTZ
  // builds a DuckDB value object per row, which cost more than the rest of the row.
  const extractedAt = stamp ? stamp.at.toISOString() : null;
  try {
    for (const { rows, endpoint } of parts) {
      for (const row of rows) {
        const json = toJson(row.payload, `payload of ${row.key}`);
        appender.appendVarchar(row.key);
        if (stamp && extractedAt) {
          appender.appendVarchar(stamp.runId);
          appender.appendVarchar(extractedAt);
          appender.appendVarchar(endpoint);
        }
        appender.appendVarchar(json);
        appender.endRow();
      }
    }
    appender.flushSync();
  } catch (error) {
    try {
      // Drop the rows not yet flushed; those flushed are undone by the caller's ROLLBACK.
      appender.clear();
      appender.closeSync();
    } catch {
      // Closing fails once the transaction is aborted; the original error is the one to report.
    }
    throw error;
  }
  appender.closeSync();
}

/**
 * Upserts one quarantined record; a record refused again for the same reason is counted once.
 * The payload goes through `storableJson`: a record refused for a cycle, a lone surrogate or
 * deep nesting is kept as far as JSON can hold it instead of failing the page.
 */
async function quarantine(connection: DuckDBConnection, page: WorkspacePage, record: WorkspacePage['quarantined'][number], runId: string, at: string): Promise<void> {
  const payload = storableJson(record.payload);
  const dedupeKey = record.key ?? `sha256:${createHash('sha256').update(payload ?? 'undefined').digest('hex')}`;
  await connection.run(
    `INSERT INTO quarantine (family, key, dedupe_key, reason, payload, endpoint, run_id, quarantined_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMPTZ)
     ON CONFLICT (family, dedupe_key, reason) DO UPDATE
     SET key = excluded.key, payload = excluded.payload, endpoint = excluded.endpoint, run_id = excluded.run_id, quarantined_at = excluded.quarantined_at`,
    [page.family, record.key, dedupeKey, String(record.reason), payload, page.endpoint, runId, at],
  );
}

/** DuckDB's words for a primary-key violation (the appender reports them when it flushes). */
function isDuplicateKey(error: unknown): boolean {
  return error instanceof Error && /duplicate key|constraint violation/i.test(error.message);
}

/** JSON text of a value, or a TypeError naming what could not be serialised. */
function toJson(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`${what} is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  if (json === undefined) throw new TypeError(`${what} is not JSON-serialisable (${typeof value})`);
  return json;
}
