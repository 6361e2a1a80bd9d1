import { expect } from 'chai';
import { authorsSource } from '../../../../pipeline/khoros/sources/authors.ts';
import { behavesLikeASource, collect, useSimulator } from './source-harness.ts';

describe('authorsSource (Care GET /api/v2/authors, full Persons)', () => {
  const ctx = useSimulator();
  behavesLikeASource(ctx, {
    family: 'authors', stream: 'authors',
    source: () => authorsSource(),
    expected: ({ dataset }) => dataset.khoros.authors!.map((a) => a.id),
    counts: (r) => r.family === 'care' && r.path === '/api/v2/authors',
    minimum: ({ dataset }) => Math.ceil(dataset.khoros.authors!.length / 10),
  });

  it('keeps deleted and merged persons, with their handles and properties', async () => {
    const records = (await collect(authorsSource(), ctx.clients())).flatMap((p) => p.records) as { deleted?: boolean; mergedIntoId?: string; handles: object; properties?: object }[];
    expect(records.filter((r) => r.deleted)).to.have.length(ctx.dataset.khoros.authors!.filter((a) => a.deleted).length).and.not.be.empty;
    expect(records.filter((r) => r.mergedIntoId)).to.not.be.empty;
    expect(records.every((r) => typeof r.handles === 'object')).to.equal(true);
  });

  it('checkpoints the offset of the next page', async () => {
    const pages = await collect(authorsSource(), ctx.clients());
    expect(pages.map((p) => p.checkpoint)).to.deep.equal([{ offset: 10, done: false }, { offset: 20, done: false }, { offset: 24, done: true }]);
  });
});
