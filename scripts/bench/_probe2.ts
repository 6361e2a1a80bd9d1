import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, timestampTZValue } from '@duckdb/node-api';
const total = 100_000, pageSize = 1000;
const rows = Array.from({ length: total }, (_, i) => ({
  key: `C${String(i).padStart(7, '0')}`,
  payload: { id: `C${String(i).padStart(7, '0')}`, email: `user${i}@example.com`, displayName: `User ${i}`, created: '2024-05-01T10:00:00Z', tier: i % 3 === 0 ? 'gold' : 'silver' },
}));
const pages = Array.from({ length: total / pageSize }, (_, p) => rows.slice(p * pageSize, (p + 1) * pageSize));
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
async function run(name: string, opts: { cols5: boolean; ckpt: boolean; group: number; json?: boolean }) {
  const instance = await DuckDBInstance.create(join(dir, `${name}.duckdb`));
  const c = await instance.connect();
  await c.run(`CREATE TABLE raw (key VARCHAR PRIMARY KEY, ${opts.cols5 ? '_run_id VARCHAR NOT NULL, _extracted_at TIMESTAMPTZ NOT NULL, _endpoint VARCHAR NOT NULL,' : ''} payload ${opts.json === false ? 'VARCHAR' : 'JSON'} NOT NULL)`);
  await c.run(`CREATE TABLE checkpoints (stream VARCHAR PRIMARY KEY, family VARCHAR NOT NULL, state JSON NOT NULL, run_id VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`);
  const ts = timestampTZValue(BigInt(Date.now()) * 1000n);
  const t = performance.now();
  for (let g = 0; g < pages.length; g += opts.group) {
    await c.run('BEGIN TRANSACTION');
    for (const page of pages.slice(g, g + opts.group)) {
      const a = await c.createAppender('raw');
      for (const r of page) {
        a.appendVarchar(r.key);
        if (opts.cols5) { a.appendVarchar('run-1'); a.appendTimestampTZ(ts); a.appendVarchar('GET /crm/customers'); }
        a.appendVarchar(JSON.stringify(r.payload));
        a.endRow();
      }
      a.flushSync(); a.closeSync();
      if (opts.ckpt) await c.run('INSERT OR REPLACE INTO checkpoints VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)', ['customers', 'customers', JSON.stringify({ done: false, page: g }), 'run-1', new Date().toISOString()]);
    }
    await c.run('COMMIT');
  }
  const ms = performance.now() - t;
  c.closeSync(); instance.closeSync();
  console.log(name, Math.round(ms));
}
for (let r = 0; r < 2; r++) {
  await run('2col', { cols5: false, ckpt: false, group: 1 });
  await run('2col-varchar', { cols5: false, ckpt: false, group: 1, json: false });
  await run('5col', { cols5: true, ckpt: false, group: 1 });
  await run('5col+ckpt', { cols5: true, ckpt: true, group: 1 });
  await run('5col+ckpt g4', { cols5: true, ckpt: true, group: 4 });
  await run('5col+ckpt g16', { cols5: true, ckpt: true, group: 16 });
  await run('5col+ckpt g100', { cols5: true, ckpt: true, group: 100 });
}
rmSync(dir, { recursive: true, force: true });
