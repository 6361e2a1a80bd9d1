import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { kbCrmFixture } from './fixture-kb-crm.ts';

describe('Khoros simulator: Marketing initiatives and plans', () => {
  let sim: KhorosSimulator;
  const company = '/app/v1/company/1001';

  before(async () => {
    sim = await startKhorosSimulator({ dataset: kbCrmFixture(), quotaScale: 1000 });
  });
  after(() => sim.close());

  async function call(url: string, token = sim.settings.marketingToken) {
    const res = await got(url, { headers: { authorization: `Bearer ${token}` }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'json' });
    return { status: res.statusCode, body: res.body as any };
  }

  /** Follows `pagination.next` from the first page to the end. */
  async function all(first: string) {
    const items: { id: string }[] = [];
    const pages: any[] = [];
    for (let url: string | null = first; url && pages.length < 20;) {
      const { status, body } = await call(url);
      expect(status).to.equal(200);
      expect(body.status).to.deep.equal({ succeeded: true });
      pages.push(body.pagination);
      items.push(...body.data);
      url = body.pagination.next;
    }
    return { items, pages };
  }

  it('pages initiatives by 0-based pageNumber to the end, none missed or repeated', async () => {
    const { items, pages } = await all(`${sim.urls.marketing}${company}/initiative?pageNumber=0&pageSize=2`);
    expect(items).to.deep.equal([
      { id: '11', name: 'Customer Care', description: 'Care team' },
      { id: '12', name: 'Social Care' },
      { id: '13', name: 'Launch 2025', description: 'Marketing launch' },
    ]);
    expect(pages.map((p) => p.totalItems)).to.deep.equal([3, 3]);
    expect(pages[0].previous).to.equal(null);
    expect(pages[1].next).to.equal(null);
    expect(pages[1].previous).to.equal(`${sim.urls.marketing}${company}/initiative?pageNumber=0&pageSize=2`);
  });

  it('pages the plans of one initiative without its initiativeId, and filters by name', async () => {
    const { items, pages } = await all(`${sim.urls.marketing}${company}/initiative/11/plan?pageSize=2`);
    expect(items.map((p) => p.id)).to.deep.equal(['p-1', 'p-2', 'p-3']);
    expect(items[0]).to.deep.equal({ id: 'p-1', campaignId: '900', name: 'Spring care push' });
    expect(pages[0].totalItems).to.equal(3);
    const filtered = await call(`${sim.urls.marketing}${company}/initiative/11/plan?nameFilter=SUMMER`);
    expect(filtered.body.data.map((p: { id: string }) => p.id)).to.deep.equal(['p-2']);
    const one = await call(`${sim.urls.marketing}${company}/initiative/13`);
    expect(one.body).to.deep.equal({ data: { id: '13', name: 'Launch 2025', description: 'Marketing launch' }, status: { succeeded: true } });
  });

  it('answers an unknown company, environment or initiative with 404 NOT_FOUND', async () => {
    for (const path of ['/app/v1/company/999/initiative', '/qa/v1/company/1001/initiative', `${company}/initiative/77/plan`]) {
      const { status, body } = await call(`${sim.urls.marketing}${path}`);
      expect(status, path).to.equal(404);
      expect(body.status.succeeded).to.equal(false);
      expect(body.status.error.code).to.equal('NOT_FOUND');
    }
  });

  it('refuses a bad page size with VALIDATION_ERROR and a bad token with 401 UNAUTHENTICATED', async () => {
    const bad = await call(`${sim.urls.marketing}${company}/initiative?pageSize=0`);
    expect(bad.status).to.equal(400);
    expect(bad.body.status.error.code).to.equal('VALIDATION_ERROR');
    const denied = await call(`${sim.urls.marketing}${company}/initiative`, 'wrong-token');
    expect(denied.status).to.equal(401);
    expect(denied.body).to.have.nested.property('status.succeeded', false);
    expect(denied.body.status.error.code).to.equal('UNAUTHENTICATED');
  });
});
