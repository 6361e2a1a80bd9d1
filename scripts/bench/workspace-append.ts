/**
 * Benchmark (not part of `npm test`): rows per second staging 100,000 small JSON payloads
 * through `Workspace.writePage` (pages of 1,000, one transaction each, rows + checkpoint)
 * against bare DuckDB appender loops on the same rows, all into files on disk. Prints JSON.
 *
 * - `bareLoop`: one appender, every row, one flush (no per-page durability).
 * - `barePerPage`: one appender and one committed transaction per page (same durability as writePage).
 * - `writePage`: the workspace, first pass (every key new).
 * - `writePageAgain`: the same pages again (every key replaced, the delta/resume path).
 *
 * @example
 * npx tsx scripts/bench/workspace-append.ts [ROWS] [PAGE] [REPEAT]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';

const total = Number(process.argv[2] ?? 100_000);
const pageSize = Number(process.argv[3] ?? 1_000);
const repeat = Number(process.argv[4] ?? 3);
const rows = Array.from({ length: total }, (_, i) => ({
  key: `C${String(i).padStart(7, '0')}`,
  payload: { id: `C${String(i).padStart(7, '0')}`, email: `user${i}@example.com`, displayName: `User ${i}`, created: '2024-05-01T10:00:00Z', tier: i % 3 === 0 ? 'gold' : 'silver' },
}));
const pages = Array.from({ length: Math.ceil(total / pageSize) }, (_, p) => rows.slice(p * pageSize, (p + 1) * pageSize));
const dir = mkdtempSync(join(tmpdir(), 'ws-bench-'));

async function bare(name: string, perPage: boolean): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, `${name}.duckdb`));
  const connection = await instance.connect();
  await connection.run('CREATE TABLE raw (key VARCHAR PRIMARY KEY, payload JSON)');
  const started = performance.now();
  for (const page of perPage ? pages : [rows]) {
    if (perPage) await connection.run('BEGIN TRANSACTION');
    const appender = await connection.createAppender('raw');
    for (const row of page) {
      appender.appendVarchar(row.key);
      appender.appendVarchar(JSON.stringify(row.payload));
      appender.endRow();
    }
    appender.closeSync();
    if (perPage) await connection.run('COMMIT');
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
      await ws.writePage({ family: 'customers', stream: 'customers', endpoint: 'GET /crm/customers', rows: page, quarantined: [], checkpoint: { done: false, page: p } });
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

const samples: Record<string, number[]> = { bareLoop: [], barePerPage: [], writePage: [], writePageAgain: [] };
try {
  for (let r = 0; r < repeat; r++) {
    samples.bareLoop.push(await bare(`bare-${r}`, false));
    samples.barePerPage.push(await bare(`bare-page-${r}`, true));
    const [first, again] = await workspace(`ws-${r}`);
    samples.writePage.push(first);
    samples.writePageAgain.push(again);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (ms: number) => Math.round(total / (ms / 1000));
const rowsPerSecond = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, rate(median(xs))]));
process.stdout.write(`${JSON.stringify({
  rows: total,
  pageSize,
  repeat,
  medianMs: Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, Math.round(median(xs))])),
  rowsPerSecond,
  ratioToBareLoop: Number((rowsPerSecond.writePage / rowsPerSecond.bareLoop).toFixed(2)),
  ratioToBarePerPage: Number((rowsPerSecond.writePage / rowsPerSecond.barePerPage).toFixed(2)),
  target: 'writePage >= 0.5 x bare appender loop',
}, null, 2)}\n`);
