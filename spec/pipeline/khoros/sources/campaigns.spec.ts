import { expect } from 'chai';
import { campaignsSource } from '../../../../pipeline/khoros/sources/campaigns.ts';
import { behavesLikeASource, collect, useSimulator, type SimContext } from './source-harness.ts';

const company = (ctx: SimContext) => ({ environment: ctx.sim().settings.environment, companyId: ctx.sim().settings.companyId });

describe('campaignsSource (Marketing plans per initiative)', () => {
  const ctx = useSimulator();
  const initiatives = () => ctx.dataset.khoros.initiatives!;

  describe('listing the initiatives itself', () => {
    behavesLikeASource(ctx, {
      family: 'campaigns', stream: 'campaigns',
      source: () => campaignsSource(company(ctx)),
      paged: () => campaignsSource({ ...company(ctx), pageSizes: { marketing: 1 } }),
      expected: ({ dataset }) => dataset.khoros.campaigns!.map((p) => p.id),
      counts: (r) => r.family === 'marketing',
      // One plan page per initiative, plus one page of initiatives.
      minimum: () => initiatives().length + 1,
    });
  });

  describe('given the initiative ids', () => {
    behavesLikeASource(ctx, {
      family: 'campaigns', stream: 'campaigns',
      source: () => campaignsSource({ ...company(ctx), initiativeIds: initiatives().map((i) => i.id) }),
      expected: ({ dataset }) => dataset.khoros.campaigns!.map((p) => p.id),
      counts: (r) => r.family === 'marketing',
      minimum: () => initiatives().length,
    });
  });

  it('adds the initiative id the path carried to each plan', async () => {
    const records = (await collect(campaignsSource(company(ctx)), ctx.clients())).flatMap((p) => p.records) as { id: string; initiativeId: string }[];
    const byId = new Map(ctx.dataset.khoros.campaigns!.map((p) => [p.id, p.initiativeId]));
    expect(records.every((r) => r.initiativeId === byId.get(r.id))).to.equal(true);
  });

  it('checkpoints the initiatives still to read', async () => {
    const pages = await collect(campaignsSource(company(ctx)), ctx.clients());
    const ids = initiatives().map((i) => i.id);
    expect(pages[0].records).to.deep.equal([]);
    expect(pages[0].checkpoint).to.deep.equal({ listPage: null, pending: ids, planPage: 0, done: false });
    expect(pages[1].checkpoint).to.deep.equal({ listPage: null, pending: ids.slice(1), planPage: 0, done: false });
    expect(pages.at(-1)!.checkpoint).to.deep.equal({ listPage: null, pending: [], planPage: 0, done: true });
  });
});
