import { expect } from 'chai';
import { readFamilyState } from '../../../pipeline/discover/read-family-state.ts';
import { readObjects } from '../../../pipeline/discover/read-objects.ts';
import { readQuality } from '../../../pipeline/discover/read-quality.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

describe('discover readers over a workspace', () => {
  let ws: Workspace;

  beforeEach(async () => {
    ws = await openWorkspace(':memory:');
  });
  afterEach(async () => {
    await ws.close();
  });

  const page = (family: string, stream: string, keys: string[], done: boolean, quarantined: { key: string; reason: string }[] = []) => ws.writePage({
    family, stream, endpoint: `GET /${family}`, rows: keys.map((key) => ({ key, payload: { id: key } })),
    quarantined: quarantined.map((q) => ({ ...q, payload: { id: q.key } })), checkpoint: { done, cursor: done ? null : 'next' },
  });

  it('tells exported, partial and not exported families apart, with staged and quarantined counts', async () => {
    await page('customers', 'customers', ['C1', 'C2'], true);
    await page('cases', 'cases', ['00000001'], false, [{ key: 'bad', reason: '/created must match format "date-time"' }]);
    const state = await readFamilyState(ws);
    expect(['customers', 'cases', 'authors', 'brands'].map((f) => state.status(f))).to.deep.equal(['exported', 'partial', 'not exported yet', 'not exported yet']);
    expect([state.staged('customers'), state.staged('cases'), state.staged('brands')]).to.deep.equal([2, 1, 0]);
    expect([state.quarantined('cases'), state.quarantined('customers')]).to.deep.equal([1, 0]);
    expect([state.hasTable('customers'), state.hasTable('brands')]).to.deep.equal([true, false]);
    expect([state.combined(['customers', 'cases']), state.combined(['customers']), state.combined(['authors', 'brands'])]).to.deep.equal(['partial', 'exported', 'not exported yet']);
  });

  it('counts a partial family so far and leaves one not exported without a count', async () => {
    await page('cases', 'cases', ['00000001', '00000002'], false);
    const objects = await readObjects(ws, await readFamilyState(ws));
    const of = (name: string) => objects.find((o) => o.object === name)!;
    expect(of('cases')).to.include({ status: 'partial', count: 2 });
    expect(of('interactions')).to.include({ status: 'partial', count: 0 });
    expect(of('customers')).to.include({ status: 'not exported yet', count: null });
    expect(of('brands')).to.include({ status: 'not exported yet', count: null });
  });

  it('sums quarantine per family and reason kind, collisions, stored and refused files', async () => {
    await page('cases', 'cases', [], true, [
      { key: 'X1', reason: '/interactions/3/created must match format "date-time"' },
      { key: 'X2', reason: '/interactions/7/created must match format "date-time"' },
      { key: 'X3', reason: '/id must be string' },
    ]);
    await ws.recordCaseIdCollision({ reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'], canonical: ['L-4711', 'N-4711'] });
    await ws.recordRefusedDownload({ url: 'http://x/a.bin', owner: { family: 'cases', key: 'C1' }, reason: 'declared size 31457280 bytes is over the cap of 26214400' });
    await ws.recordRefusedDownload({ url: 'http://x/b.bin', owner: { family: 'cases', key: 'C1' }, reason: 'declared size 41457280 bytes is over the cap of 26214400' });
    await ws.recordFile({ sha256: 'ab'.repeat(32), size: 3, contentType: 'text/plain', sourceUrl: 'http://x/c.txt', owner: { family: 'cases', key: 'C1' }, fileName: 'c.txt', path: 'ab/c' });
    const q = await readQuality(ws);
    expect(q.quarantined).to.equal(3);
    expect(q.quarantine).to.deep.equal([
      { family: 'cases', reasonKind: '/interactions/*/created must match format "date-time"', records: 2 },
      { family: 'cases', reasonKind: '/id must be string', records: 1 },
    ]);
    expect(q.caseIdCollisions).to.deep.equal([{ naiveKey: '4711', ids: ['00004711', 'CASE-004711'], canonicalIds: ['L-4711', 'N-4711'], reasons: ['same-naive-key'] }]);
    expect(q.refusedDownloads).to.equal(2);
    expect(q.refusedByReason).to.deep.equal([{ reason: 'declared size N bytes is over the cap of N', files: 2 }]);
    expect(q.filesStored).to.equal(1);
  });
});
