import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
let n = 0;
async function run(name: string, body: (c: any, p: number, prep: any) => Promise<void>, inTx = true) {
  const instance = await DuckDBInstance.create(join(dir, `${name}-${n++}.duckdb`));
  const c = await instance.connect();
  await c.run(`CREATE TABLE checkpoints (stream VARCHAR PRIMARY KEY, family VARCHAR NOT NULL, state JSON NOT NULL, run_id VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`);
  await c.run(`INSERT INTO checkpoints VALUES ('customers','customers','{}','r', now())`);
  const prep = await c.prepare('INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)');
  const t = performance.now();
  for (let p = 0; p < 200; p++) {
    if (inTx) await c.run('BEGIN TRANSACTION');
    await body(c, p, prep);
    if (inTx) await c.run('COMMIT');
  }
  const ms = performance.now() - t;
  c.closeSync(); instance.closeSync();
  console.log(name.padEnd(24), (ms / 200).toFixed(2), 'ms/iter');
}
const args = (p: number) => ['customers', 'customers', JSON.stringify({ done: false, page: p }), 'run-1', new Date().toISOString()];
for (let r = 0; r < 2; r++) {
  await run('empty', async () => {});
  await run('select 1', async (c) => { await c.run('SELECT 1'); });
  await run('select $1', async (c) => { await c.run('SELECT $1', [1]); });
  await run('upsert run', async (c, p) => { await c.run('INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', args(p)); });
  await run('upsert prepared', async (c, p, prep) => { prep.bind(args(p)); await prep.run(); });
  await run('upsert literal', async (c, p) => { await c.run(`INSERT OR REPLACE INTO checkpoints VALUES ('customers','customers','{"done":false,"page":${p}}','run-1','${new Date().toISOString()}'::TIMESTAMPTZ)`); });
  await run('upsert run noTx', async (c, p) => { await c.run('INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', args(p)); }, false);
}
rmSync(dir, { recursive: true, force: true });
