import { expect } from 'chai';
import { collectGarbage } from '../../../pipeline/workspace/collect-garbage.ts';

describe('collectGarbage (between stages)', () => {
  it('collects an object nothing refers to any more, at once', async () => {
    let big: { rows: string[] } | null = { rows: Array.from({ length: 100_000 }, (_, i) => `row ${i}`) };
    const ref = new WeakRef(big);
    big = null;
    // A WeakRef's target lives at least until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    expect(ref.deref(), 'still there before').to.not.equal(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(ref.deref()).to.equal(undefined);
  });

  it('gives the freed heap back: heapUsed falls by what was dropped', () => {
    let rows: object[] | null = Array.from({ length: 500_000 }, (_, i) => ({ i, text: `garbage ${i}` }));
    collectGarbage();
    const held = process.memoryUsage().heapUsed;
    rows = null;
    collectGarbage();
    expect(rows).to.equal(null);
    expect(held - process.memoryUsage().heapUsed).to.be.greaterThan(20_000_000);
  });
});
