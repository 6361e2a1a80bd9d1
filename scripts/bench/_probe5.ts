import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBDataChunk, timestampTZValue, VARCHAR, TIMESTAMPTZ } from '@duckdb/node-api';
const total = 100_000, pageSize = 1000;
const rows = Array.from({ length: total }, (_, i) => ({
  key: `C${String(i).padStart(7, '0')}`,
  payload: { id: `C${String(i).padStart(7, '0')}`, email: `user${i}@example.com`, displayName: `User ${i}`, created: '2024-05-01T10:00:00Z', tier: i % 3 === 0 ? 'gold' : 'silver' },
}));
const pages = Array.from({ length: total / pageSize }, (_, p) => rows.slice(p * pageSize, (p + 1) * pageSize));
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
let n = 0;
async function run(name: string, mode: 'A' | 'B' | 'C' | 'bare') {
  const instance = await DuckDBInstance.create(join(dir, `${n++}.duckdb`));
  const c = await instance.connect();
  await c.run(`CREATE TABLE raw (key VARCHAR PRIMARY KEY, _run_id VARCHAR NOT NULL, _extracted_at TIMESTAMPTZ NOT NULL, _endpoint VARCHAR NOT NULL, payload JSON NOT NULL)`);
  const at = new Date();
  const ts = timestampTZValue(BigInt(at.getTime()) * 1000n);
  const iso = at.toISOString();
  const t = performance.now();
  for (const page of pages) {
    await c.run('BEGIN TRANSACTION');
    const a = await c.createAppender('raw');
    if (mode === 'C') {
      for (let off = 0; off < page.length; off += 2048) {
        const part = page.slice(off, off + 2048);
        const chunk = DuckDBDataChunk.create([VARCHAR, VARCHAR, TIMESTAMPTZ, VARCHAR, VARCHAR], part.length);
        chunk.setColumnValues(0, part.map((r) => r.key));
        chunk.setColumnValues(1, part.map(() => 'run-1'));
        chunk.setColumnValues(2, part.map(() => ts));
        chunk.setColumnValues(3, part.map(() => 'GET /crm/customers'));
        chunk.setColumnValues(4, part.map((r) => JSON.stringify(r.payload)));
        a.appendDataChunk(chunk);
      }
    } else {
      for (const r of page) {
        a.appendVarchar(r.key);
        if (mode !== 'bare') {
          a.appendVarchar('run-1');
          if (mode === 'A') a.appendTimestampTZ(ts); else a.appendVarchar(iso);
          a.appendVarchar('GET /crm/customers');
        } else { a.appendVarchar('run-1'); a.appendVarchar(iso); a.appendVarchar('GET /crm/customers'); }
        a.appendVarchar(JSON.stringify(r.payload));
        a.endRow();
      }
    }
    a.flushSync(); a.closeSync();
    await c.run('COMMIT');
  }
  const ms = performance.now() - t;
  const r = await c.runAndReadAll('SELECT count(*), min(_extracted_at)::VARCHAR FROM raw');
  c.closeSync(); instance.closeSync();
  console.log(name.padEnd(10), Math.round(ms), JSON.stringify(r.getRowsJS()[0], (_, v) => typeof v === 'bigint' ? Number(v) : v));
}
for (let r = 0; r < 3; r++) {
  await run('A tsValue', 'A');
  await run('B tsIso', 'B');
  await run('C chunk', 'C');
}
rmSync(dir, { recursive: true, force: true });
