import { expect } from 'chai';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { EarlierPageFailedError } from '../../../pipeline/workspace/page-writer.ts';
import type { Workspace, WorkspacePage } from '../../../pipeline/workspace/workspace.ts';
import { rejects } from './rejects.ts';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

function page(stream: string, n: number, overrides: Partial<WorkspacePage> = {}): WorkspacePage {
  const rows = Array.from({ length: 3 }, (_, i) => ({ key: `${stream}-${n * 3 + i}`, payload: { stream, n } }));
  return { family: 'customers', stream, endpoint: `GET /x?page=${n}`, rows, quarantined: [], checkpoint: { done: false, page: n }, ...overrides };
}

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { id: 'bad' };
  value.self = value;
  return value;
}

describe('workspace group commit', () => {
  let ws: Workspace;
  let tick: number;
  beforeEach(async () => {
    tick = 0;
    // Every stamp is a new second, so rows written in one transaction share theirs.
    ws = await openWorkspace(':memory:', { runId: 'run-1', now: () => new Date(T0 + 1000 * tick++) });
  });
  afterEach(() => ws.close());

  const stampsByStream = async () => ws.query<{ stream: string; stamps: number }>(
    "SELECT payload->>'stream' AS stream, count(DISTINCT _extracted_at) AS stamps FROM raw_customers GROUP BY ALL ORDER BY stream");
  const distinctStamps = async () => (await ws.query<{ n: number }>('SELECT count(DISTINCT _extracted_at) AS n FROM raw_customers'))[0].n;

  it('commits pages queued together in one transaction, with the checkpoint of every stream', async () => {
    await ws.writePage(page('a', 0));
    // Queued in one go: the queue starts its task on a later tick, so all five join it.
    await Promise.all([ws.writePage(page('a', 1)), ws.writePage(page('b', 0)), ws.writePage(page('b', 1)), ws.writePage(page('c', 0)), ws.writePage(page('a', 2))]);
    expect(await distinctStamps()).to.equal(2);
    expect((await ws.query<{ n: number }>('SELECT count(*) AS n FROM raw_customers'))[0].n).to.equal(18);
    expect(Object.fromEntries(await ws.checkpoints())).to.deep.equal({
      a: { done: false, page: 2 }, b: { done: false, page: 1 }, c: { done: false, page: 0 },
    });
    const [row] = await ws.query('SELECT stream, updated_at FROM checkpoints WHERE stream = \'b\'');
    const [stamped] = await ws.query("SELECT DISTINCT _extracted_at FROM raw_customers WHERE payload->>'stream' = 'b'");
    expect(row.updated_at).to.deep.equal(stamped._extracted_at);
  });

  it('writes one transaction per page with groupMaxPages 1', async () => {
    await ws.close();
    ws = await openWorkspace(':memory:', { runId: 'run-1', now: () => new Date(T0 + 1000 * tick++), groupMaxPages: 1 });
    await Promise.all([ws.writePage(page('a', 0)), ws.writePage(page('a', 1)), ws.writePage(page('b', 0))]);
    expect(await distinctStamps()).to.equal(3);
  });

  it('never writes a page before a call made ahead of it', async () => {
    const first = ws.writePage(page('a', 0));
    const seen = ws.checkpoints();
    const later = ws.writePage(page('b', 0));
    await Promise.all([first, later]);
    expect([...(await seen).keys()]).to.deep.equal(['a']);
    expect([...(await ws.checkpoints()).keys()]).to.deep.equal(['a', 'b']);
  });

  it('falls back to one page per transaction when the group fails, so only the bad page fails', async () => {
    await ws.writePage(page('warmup', 0));
    const bad = page('b', 0);
    const writes = [ws.writePage(page('a', 0)), ws.writePage({ ...bad, rows: [...bad.rows, { key: 'b-bad', payload: cyclic() }] }), ws.writePage(page('c', 0))];
    const [a, b, c] = await Promise.allSettled(writes);
    expect([a.status, b.status, c.status]).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((b as PromiseRejectedResult).reason).to.be.instanceOf(TypeError);
    expect(await stampsByStream()).to.deep.equal([{ stream: 'a', stamps: 1 }, { stream: 'c', stamps: 1 }, { stream: 'warmup', stamps: 1 }]);
    expect([...(await ws.checkpoints()).keys()]).to.deep.equal(['a', 'c', 'warmup']);
  });

  it('replaces known keys when a grouped page meets them, one row per key', async () => {
    await ws.writePage(page('a', 0));
    const again = page('a', 0, { rows: page('a', 0).rows.map((r) => ({ ...r, payload: { stream: 'a', n: 'again' } })) });
    await Promise.all([ws.writePage(page('warmup', 0)), ws.writePage(page('b', 0)), ws.writePage(again), ws.writePage(page('c', 0))]);
    const rows = await ws.query<{ n: string; rows: number; keys: number }>(
      "SELECT payload->>'n' AS n, count(*) AS rows, count(DISTINCT key) AS keys FROM raw_customers WHERE payload->>'stream' = 'a' GROUP BY ALL");
    expect(rows).to.deep.equal([{ n: 'again', rows: 3, keys: 3 }]);
    expect([...(await ws.checkpoints()).keys()]).to.deep.equal(['a', 'b', 'c', 'warmup']);
  });

  it('refuses the pages of a stream queued behind its failed page, and accepts them once queued again', async () => {
    await ws.writePage(page('warmup', 0));
    const bad = page('a', 0, { rows: [{ key: 'a-0', payload: cyclic() }] });
    // Pages 0 and 1 of a share a group; page 2 of a goes in a later group, queued behind a read.
    const writes = [ws.writePage(bad), ws.writePage(page('a', 1)), ws.writePage(page('b', 0))];
    const read = ws.checkpoints();
    writes.push(ws.writePage(page('a', 2)));
    const [zero, one, b, two] = await Promise.allSettled(writes);
    await read;
    expect((zero as PromiseRejectedResult).reason).to.be.instanceOf(TypeError);
    expect((one as PromiseRejectedResult).reason).to.be.instanceOf(EarlierPageFailedError);
    expect(b.status).to.equal('fulfilled');
    expect((two as PromiseRejectedResult).reason).to.be.instanceOf(EarlierPageFailedError);
    expect((await ws.checkpoints()).has('a')).to.equal(false);
    // The caller saw the failure and resumes the stream from its checkpoint: accepted.
    await ws.writePage(page('a', 0));
    await ws.writePage(page('a', 1));
    expect((await ws.checkpoints()).get('a')).to.deep.equal({ done: false, page: 1 });
  });

  it('refuses the pages of a stream queued behind one refused before writing (bad checkpoint)', async () => {
    await ws.writePage(page('warmup', 0));
    const writes = [ws.writePage(page('a', 0, { checkpoint: {} as never })), ws.writePage(page('a', 1)), ws.writePage(page('b', 0))];
    const [zero, one, b] = await Promise.allSettled(writes);
    await rejects(Promise.reject((zero as PromiseRejectedResult).reason), TypeError, 'boolean "done"');
    expect((one as PromiseRejectedResult).reason).to.be.instanceOf(EarlierPageFailedError);
    expect(b.status).to.equal('fulfilled');
    expect([...(await ws.checkpoints()).keys()]).to.deep.equal(['b', 'warmup']);
  });
});
