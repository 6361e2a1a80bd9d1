import { expect } from 'chai';
import got, { type Method } from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { kbCrmFixture } from './fixture-kb-crm.ts';

describe('Khoros simulator: CRM-spec customers and cases', () => {
  let sim: KhorosSimulator;
  const dataset = kbCrmFixture();

  before(async () => {
    // Small maxima so that clamping shows on the fixture.
    sim = await startKhorosSimulator({ dataset: kbCrmFixture(), quotaScale: 1000, pageSizes: { customers: 3, cases: 2 } });
  });
  after(() => sim.close());

  async function crm(path: string, options: { method?: Method; json?: unknown; password?: string } = {}) {
    const auth = Buffer.from(`${sim.settings.username}:${options.password ?? sim.settings.password}`).toString('base64');
    const res = await got(`${sim.urls.crm}${path}`, {
      method: options.method ?? 'GET', json: options.json, headers: { authorization: `Basic ${auth}` },
      throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text',
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  }

  /** Follows `nextCursor` to the end. */
  async function all(path: string, key: 'customers' | 'cases') {
    const items: any[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const sep = path.includes('?') ? '&' : '?';
      const { status, body } = await crm(cursor ? `${path}${sep}cursor=${cursor}` : path);
      expect(status).to.equal(200);
      items.push(...body[key]);
      cursor = body.nextCursor;
      if (cursor === null) break;
    }
    expect(cursor).to.equal(null);
    return items;
  }

  it('declares the custom fields of customers and cases, and 404s other meta types', async () => {
    const customer = await crm('/meta/object/customer');
    expect(customer.body.name).to.equal('customer');
    expect(customer.body.fields[0]).to.deep.equal({ name: 'loyaltyTier', label: 'Loyalty tier', type: 'single_sel_list', searchable: true, listValues: [{ name: 'Gold', value: 'gold' }, { name: 'Silver', value: 'silver' }] });
    expect(customer.body.fields[2]).to.deep.equal({ name: 'notes', label: 'Notes', type: 'textarea', searchable: false, listValues: [] });
    expect((await crm('/meta/object/case')).body).to.deep.equal({ name: 'case', fields: [{ name: 'productLine', label: 'Product line', type: 'text', searchable: false, listValues: [] }] });
    expect(await crm('/meta/object/ticket')).to.deep.equal({ status: 404, body: { error: 'not_found', message: 'meta type not supported' } });
  });

  it('pages every customer to the end with custom fields at the top level, none missed or repeated', async () => {
    const customers = await all('/customers?limit=2', 'customers');
    expect(customers.map((c) => c.id)).to.deep.equal(dataset.khoros.customers.map((c) => c.id));
    expect(customers[0]).to.include({ email: 'ana@example.com', loyaltyTier: 'gold', accountNumber: 'A-100', url: `${sim.urls.crm}/customer/cust-1` });
    expect(customers[4].url).to.equal('https://crm.acme.test/c/5');
  });

  it('pages every case with its interactions in stored order and attachment links', async () => {
    const cases = await all('/cases?limit=2', 'cases');
    expect(cases.map((c) => c.id)).to.deep.equal(dataset.khoros.cases.map((c) => c.id));
    expect(cases[0].interactions.map((i: { id: string }) => i.id)).to.deep.equal(['i-2', 'i-1']);
    expect(cases[0]).to.include({ productLine: 'widgets', url: `${sim.urls.crm}/case/00012345` });
    expect(cases[0].interactions[1].attachments[0]).to.deep.equal({
      id: 'att-png', fileName: 'Screen shot 1.png', contentType: 'image/png', size: 2048,
      url: `${sim.url}/files/attachments/att-png/Screen%20shot%201.png`,
    });
    expect(cases[2].interactions[0].attachments[1]).to.not.have.property('contentBase64');
  });

  it('filters cases by updatedSince (lastUpdated at or after it) across pages', async () => {
    const cases = await all('/cases?limit=1&updatedSince=2025-03-02T09:00:00Z', 'cases');
    expect(cases.map((c) => c.id)).to.deep.equal(['CASE-2025-000123', '00012347', '00012348']);
    expect((await crm('/cases?updatedSince=yesterday')).status).to.equal(400);
  });

  it('clamps a limit above the maximum, and refuses a bad limit or cursor with 400', async () => {
    expect((await crm('/customers?limit=1000')).body.customers).to.have.length(3);
    expect((await crm('/cases')).body.cases).to.have.length(2);
    for (const path of ['/customers?limit=0', '/customers?limit=two', '/customers?cursor=bm9wZQ', '/cases?cursor=!!']) {
      const { status, body } = await crm(path);
      expect(status, path).to.equal(400);
      expect(body.error).to.equal('bad_request');
    }
  });

  it('reads one customer, its cases and one case; unknown ids are 404 {error, message}', async () => {
    expect((await crm('/customer/cust-2')).body).to.include({ id: 'cust-2', displayName: 'Ben Ode' });
    const cases = await crm('/customer/cust-1/cases');
    expect(cases.body.map((c: { id: string }) => c.id)).to.deep.equal(['00012345', 'CASE-2025-000123']);
    expect((await crm('/case/00012348')).body.interactions[0].attachments).to.have.length(2);
    expect(await crm('/case/NOPE')).to.deep.equal({ status: 404, body: { error: 'not_found', message: 'Case NOPE not found' } });
    expect((await crm('/customer/nope')).status).to.equal(404);
    expect((await crm('/customer/nope/cases')).status).to.equal(404);
  });

  it('searches customers by searchable fields (email case-insensitively) and answers 204 when nothing matches', async () => {
    const byEmail = await crm('/customers', { method: 'POST', json: { email: 'ben@example.COM' } });
    expect(byEmail.status).to.equal(200);
    expect(byEmail.body.map((c: { id: string }) => c.id)).to.deep.equal(['cust-2']);
    const gold = await crm('/customers', { method: 'POST', json: { loyaltyTier: 'gold' } });
    expect(gold.body.map((c: { id: string }) => c.id)).to.deep.equal(['cust-1', 'cust-3']);
    expect(await crm('/customers', { method: 'POST', json: { email: 'nobody@example.com' } })).to.deep.equal({ status: 204, body: undefined });
    const refused = await crm('/customers', { method: 'POST', json: { notes: 'VIP' } });
    expect(refused.status).to.equal(400);
    expect(refused.body.fields).to.deep.equal({ name: 'notes', errorMessage: 'not a searchable customer field' });
  });

  it('finds the best match for a social profile, or answers 204', async () => {
    const byHandle = await crm('/customer/bestmatch', { method: 'POST', json: { screenName: 'analima', displayName: 'Dee Park' } });
    expect(byHandle.body.id).to.equal('cust-1');
    const byPhone = await crm('/customer/bestmatch', { method: 'POST', json: { phoneNumbers: ['(555) 010 0004'] } });
    expect(byPhone.body.id).to.equal('cust-4');
    expect((await crm('/customer/bestmatch', { method: 'POST', json: { displayName: 'Nobody' } })).status).to.equal(204);
  });

  it('refuses wrong credentials with 401 in the CRM spec wording', async () => {
    expect(await crm('/customers', { password: 'wrong' })).to.deep.equal({
      status: 401, body: { error: 'unauthorized', message: 'API key is invalid or has become de-authenticated' },
    });
  });
});

describe('Khoros simulator: CRM export of a generated tiny dataset', () => {
  const dataset = generateDataset({ seed: 7, scale: 'tiny' });
  let sim: KhorosSimulator;

  before(async () => {
    sim = await startKhorosSimulator({ dataset, quotaScale: 1000 });
  });
  after(() => sim.close());

  async function all(path: string, key: 'customers' | 'cases') {
    const auth = `Basic ${Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64')}`;
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await got(`${sim.urls.crm}${path}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: auth } }).json();
      items.push(...page[key]);
      cursor = page.nextCursor;
    } while (cursor !== null && items.length < 100_000);
    return items;
  }

  it('exports every customer and every case, with every interaction in stored order', async () => {
    const customers = await all('/customers?limit=7', 'customers');
    expect(customers.map((c) => c.id)).to.deep.equal(dataset.khoros.customers.map((c) => c.id));
    const cases = await all('/cases?limit=4', 'cases');
    expect(cases.map((c) => c.id)).to.deep.equal(dataset.khoros.cases.map((c) => c.id));
    for (const [i, kase] of cases.entries()) {
      expect(kase.interactions.map((x: { id: string }) => x.id), kase.id).to.deep.equal(dataset.khoros.cases[i].interactions.map((x) => x.id));
    }
  });
});
