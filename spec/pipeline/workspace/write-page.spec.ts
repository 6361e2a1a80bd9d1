import { expect } from 'chai';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { InvalidFamilyError } from '../../../pipeline/workspace/raw-table.ts';
import { rejects } from './rejects.ts';
import type { Workspace, WorkspacePage } from '../../../pipeline/workspace/workspace.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');

function page(n: number, overrides: Partial<WorkspacePage> = {}): WorkspacePage {
  const rows = Array.from({ length: 5 }, (_, i) => ({ key: `C${n * 5 + i}`, payload: { id: `C${n * 5 + i}`, n } }));
  return { family: 'customers', stream: 'customers', endpoint: `GET /crm/customers?page=${n}`, rows, quarantined: [], checkpoint: { done: false, page: n }, ...overrides };
}

describe('workspace writePage', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace(':memory:', { runId: 'run-1', now: () => T0 });
  });
  afterEach(() => ws.close());

  const count = async (sql: string) => (await ws.query<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`))[0].n;

  it('commits the rows, stamped with the run, together with the checkpoint', async () => {
    await ws.writePage(page(0));
    const rows = await ws.query('SELECT key, _run_id, _extracted_at, _endpoint, payload FROM raw_customers ORDER BY key');
    expect(rows).to.have.length(5);
    expect(rows[0]).to.deep.equal({ key: 'C0', _run_id: 'run-1', _extracted_at: T0, _endpoint: 'GET /crm/customers?page=0', payload: { id: 'C0', n: 0 } });
    expect(await ws.checkpoints()).to.deep.equal(new Map([['customers', { done: false, page: 0 }]]));
    expect(await ws.query('SELECT stream, family, run_id, updated_at FROM checkpoints')).to.deep.equal([
      { stream: 'customers', family: 'customers', run_id: 'run-1', updated_at: T0 },
    ]);
  });

  it('rolls back the rows, the quarantine and the checkpoint when a payload cannot be serialised mid-page', async () => {
    await ws.writePage(page(0));
    const cyclic: Record<string, unknown> = { id: 'C7' };
    cyclic.self = cyclic;
    const bad = page(1, { quarantined: [{ key: 'Q1', reason: '/ bad', payload: {} }] });
    const rows = [...bad.rows];
    rows[2] = { key: 'C7', payload: cyclic };
    const failing = ws.writePage({ ...bad, rows });
    await rejects(failing, TypeError, 'payload of C7 is not JSON-serialisable');
    expect(await count('raw_customers')).to.equal(5);
    expect(await count('quarantine')).to.equal(0);
    expect((await ws.checkpoints()).get('customers')).to.deep.equal({ done: false, page: 0 });
  });

  it('rolls back rows and quarantine when the checkpoint itself fails, also when replacing known keys', async () => {
    await ws.writePage(page(0));
    const changed = page(0, { rows: page(0).rows.map((r) => ({ ...r, payload: { changed: true } })), quarantined: [{ key: null, reason: '/ x', payload: 1 }] });
    await rejects(ws.writePage({ ...changed, checkpoint: { done: false, big: 1n } }), TypeError, 'checkpoint of stream customers');
    expect(await ws.query('SELECT DISTINCT payload->>\'n\' AS n FROM raw_customers')).to.deep.equal([{ n: '0' }]);
    expect(await count('quarantine')).to.equal(0);
    expect((await ws.checkpoints()).get('customers')).to.deep.equal({ done: false, page: 0 });
  });

  it('keeps one row per key when a page is written twice, with the newer payload and stamps', async () => {
    await ws.writePage(page(0));
    const again = page(0, { rows: page(0).rows.map((r) => ({ key: r.key, payload: { id: r.key, n: 'again' } })), endpoint: 'GET /crm/customers?since=x' });
    await ws.writePage(again);
    await ws.writePage(page(1));
    expect(await count('raw_customers')).to.equal(10);
    const [first] = await ws.query<{ payload: unknown; _endpoint: string }>("SELECT payload, _endpoint FROM raw_customers WHERE key = 'C0'");
    expect(first).to.deep.equal({ payload: { id: 'C0', n: 'again' }, _endpoint: 'GET /crm/customers?since=x' });
  });

  it('keeps the last of two rows with the same key in one page', async () => {
    await ws.writePage(page(0, { rows: [{ key: 'K', payload: { v: 1 } }, { key: 'L', payload: {} }, { key: 'K', payload: { v: 2 } }] }));
    expect(await ws.query('SELECT key, payload FROM raw_customers ORDER BY key')).to.deep.equal([{ key: 'K', payload: { v: 2 } }, { key: 'L', payload: {} }]);
  });

  it('counts a quarantined record once when its page is fetched again, with or without a key', async () => {
    const quarantined = [
      { key: 'C9', reason: "/ must have required property 'email'", payload: { id: 'C9' } },
      { key: null, reason: '/ must be object', payload: 'not an object' },
    ];
    await ws.writePage(page(0, { quarantined }));
    await ws.writePage(page(0, { quarantined }));
    await ws.writePage(page(0, { quarantined: [{ ...quarantined[0], reason: '/email must match format "email"' }] }));
    const rows = await ws.query('SELECT family, key, reason, payload, endpoint, run_id FROM quarantine ORDER BY reason');
    expect(rows).to.deep.equal([
      { family: 'customers', key: null, reason: '/ must be object', payload: 'not an object', endpoint: 'GET /crm/customers?page=0', run_id: 'run-1' },
      { family: 'customers', key: 'C9', reason: "/ must have required property 'email'", payload: { id: 'C9' }, endpoint: 'GET /crm/customers?page=0', run_id: 'run-1' },
      { family: 'customers', key: 'C9', reason: '/email must match format "email"', payload: { id: 'C9' }, endpoint: 'GET /crm/customers?page=0', run_id: 'run-1' },
    ]);
  });

  it('serialises concurrent pages from several streams, and one failure does not poison the others', async () => {
    const streams = ['a', 'b', 'c'];
    const writes = streams.flatMap((s, k) =>
      Array.from({ length: 10 }, (_, n) => ws.writePage({
        family: `fam_${s}`, stream: `stream_${s}`, endpoint: 'GET /x', quarantined: [], checkpoint: { done: n === 9, page: n },
        rows: Array.from({ length: 50 }, (_, i) => ({ key: `${s}${n * 50 + i}`, payload: { k } })),
      })));
    const poisoned = ws.writePage(page(0, { checkpoint: { done: 'no' } as never }));
    const results = await Promise.allSettled([...writes, poisoned]);
    expect(results.filter((r) => r.status === 'rejected')).to.have.length(1);
    for (const s of streams) expect(await count(`raw_fam_${s}`)).to.equal(500);
    expect([...(await ws.checkpoints()).entries()]).to.deep.equal(streams.map((s) => [`stream_${s}`, { done: true, page: 9 }]));
  });

  it('refuses a family name that is not a plain identifier and writes nothing', async () => {
    const before = await ws.query('SELECT table_name FROM duckdb_tables() ORDER BY 1');
    for (const family of ['customers; DROP TABLE runs; --', 'Customers', 'raw-x', '', '1cases', 'a'.repeat(64)]) {
      await rejects(ws.writePage(page(0, { family })), InvalidFamilyError);
    }
    expect(await ws.query('SELECT table_name FROM duckdb_tables() ORDER BY 1')).to.deep.equal(before);
    expect(await count('checkpoints')).to.equal(0);
  });

  it('refuses rows without a string key and checkpoints without done', async () => {
    await rejects(ws.writePage(page(0, { rows: [{ key: '', payload: {} }] })), TypeError, 'no string key');
    await rejects(ws.writePage(page(0, { checkpoint: {} as never })), TypeError, 'boolean "done"');
    expect(await count('raw_customers')).to.equal(0);
  });
});
