import { expect } from 'chai';
import { casesSource } from '../../../../pipeline/khoros/sources/cases.ts';
import { behavesLikeASource, collect, useSimulator } from './source-harness.ts';

describe('casesSource (CRM GET /cases, interactions inline)', () => {
  const ctx = useSimulator();
  behavesLikeASource(ctx, {
    family: 'cases', stream: 'cases',
    source: () => casesSource(),
    paged: () => casesSource({ pageSizes: { cases: 8 } }),
    expected: ({ dataset }) => dataset.khoros.cases.map((c) => c.id),
    counts: (r) => r.family === 'crm' && r.path === '/cases',
    minimum: ({ dataset }) => Math.ceil(dataset.khoros.cases.length / 100),
  });

  it('carries every interaction, with attachment links', async () => {
    const pages = await collect(casesSource(), ctx.clients());
    const records = pages.flatMap((p) => p.records) as { id: string; interactions: { attachments?: { url?: string }[] }[] }[];
    const interactions = records.reduce((n, c) => n + c.interactions.length, 0);
    expect(interactions).to.equal(ctx.dataset.khoros.cases.reduce((n, c) => n + c.interactions.length, 0));
    const attachments = records.flatMap((c) => c.interactions.flatMap((i) => i.attachments ?? []));
    expect(attachments).to.not.be.empty;
    expect(attachments.every((a) => typeof a.url === 'string')).to.equal(true);
  });

  it('passes updatedSince to the API and keeps only the cases changed since', async () => {
    const since = '2025-01-01T00:00:00.000Z';
    ctx.sim().requests.clear();
    const pages = await collect(casesSource({ updatedSince: since }), ctx.clients());
    const changed = ctx.dataset.khoros.cases.filter((c) => Date.parse(c.lastUpdated ?? c.created ?? '') >= Date.parse(since)).map((c) => c.id);
    expect(pages.flatMap((p) => p.records.map((r) => (r as { id: string }).id)).sort()).to.deep.equal(changed.sort());
    expect(ctx.sim().requests.list('crm')[0].query).to.equal(`?limit=100&updatedSince=${encodeURIComponent(since)}`);
  });

  it('refuses a bad updatedSince when the source is built', () => {
    expect(() => casesSource({ updatedSince: 'yesterday' })).to.throw(/updatedSince/);
  });
});
