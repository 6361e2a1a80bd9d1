import { expect } from 'chai';
import { searchUntilSettled } from '../../../pipeline/import/search-until-settled.ts';

/** A fake clock: sleeping moves it on. */
function clock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms: number) => { slept.push(ms); now += ms; }, slept };
}

describe('searchUntilSettled', () => {
  it('answers a hit at once', async () => {
    const c = clock();
    let asked = 0;
    const found = await searchUntilSettled(async () => { asked += 1; return 'id-1'; }, { sentAt: c.now(), lagMs: 60_000, ...c });
    expect(found).to.equal('id-1');
    expect(asked).to.equal(1);
    expect(c.slept).to.deep.equal([]);
  });

  it('keeps asking while the index may lag, and answers the write once it is indexed', async () => {
    const c = clock();
    const sentAt = c.now();
    const indexedAt = sentAt + 5_000;
    const found = await searchUntilSettled(async () => (c.now() >= indexedAt ? 'id-2' : undefined), { sentAt, lagMs: 60_000, ...c });
    expect(found).to.equal('id-2');
    expect(c.slept).to.deep.equal([1_000, 2_000, 4_000]);
  });

  it('trusts a miss only from a search asked after the lag window, never sleeping past it', async () => {
    const c = clock();
    const sentAt = c.now();
    const asks: number[] = [];
    const found = await searchUntilSettled(async () => { asks.push(c.now() - sentAt); return undefined; }, { sentAt, lagMs: 10_000, ...c });
    expect(found).to.equal(undefined);
    expect(asks).to.deep.equal([0, 1_000, 3_000, 7_000, 10_000]);
    expect(asks.at(-1)).to.be.at.least(10_000);
  });

  it('a write sent long ago (a ledger intent of an earlier run) is settled by one search', async () => {
    const c = clock();
    let asked = 0;
    const found = await searchUntilSettled(async () => { asked += 1; return undefined; }, { sentAt: c.now() - 3_600_000, lagMs: 180_000, ...c });
    expect(found).to.equal(undefined);
    expect(asked).to.equal(1);
  });
});
