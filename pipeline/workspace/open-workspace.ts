/**
 * Opens (creating or upgrading) the migration's DuckDB workspace and registers this run.
 * One instance, one connection, one queue: every call is serialised, so two streams
 * writing at once take turns and never share a transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { StreamCheckpoint } from '../khoros/source-page.ts';
import { migrate } from './migrations.ts';
import { pageWriter } from './page-writer.ts';
import { readRows } from './read-rows.ts';
import { recordCaseIdCollision, recordFile, recordRefusedDownload } from './record-files.ts';
import { finishRun, newRunId, registerRun } from './runs.ts';
import { serialQueue } from './serial-queue.ts';
import { createViews } from './views.ts';
import type { Workspace } from './workspace.ts';
import { STAGE_DDL } from './write-page.ts';

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
  const instance = await DuckDBInstance.create(path);
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
  const serial = <T>(task: () => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new Error('workspace is closed')) : queue(task);
  const stamp = () => ({ runId, at: now() });
  const write = pageWriter(connection);

  return {
    runId,
    filesDir: inMemory ? null : `${resolve(path).replace(/\.duckdb$/, '')}.files`,
    writePage: (page) => serial(() => write(page, stamp())),
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
      await drained;
      connection.closeSync();
      instance.closeSync();
    },
  };
}
