import { expect } from 'chai';
import nock from 'nock';
import { IntercomPaginationError } from '../../../pipeline/errors.ts';
import { createIntercomClient } from '../../../pipeline/intercom/create-intercom-client.ts';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import { paginateCursor, paginatePages, paginateSearch } from '../../../pipeline/intercom/paginate.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';

type Row = { id: string; role?: string; title?: string };

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count += 1;
    items.push(...page);
  }
  return { items, pages: count };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('paginate (against the Intercom simulator)', function () {
  this.timeout(30_000);
  let sim: IntercomSimulator;
  let client: IntercomClient;
  const workspace = generateDataset({ seed: 1, scale: 'tiny' }).intercom;
  before(async () => {
    sim = await startIntercomSimulator({ workspace });
    client = createIntercomClient({ url: sim.url, token: sim.token, version: '2.16' });
  });
  after(async () => sim.close());
  beforeEach(() => sim.requests.clear());

  it('walks the contacts list by cursor to the end, one request per page', async () => {
    const { items, pages } = await collect(paginateCursor<Row>(client, '/contacts', { perPage: 4 }));
    expect(items.map((c) => c.id).sort()).to.deep.equal([...sim.state.contacts.keys()].sort());
    expect(pages).to.equal(2);
    const log = sim.requests.entries;
    expect(log).to.have.length(2);
    expect(log[0].query).to.deep.equal({ per_page: '4' });
    expect(log[1].query).to.have.property('starting_after').that.is.a('string');
  });

  it('walks a contact search with the cursor in the body', async () => {
    const query = { field: 'role', operator: '=', value: 'user' };
    const { items, pages } = await collect(paginateSearch<Row>(client, '/contacts/search', { query, perPage: 2, sort: { field: 'created_at', order: 'ascending' } }));
    const users = [...sim.state.contacts.values()].filter((c) => c.role === 'user').map((c) => c.id);
    expect(items.map((c) => c.id).sort()).to.deep.equal(users.sort());
    expect(items.every((c) => c.role === 'user')).to.equal(true);
    expect(pages).to.equal(Math.ceil(users.length / 2));
    const bodies = sim.requests.entries.map((e) => e.body as { pagination: Record<string, unknown> });
    expect(bodies[0].pagination).to.deep.equal({ per_page: 2 });
    expect(bodies[1].pagination).to.have.property('starting_after').that.is.a('string');
    expect(sim.requests.entries.every((e) => Object.keys(e.query).length === 0)).to.equal(true);
  });

  it('walks articles by page number, stopping at the last page without asking for an empty one', async () => {
    const author = Number((workspace.admins?.[0] as { id: string }).id);
    for (let i = 0; i < 5; i++) await client.request('POST', '/articles', { json: { title: `Article ${i}`, author_id: author, state: 'published' } });
    sim.requests.clear();
    const { items, pages } = await collect(paginatePages<Row>(client, '/articles', { perPage: 2 }));
    expect(items.map((a) => a.title).sort()).to.deep.equal(['Article 0', 'Article 1', 'Article 2', 'Article 3', 'Article 4']);
    expect(pages).to.equal(3);
    expect(sim.requests.entries.map((e) => e.query.page)).to.deep.equal(['1', '2', '3']);
  });

  it('requests the next page only when the consumer asks for it', async () => {
    const walk = paginateCursor<Row>(client, '/contacts', { perPage: 2 });
    const first = await walk.next();
    expect(first.value).to.have.length(2);
    expect(sim.requests.entries).to.have.length(1);
    await walk.return();
    expect(sim.requests.entries).to.have.length(1);
  });
});

describe('paginate guards (against nock)', () => {
  const API = 'https://api.intercom.test';
  const client = () => createIntercomClient({ url: API, token: 't', version: '2.16' });
  before(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });

  it('refuses a cursor that does not change', async () => {
    nock(API).get('/contacts').query(true).times(3).reply(200, { type: 'list', data: [{ id: 'a' }], pages: { next: { starting_after: 'same' } } });
    const error = await rejection(collect(paginateCursor(client(), '/contacts')));
    expect(error).to.be.instanceOf(IntercomPaginationError).and.include({ code: 'intercom_pagination_stuck' });
    expect(error.message).to.include('the cursor did not change');
  });

  it('stops at the page cap', async () => {
    let n = 0;
    nock(API).get('/contacts').query(true).times(3).reply(200, () => ({ type: 'list', data: [{ id: `c${n}` }], pages: { next: { starting_after: `cursor-${n++}` } } }));
    const error = await rejection(collect(paginateCursor(client(), '/contacts', { maxPages: 2 })));
    expect(error).to.be.instanceOf(IntercomPaginationError);
    expect(error.message).to.include('more than 2 pages');
  });

  it('reads the list under another key (conversations) and fails when it is missing', async () => {
    nock(API).get('/conversations').query(true).reply(200, { type: 'conversation.list', conversations: [{ id: '1' }], pages: {} });
    expect((await collect(paginateCursor(client(), '/conversations', { itemsKey: 'conversations' }))).items).to.deep.equal([{ id: '1' }]);
    nock(API).get('/conversations').query(true).reply(200, { type: 'conversation.list', pages: {} });
    const error = await rejection(collect(paginateCursor(client(), '/conversations')));
    expect(error.message).to.include('no "data" list');
  });

  it('stops a page-number list on an empty page when there is no total', async () => {
    nock(API).get('/articles').query({ page: '1' }).reply(200, { data: [{ id: '1' }] }).get('/articles').query({ page: '2' }).reply(200, { data: [] });
    expect((await collect(paginatePages(client(), '/articles'))).items).to.deep.equal([{ id: '1' }]);
  });
});
