/**
 * Opens (creating or upgrading) the migration's DuckDB workspace and registers this run.
 * One instance, one connection, one queue: every call is serialised, so two streams
 * writing at once take turns and never share a transaction they did not both ask for.
 * Pages queued back to back, with nothing else queued between them, are committed
 * together (group commit, `page-writer.ts`): each `writePage` still resolves only once
 * its page and checkpoint are durable, and calls still take effect in call order.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { StreamCheckpoint } from '../khoros/source-page.ts';
import { WORKSPACE_MEMORY_LIMIT } from './memory-limit.ts';
import { migrate } from './migrations.ts';
import { EarlierPageFailedError, pageWriter } from './page-writer.ts';
import { readRows } from './read-rows.ts';
import { recordCaseIdCollision, recordFile, recordRefusedDownload } from './record-files.ts';
import { finishRun, newRunId, registerRun } from './runs.ts';
import { serialQueue } from './serial-queue.ts';
import { createViews } from './views.ts';
import type { Workspace, WorkspacePage } from './workspace.ts';
import { releaseStatements, STAGE_DDL } from './write-page.ts';

export { WORKSPACE_MEMORY_LIMIT };

/** Options of `openWorkspace`. */
export interface OpenWorkspaceOptions {
  /** Id stamped on every row this run writes. @default a new id from the start time */
  runId?: string;
  /** Clock for stamps. @default () => new Date() */
  now?: () => Date;
  /** Stage recorded in `runs`. @default 'export' */
  stage?: string;
  /** Arguments recorded in `runs` (no secrets). @default null */
  args?: unknown;
  /** Most pages committed in one transaction (1: one transaction per page). @default GROUP_MAX_PAGES */
  groupMaxPages?: number;
  /** DuckDB's `memory_limit` (its buffer pool; past it DuckDB spills to `<file>.tmp`). @default WORKSPACE_MEMORY_LIMIT */
  memoryLimit?: string;
  /** DuckDB's `threads` (fewer threads, less memory per query: each holds buffers of its own). @default DuckDB's own: one per core */
  threads?: number;
}

/** Most pages a group commit holds. @default 32 */
export const GROUP_MAX_PAGES = 32;
/** A group takes no more pages once it holds this many rows. @default 50000 */
export const GROUP_MAX_ROWS = 50_000;

/**
 * How much write-ahead log DuckDB gathers before it merges it into the file (its default
 * is 16 MB). Every merge rewrites the raw tables' last row groups and primary-key indexes,
 * so with small commits (one per page) the merges cost more as the tables grow: staging
 * 200 MB of the `medium` export's pages took 8–9 s at 16 MB and 4.5–6.5 s at 64 MB, the
 * final merge on close included. Durability is the same (a committed page is in the log,
 * which the next open replays after a kill); the cost is up to this much log to replay,
 * and up to this much recent data held in memory until the merge.
 * @default '64MB'
 */
export const WAL_CHECKPOINT_THRESHOLD = '64MB';

/** A page waiting in the queue, with its caller's promise and its place in call order. */
interface QueuedPage {
  page: WorkspacePage;
  seq: number;
  resolve(): void;
  reject(reason: unknown): void;
}

/**
 * Opens a workspace file (`':memory:'` for a throwaway one).
 *
 * @example
 * const ws = await openWorkspace('./migration.duckdb', { stage: 'export', args: { scale: 'small' } });
 * try { await ws.writePage(page); await ws.finishRun('succeeded'); } finally { await ws.close(); }
 */
export async function openWorkspace(path: string, options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const now = options.now ?? (() => new Date());
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const instance = await DuckDBInstance.create(path, { checkpoint_threshold: WAL_CHECKPOINT_THRESHOLD, memory_limit: options.memoryLimit ?? WORKSPACE_MEMORY_LIMIT,
    ...(options.threads === undefined ? {} : { threads: String(options.threads) }) });
  const connection = await instance.connect();
  const runId = options.runId ?? newRunId(now());
  try {
    await migrate(connection, now);
    await createViews(connection);
    await connection.run(STAGE_DDL);
    await registerRun(connection, { runId, stage: options.stage ?? 'export', args: options.args ?? null, at: now() });
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }

  const queue = serialQueue();
  let closed = false;
  // The group of pages queued last, until its task starts or anything else is queued:
  // a page joins it only while joining cannot reorder the page before an earlier call.
  let open: { pages: QueuedPage[]; rows: number } | null = null;
  const maxPages = Math.max(1, options.groupMaxPages ?? GROUP_MAX_PAGES);
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('workspace is closed'));
    open = null;
    return queue(task);
  };
  const stamp = () => ({ runId, at: now() });
  const write = pageWriter(connection);
  // Per stream, the last page queued when one of its pages failed, and why: those pages
  // were queued without knowing, and are refused (see EarlierPageFailedError).
  let calls = 0;
  const failedUpTo = new Map<string, { seq: number; reason: unknown }>();
  const writeGroup = async (group: readonly QueuedPage[]) => {
    const pending = group.filter((q) => {
      const failed = failedUpTo.get(q.page.stream);
      if (!failed || q.seq > failed.seq) return true;
      q.reject(new EarlierPageFailedError(q.page.stream, { cause: failed.reason }));
      return false;
    });
    const outcomes = await write(pending.map((q) => q.page), stamp());
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') return pending[i].resolve();
      failedUpTo.set(pending[i].page.stream, { seq: calls, reason: outcome.reason });
      pending[i].reject(outcome.reason);
    });
  };
  const writePage = (page: WorkspacePage): Promise<void> => new Promise<void>((resolvePage, rejectPage) => {
    const queued: QueuedPage = { page, seq: ++calls, resolve: resolvePage, reject: rejectPage };
    if (!closed && open && open.pages.length < maxPages && open.rows < GROUP_MAX_ROWS) {
      open.pages.push(queued);
      open.rows += page.rows?.length ?? 0;
      return;
    }
    const group = { pages: [queued], rows: page.rows?.length ?? 0 };
    serial(async () => {
      if (open === group) open = null;
      await writeGroup(group.pages);
    }).catch((error: unknown) => {
      // The writer settles every page itself; this is a closed workspace or a writer bug.
      for (const q of group.pages) q.reject(error);
    });
    if (!closed) open = group;
  });

  return {
    runId,
    filesDir: inMemory ? null : `${resolve(path).replace(/\.duckdb$/, '')}.files`,
    writePage,
    checkpoints: () =>
      serial(async () => {
        const rows = await readRows<{ stream: string; state: StreamCheckpoint }>(connection, 'SELECT stream, state FROM checkpoints ORDER BY stream');
        return new Map(rows.map((row) => [row.stream, row.state]));
      }),
    recordFile: (file) => serial(() => recordFile(connection, file, stamp())),
    recordRefusedDownload: (refused) => serial(() => recordRefusedDownload(connection, refused, stamp())),
    recordCaseIdCollision: (collision) => serial(() => recordCaseIdCollision(connection, collision, stamp())),
    query: (sql, params) => serial(() => readRows(connection, sql, params)),
    finishRun: (status) => serial(() => finishRun(connection, runId, status, now())),
    close: async () => {
      if (closed) return;
      const drained = queue(async () => undefined);
      closed = true;
      open = null;
      await drained;
      await releaseStatements(connection);
      connection.closeSync();
      instance.closeSync();
    },
  };
}
