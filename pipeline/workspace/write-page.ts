/**
 * Stages one page in one transaction: the rows, then the quarantined records, then the
 * stream's checkpoint. COMMIT makes all three durable together; any error rolls all three
 * back, so a kill at any moment leaves either the whole page with its checkpoint or neither.
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
import { timestampTZValue, type DuckDBConnection } from '@duckdb/node-api';
import { MigrationError } from '../errors.ts';
import { rawTableName } from './raw-table.ts';
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

/**
 * Writes a page; the caller serialises calls on the connection and creates the raw table
 * first (`ensureRawTable`). Validates before it begins: a bad family, key or checkpoint
 * writes nothing.
 *
 * @example
 * await connection.run(STAGE_DDL);
 * await writePageInTransaction(connection, page, { runId: 'run-1', at: new Date() }, 'upsert');
 */
export async function writePageInTransaction(connection: DuckDBConnection, page: WorkspacePage, stamp: WriteStamp, mode: WriteMode): Promise<void> {
  const table = rawTableName(page.family);
  if (typeof page.checkpoint?.done !== 'boolean') throw new TypeError(`checkpoint of stream ${page.stream} needs a boolean "done"`);
  const rows = lastPerKey(page.rows);
  const at = stamp.at.toISOString();
  await connection.run('BEGIN TRANSACTION');
  try {
    if (rows.length > 0 && mode === 'append') {
      await appendRows(connection, table, rows, { ...stamp, endpoint: page.endpoint }).catch((error: unknown) => {
        throw isDuplicateKey(error) ? new DuplicateKeyError(page.family, { cause: error }) : error;
      });
    } else if (rows.length > 0) {
      await appendRows(connection, STAGE, rows, null);
      await connection.run(
        `INSERT OR REPLACE INTO ${table} (key, _run_id, _extracted_at, _endpoint, payload)
         SELECT key, $1, $2::TIMESTAMPTZ, $3, payload FROM temp.main.${STAGE}`,
        [stamp.runId, at, page.endpoint],
      );
      await connection.run(`TRUNCATE temp.main.${STAGE}`);
    }
    for (const record of page.quarantined) await quarantine(connection, page, record, stamp.runId, at);
    await connection.run(
      'INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)',
      [page.stream, page.family, toJson(page.checkpoint, `checkpoint of stream ${page.stream}`), stamp.runId, at],
    );
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
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
 * Appends rows to the raw table (with `stamps`) or to the staging table (`stamps` null);
 * serialises each payload as it goes, so the page is never held twice.
 */
async function appendRows(connection: DuckDBConnection, table: string, rows: WorkspacePage['rows'], stamps: (WriteStamp & { endpoint: string }) | null): Promise<void> {
  const appender = stamps ? await connection.createAppender(table) : await connection.createAppender(table, 'main', 'temp');
  const extractedAt = stamps ? timestampTZValue(BigInt(stamps.at.getTime()) * 1000n) : null;
  try {
    for (const row of rows) {
      const json = toJson(row.payload, `payload of ${row.key}`);
      appender.appendVarchar(row.key);
      if (stamps && extractedAt) {
        appender.appendVarchar(stamps.runId);
        appender.appendTimestampTZ(extractedAt);
        appender.appendVarchar(stamps.endpoint);
      }
      appender.appendVarchar(json);
      appender.endRow();
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

/** Upserts one quarantined record; a record refused again for the same reason is counted once. */
async function quarantine(connection: DuckDBConnection, page: WorkspacePage, record: WorkspacePage['quarantined'][number], runId: string, at: string): Promise<void> {
  const payload = JSON.stringify(record.payload) ?? null;
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
