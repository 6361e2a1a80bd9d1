import { expect } from 'chai';
import { SearchIndex } from '../../../simulators/intercom/search-index.ts';

/** How many versions the index holds for a record (what a long migration's memory follows). */
const versionsOf = (index: SearchIndex, id: string) => ((index as unknown as { versions: Map<string, unknown[]> }).versions.get(id) ?? []).length;

describe('Intercom simulator: search index versions', () => {
  it('keeps one version per record when search does not lag, however often it is written', () => {
    const index = new SearchIndex();
    for (let n = 0; n < 1000; n++) index.record('conv-1', { id: 'conv-1', n }, 100 + n, 0);
    expect(versionsOf(index, 'conv-1')).to.equal(1);
    expect(index.visible(1100, 0)).to.deep.equal([{ id: 'conv-1', n: 999 }]);
  });

  it('under a lag, keeps what the lag can still show: the newest version it shows now and the newer ones', () => {
    const index = new SearchIndex();
    for (let n = 0; n < 100; n++) index.record('c', { id: 'c', n }, 1000 + n, 10);
    expect(versionsOf(index, 'c')).to.equal(11); // written at 1089 (shown at 1099) and the ten after it
    expect(index.visible(1099, 10)).to.deep.equal([{ id: 'c', n: 89 }]);
    expect(index.visible(1109, 10)).to.deep.equal([{ id: 'c', n: 99 }]);
  });

  it('keeps every version when no lag is given (seed data, callers without a lag)', () => {
    const index = new SearchIndex();
    index.record('a', { id: 'a', v: 1 }, 100);
    index.record('a', { id: 'a', v: 2 }, 200);
    expect(versionsOf(index, 'a')).to.equal(2);
    expect(index.visible(150, 0)).to.deep.equal([{ id: 'a', v: 1 }]);
  });
});
