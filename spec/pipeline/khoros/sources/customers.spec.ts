import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { customersSource } from '../../../../pipeline/khoros/sources/customers.ts';
import { PaginationError } from '../../../../pipeline/khoros/sources/pagination-error.ts';
import { behavesLikeASource, collect, stubJson, useSimulator } from './source-harness.ts';

describe('customersSource (CRM GET /customers, cursor pages)', () => {
  const ctx = useSimulator();
  behavesLikeASource(ctx, {
    family: 'customers', stream: 'customers',
    source: () => customersSource(),
    paged: () => customersSource({ pageSizes: { customers: 7 } }),
    expected: ({ dataset }) => dataset.khoros.customers.map((c) => c.id),
    counts: (r) => r.family === 'crm' && r.path === '/customers',
    minimum: ({ dataset }) => Math.ceil(dataset.khoros.customers.length / 1000),
  });

  it('asks for the largest page and checkpoints the next cursor', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(customersSource({ pageSizes: { customers: 7 } }), ctx.clients());
    expect(pages.map((p) => p.records.length)).to.deep.equal([7, 7, 6]);
    expect(pages[0].checkpoint).to.have.keys('cursor', 'done');
    expect(pages[2].checkpoint).to.deep.equal({ cursor: null, done: true });
    expect(pages[0].endpoint).to.equal('GET /crm/customers?limit=7');
    ctx.sim().requests.clear();
    await collect(customersSource(), ctx.clients());
    expect(ctx.sim().requests.list('crm')[0].query).to.equal('?limit=1000');
  });

  it('stops with a PaginationError when the API hands back the cursor it was given', async () => {
    const stuck = stubJson(ctx.clients(), 'crm', async () => ({ customers: [{ id: 'C1' }], nextCursor: 'same' }));
    const error = await lastValueFrom(customersSource()(stuck, new Map([['customers', { cursor: 'same', done: false }]])).pipe(toArray())).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PaginationError);
  });

  it('stops with a PaginationError at the page cap', async () => {
    let n = 0;
    const endless = stubJson(ctx.clients(), 'crm', async () => ({ customers: [{ id: `C${n}` }], nextCursor: `c${n++}` }));
    const error = await lastValueFrom(customersSource({ maxPages: 5 })(endless, new Map()).pipe(toArray())).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PaginationError);
    expect(n, 'requests').to.equal(5);
  });
});
