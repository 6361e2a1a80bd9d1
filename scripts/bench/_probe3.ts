import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
async function run(name: string, sql: string, pk = true, withRows = false) {
  const instance = await DuckDBInstance.create(join(dir, `${name}.duckdb`));
  const c = await instance.connect();
  await c.run(`CREATE TABLE checkpoints (stream VARCHAR ${pk ? 'PRIMARY KEY' : ''}, family VARCHAR NOT NULL, state JSON NOT NULL, run_id VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`);
  await c.run(`CREATE TABLE raw (key VARCHAR PRIMARY KEY, payload VARCHAR)`);
  await c.run(`INSERT INTO checkpoints VALUES ('customers','customers','{}','r', now())`);
  const t = performance.now();
  for (let p = 0; p < 100; p++) {
    await c.run('BEGIN TRANSACTION');
    if (withRows) { const a = await c.createAppender('raw'); for (let i = 0; i < 10; i++) { a.appendVarchar(`k${p}-${i}`); a.appendVarchar('{}'); a.endRow(); } a.closeSync(); }
    if (sql) await c.run(sql, ['customers', 'customers', JSON.stringify({ done: false, page: p }), 'run-1', new Date().toISOString()]);
    await c.run('COMMIT');
  }
  const ms = performance.now() - t;
  c.closeSync(); instance.closeSync();
  console.log(name.padEnd(20), (ms / 100).toFixed(2), 'ms/commit');
}
for (let r = 0; r < 2; r++) {
  await run('empty', '');
  await run('rows only', '', true, true);
  await run('upsert', 'INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)');
  await run('upsert+rows', 'INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', true, true);
  await run('update', 'UPDATE checkpoints SET family=$2, state=$3, run_id=$4, updated_at=$5::TIMESTAMPTZ WHERE stream=$1');
  await run('insert nopk', 'INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', false);
  await run('insert nopk+rows', 'INSERT INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', false, true);
}
rmSync(dir, { recursive: true, force: true });
