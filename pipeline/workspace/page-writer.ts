/**
 * Chooses how each page reaches its raw table, and how many pages share a transaction.
 *
 * Mode: a first export meets only new keys, so pages go straight through the appender
 * (`append`); when a page meets a key the table already holds (the page re-fetched after a
 * kill, a delta run), its transaction is rolled back and the page is written again with
 * `upsert`, and the family stays on `upsert` for the next pages, where more known keys are
 * likely.
 *
 * Group commit: pages that were queued together (several streams writing at once) are
 * written in ONE transaction, their rows and quarantined records in order, then each
 * stream's last checkpoint. A commit costs about as much as appending a few hundred rows,
 * so this is where concurrent streams gain. A kill loses the whole group or none of it:
 * every checkpoint still matches its rows. When the group's transaction fails for any
 * reason (a duplicate key in `append`, a payload that will not serialise), it is rolled
 * back and its pages are written one by one, each in its own transaction as a lone page
 * would be, so one bad page fails alone and the other streams' pages land. A page that
 * follows a failed page of ITS OWN stream is refused (`EarlierPageFailedError`): its
 * checkpoint would skip the failed page's records, which a resumed run would then never
 * fetch again.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MigrationError } from '../errors.ts';
import { ensureRawTable } from './raw-table.ts';
import type { WorkspacePage } from './workspace.ts';
import {
  DuplicateKeyError, inTransaction, preparePage, writeCheckpoint, writePageInTransaction, writePagesRows, type PreparedPage, type WriteMode, type WriteStamp,
} from './write-page.ts';

/**
 * Writes a group of pages on one connection (the caller serialises calls) and answers
 * each page's outcome, in order. A page is durable, with its checkpoint, once its outcome
 * is `fulfilled`.
 */
export type PageWriter = (pages: readonly WorkspacePage[], stamp: WriteStamp) => Promise<PromiseSettledResult<void>[]>;

/**
 * A page was not written because an earlier page of its stream failed after this one was
 * queued: writing it would move the checkpoint past records that are not staged.
 */
export class EarlierPageFailedError extends MigrationError {
  constructor(readonly stream: string, options: { cause: unknown }) {
    super('workspace_earlier_page_failed', `an earlier page of stream ${stream} failed, so this page was not written`, options);
  }
}

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
 * const [outcome] = await write([page], { runId, at: new Date() }); // { status: 'fulfilled', value: undefined }
 */
export function pageWriter(connection: DuckDBConnection, upsertStreak = UPSERT_STREAK): PageWriter {
  const tables = new Set<string>();
  const upsertPagesLeft = new Map<string, number>();

  /** One page in its own transaction, falling back to `upsert` on a duplicate key. */
  const writeOne = async (prepared: PreparedPage, stamp: WriteStamp): Promise<void> => {
    const family = prepared.page.family;
    const left = upsertPagesLeft.get(family) ?? 0;
    if (left > 0) {
      upsertPagesLeft.set(family, left - 1);
      return writePageInTransaction(connection, prepared, stamp, 'upsert');
    }
    try {
      await writePageInTransaction(connection, prepared, stamp, 'append');
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      upsertPagesLeft.set(family, upsertStreak);
      await writePageInTransaction(connection, prepared, stamp, 'upsert');
    }
  };

  /** Every page in one transaction; the streak counters move only if it commits. */
  const writeTogether = async (group: readonly PreparedPage[], stamp: WriteStamp): Promise<void> => {
    const left = new Map(upsertPagesLeft);
    const modes: WriteMode[] = group.map(({ page }) => {
      const n = left.get(page.family) ?? 0;
      if (n > 0) left.set(page.family, n - 1);
      return n > 0 ? 'upsert' : 'append';
    });
    // The last page of each stream carries the checkpoint that covers the group's pages of it.
    const lastOfStream = new Map(group.map((prepared) => [prepared.page.stream, prepared]));
    await inTransaction(connection, async () => {
      await writePagesRows(connection, group.map((prepared, i) => ({ prepared, mode: modes[i] })), stamp);
      for (const prepared of lastOfStream.values()) await writeCheckpoint(connection, prepared, stamp);
    });
    for (const [family, n] of left) upsertPagesLeft.set(family, n);
  };

  return async (pages, stamp) => {
    const outcomes: PromiseSettledResult<void>[] = new Array(pages.length);
    const ready: { index: number; prepared: PreparedPage }[] = [];
    for (const [index, page] of pages.entries()) {
      try {
        const prepared = preparePage(page);
        // Created outside the page's transaction: an empty table is harmless, and DDL in
        // every page's transaction would cost time on each commit.
        if (!tables.has(page.family)) {
          await ensureRawTable(connection, page.family);
          tables.add(page.family);
        }
        ready.push({ index, prepared });
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
      }
    }
    // A page refused before writing still stops the later pages of its stream.
    const refused = new Map<string, number>();
    for (const [i, page] of pages.entries()) if (outcomes[i] && !refused.has(page.stream)) refused.set(page.stream, i);
    for (let r = ready.length - 1; r >= 0; r--) {
      const { index, prepared } = ready[r];
      const first = refused.get(prepared.page.stream);
      if (first !== undefined && first < index) {
        outcomes[index] = { status: 'rejected', reason: new EarlierPageFailedError(prepared.page.stream, { cause: (outcomes[first] as PromiseRejectedResult).reason }) };
        ready.splice(r, 1);
      }
    }
    if (ready.length > 1) {
      try {
        await writeTogether(ready.map((r) => r.prepared), stamp);
        for (const { index } of ready) outcomes[index] = { status: 'fulfilled', value: undefined };
        return outcomes;
      } catch {
        // Rolled back: the pages are written one by one below, so each meets its own error.
      }
    }
    const failed = new Map<string, unknown>();
    for (const { index, prepared } of ready) {
      const stream = prepared.page.stream;
      if (failed.has(stream)) {
        outcomes[index] = { status: 'rejected', reason: new EarlierPageFailedError(stream, { cause: failed.get(stream) }) };
        continue;
      }
      try {
        await writeOne(prepared, stamp);
        outcomes[index] = { status: 'fulfilled', value: undefined };
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
        failed.set(stream, reason);
      }
    }
    return outcomes;
  };
}
