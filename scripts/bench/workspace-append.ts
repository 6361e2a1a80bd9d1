/**
 * Benchmark (not part of `npm test`): rows per second staging 100,000 small JSON payloads
 * through `Workspace.writePage` (pages of 1,000, rows + checkpoint committed together)
 * against bare DuckDB appender loops on the same rows, all into files on disk. Prints JSON.
 *
 * - `bareLoop`: one appender, every row, one flush (no per-page durability), into a table
 *   of two columns (key, payload);
 * - `bareLoopSameColumns`: the same into a table with the raw tables' five columns and
 *   the same stamps on every row;
 * - `barePerPage`: one appender and one committed transaction per page (same durability as writePage);
 * - `writePage`: the workspace, first pass (every key new), one page at a time as one
 *   stream writes (each call awaited before the next: nothing to group);
 * - `writePageAgain`: the same pages again (every key replaced, the delta/resume path);
 * - `writePageStreams`: the first pass as `STREAMS` streams writing at once, each awaiting
 *   its own pages (as families do in the export's concurrent phase): the workspace
 *   commits the pages queued together in one transaction.
 *
 * Ratios are rows/s over rows/s, each the median over the repeats of that repeat's ratio.
 *
 * @example
 * npx tsx scripts/bench/workspace-append.ts [ROWS] [PAGE] [REPEAT] [STREAMS]   # 100000 1000 5 4
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { rawTableDdl } from '../../pipeline/workspace/raw-table.ts';

const total = Number(process.argv[2] ?? 100_000);
const pageSize = Number(process.argv[3] ?? 1_000);
const repeat = Number(process.argv[4] ?? 5);
const streams = Number(process.argv[5] ?? 4);
const rows = Array.from({ length: total }, (_, i) => ({
  key: `C${String(i).padStart(7, '0')}`,
  payload: { id: `C${String(i).padStart(7, '0')}`, email: `user${i}@example.com`, displayName: `User ${i}`, created: '2024-05-01T10:00:00Z', tier: i % 3 === 0 ? 'gold' : 'silver' },
}));
const pages = Array.from({ length: Math.ceil(total / pageSize) }, (_, p) => rows.slice(p * pageSize, (p + 1) * pageSize));
const dir = mkdtempSync(join(tmpdir(), 'ws-bench-'));
const ENDPOINT = 'GET /crm/customers';

async function bare(name: string, options: { perPage: boolean; sameColumns: boolean }): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, `${name}.duckdb`));
  const connection = await instance.connect();
  await connection.run(options.sameColumns ? rawTableDdl('customers') : 'CREATE TABLE raw_customers (key VARCHAR PRIMARY KEY, payload JSON)');
  const at = new Date().toISOString();
  const started = performance.now();
  for (const page of options.perPage ? pages : [rows]) {
    if (options.perPage) await connection.run('BEGIN TRANSACTION');
    const appender = await connection.createAppender('raw_customers');
    for (const row of page) {
      appender.appendVarchar(row.key);
      if (options.sameColumns) {
        appender.appendVarchar('bench-run');
        appender.appendVarchar(at);
        appender.appendVarchar(ENDPOINT);
      }
      appender.appendVarchar(JSON.stringify(row.payload));
      appender.endRow();
    }
    appender.closeSync();
    if (options.perPage) await connection.run('COMMIT');
  }
  const ms = performance.now() - started;
  connection.closeSync();
  instance.closeSync();
  return ms;
}

async function workspace(name: string): Promise<[number, number]> {
  const ws = await openWorkspace(join(dir, `${name}.duckdb`), { stage: 'bench' });
  const pass = async () => {
    const started = performance.now();
    for (const [p, page] of pages.entries()) {
      await ws.writePage({ family: 'customers', stream: 'customers', endpoint: ENDPOINT, rows: page, quarantined: [], checkpoint: { done: false, page: p } });
    }
    return performance.now() - started;
  };
  const first = await pass();
  const again = await pass();
  const [{ n }] = await ws.query<{ n: number }>('SELECT count(*) AS n FROM raw_customers');
  if (n !== total) throw new Error(`expected ${total} rows, found ${n}`);
  await ws.close();
  return [first, again];
}

async function concurrentStreams(name: string): Promise<number> {
  const ws = await openWorkspace(join(dir, `${name}.duckdb`), { stage: 'bench' });
  const started = performance.now();
  await Promise.all(Array.from({ length: streams }, async (_, s) => {
    for (let p = s; p < pages.length; p += streams) {
      await ws.writePage({ family: 'customers', stream: `customers-${s}`, endpoint: ENDPOINT, rows: pages[p], quarantined: [], checkpoint: { done: false, page: p } });
    }
  }));
  const ms = performance.now() - started;
  const [{ n }] = await ws.query<{ n: number }>('SELECT count(*) AS n FROM raw_customers');
  if (n !== total) throw new Error(`expected ${total} rows, found ${n}`);
  await ws.close();
  return ms;
}

const samples: Record<string, number[]> = { bareLoop: [], bareLoopSameColumns: [], barePerPage: [], writePage: [], writePageAgain: [], writePageStreams: [] };
try {
  for (let r = 0; r < repeat; r++) {
    samples.bareLoop.push(await bare(`bare-${r}`, { perPage: false, sameColumns: false }));
    samples.bareLoopSameColumns.push(await bare(`bare-columns-${r}`, { perPage: false, sameColumns: true }));
    samples.barePerPage.push(await bare(`bare-page-${r}`, { perPage: true, sameColumns: false }));
    const [first, again] = await workspace(`ws-${r}`);
    samples.writePage.push(first);
    samples.writePageAgain.push(again);
    samples.writePageStreams.push(await concurrentStreams(`ws-streams-${r}`));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (ms: number) => Math.round(total / (ms / 1000));
const rowsPerSecond = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, rate(median(xs))]));
// Paired: each repeat's ratio (both measured back to back), then the median, so that load
// from other processes, which drifts over seconds, weighs on both sides of each ratio.
const ratio = (a: string, b: string) => Number(median(samples[a].map((ms, r) => samples[b][r] / ms)).toFixed(2));
process.stdout.write(`${JSON.stringify({
  rows: total,
  pageSize,
  repeat,
  streams,
  medianMs: Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, Math.round(median(xs))])),
  rowsPerSecond,
  ratioToBareLoop: ratio('writePage', 'bareLoop'),
  ratioToBareLoopSameColumns: ratio('writePage', 'bareLoopSameColumns'),
  ratioToBarePerPage: ratio('writePage', 'barePerPage'),
  streamsRatioToBareLoop: ratio('writePageStreams', 'bareLoop'),
  streamsRatioToBareLoopSameColumns: ratio('writePageStreams', 'bareLoopSameColumns'),
  target: 'writePage >= 0.5 x bare appender loop',
}, null, 2)}\n`);
