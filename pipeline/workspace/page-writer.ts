/**
 * Chooses how each page reaches its raw table. A first export meets only new keys, so
 * pages go straight through the appender (`append`); when a page meets a key the table
 * already holds (the page re-fetched after a kill, a delta run), its transaction is
 * rolled back and the page is written again with `upsert`, and the family stays on
 * `upsert` for the next pages, where more known keys are likely.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ensureRawTable } from './raw-table.ts';
import type { WorkspacePage } from './workspace.ts';
import { DuplicateKeyError, writePageInTransaction, type WriteStamp } from './write-page.ts';

/** Writes pages on one connection; the caller serialises calls. */
export type PageWriter = (page: WorkspacePage, stamp: WriteStamp) => Promise<void>;

/**
 * Pages a family stays on `upsert` after a duplicate key, before `append` is tried again.
 * @default 16
 */
export const UPSERT_STREAK = 16;

/**
 * Creates the writer for a connection.
 *
 * @example
 * const write = pageWriter(connection);
 * await write(page, { runId, at: new Date() });
 */
export function pageWriter(connection: DuckDBConnection, upsertStreak = UPSERT_STREAK): PageWriter {
  const tables = new Set<string>();
  const upsertPagesLeft = new Map<string, number>();
  return async (page, stamp) => {
    // Created outside the page's transaction: an empty table is harmless, and DDL in every
    // page's transaction would cost time on each commit.
    if (!tables.has(page.family)) {
      await ensureRawTable(connection, page.family);
      tables.add(page.family);
    }
    const left = upsertPagesLeft.get(page.family) ?? 0;
    if (left > 0) {
      upsertPagesLeft.set(page.family, left - 1);
      return writePageInTransaction(connection, page, stamp, 'upsert');
    }
    try {
      await writePageInTransaction(connection, page, stamp, 'append');
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      upsertPagesLeft.set(page.family, upsertStreak);
      await writePageInTransaction(connection, page, stamp, 'upsert');
    }
  };
}
