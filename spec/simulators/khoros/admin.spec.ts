import { expect } from 'chai';
import got, { type Method } from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { kbCrmFixture } from './fixture-kb-crm.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('Khoros simulator: admin endpoint', () => {
  let sim: KhorosSimulator;
  let basic: string;
  let session: string;

  beforeEach(async () => {
    sim = await startKhorosSimulator({ dataset: kbCrmFixture(), quotaScale: 1000, clock: () => NOW });
    basic = `Basic ${Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64')}`;
    const login = await got.post(`${sim.urls.community}/restapi/vc/authentication/sessions/login`, {
      searchParams: { 'restapi.response_format': 'json', 'user.login': sim.settings.username, 'user.password': sim.settings.password },
    }).json<{ response: { value: { $: string } } }>();
    session = login.response.value.$;
  });
  afterEach(() => sim.close());

  async function call(url: string, options: { method?: Method; json?: unknown; headers?: Record<string, string> } = {}) {
    const res = await got(url, { method: options.method ?? 'GET', json: options.json, headers: options.headers, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  }
  const mutate = (ops: unknown[]) => call(`${sim.urls._admin}/mutations`, { method: 'POST', json: { ops } });
  const state = async () => (await call(`${sim.urls._admin}/state`)).body;

  it('answers health and counts every family', async () => {
    expect((await call(`${sim.urls._admin}/health`)).body).to.deep.equal({ ok: true });
    expect(await state()).to.include({ customers: 5, cases: 5, interactions: 5, authors: 2, conversations: 1, messages: 2, articles: 7, images: 3, initiatives: 3, plans: 5 });
  });

  it('shows a new interaction through GET /cases?updatedSince, stamped with the simulator clock', async () => {
    expect(await mutate([{ op: 'append', type: 'interaction', caseId: '00012345', record: { id: 'i-9', body: 'Any news?' } }])).to.deep.equal({ status: 200, body: { applied: 1 } });
    const { body } = await call(`${sim.urls.crm}/cases?updatedSince=2025-06-01T00:00:00Z`, { headers: { authorization: basic } });
    expect(body.cases.map((c: { id: string }) => c.id)).to.deep.equal(['00012345']);
    expect(body.cases[0].lastUpdated).to.equal(new Date(NOW).toISOString());
    expect(body.cases[0].interactions.map((i: { id: string }) => i.id)).to.deep.equal(['i-2', 'i-1', 'i-9']);
  });

  it('shows a new message on a conversation through the Care Conversation API', async () => {
    await mutate([{ op: 'append', type: 'message', conversationId: 'conv-1', record: { lswUuid: 'msg-3', author: { lswUuid: 'h-1', personId: 'person-1' }, postContent: 'Still broken' } }]);
    const { body } = await call(`${sim.urls.care}/api/v2/conversations/conv-1`, { headers: { authorization: basic } });
    expect(body.data[0].messages.map((m: { lswUuid: string }) => m.lswUuid)).to.deep.equal(['msg-1', 'msg-2', 'msg-3']);
    expect(sim.store.conversations.get('conv-1')!.lastModified).to.equal(NOW);
  });

  it('shows a changed article through a LiQL last_edit_time query', async () => {
    await mutate([{ op: 'patch', type: 'article', id: '105', changes: { subject: 'Close your account' } }]);
    const q = "SELECT id, subject, current_revision FROM messages WHERE last_edit_time > '2025-05-01T00:00:00Z'";
    const { body } = await call(`${sim.urls.community}/api/2.0/search?q=${encodeURIComponent(q)}`, { headers: { 'li-api-session-key': session } });
    expect(body.data.items).to.have.length(1);
    expect(body.data.items[0]).to.include({ id: '105', subject: 'Close your account' });
    expect(body.data.items[0].current_revision.last_edit_time).to.equal(new Date(NOW).toISOString());
  });

  it('refuses a batch with a bad op, naming its index, and applies none of it', async () => {
    const before = await state();
    const { status, body } = await mutate([
      { op: 'upsert', type: 'customer', record: { id: 'cust-9', email: 'new@example.com' } },
      { op: 'merge', type: 'author', id: 'person-2', into: 'person-404' },
    ]);
    expect(status).to.equal(400);
    expect(body).to.deep.equal({ error: 'invalid_op', message: 'op 1: no author person-404', index: 1 });
    expect(await state()).to.deep.equal(before);
    expect((await call(`${sim.urls._admin}/mutations`, { method: 'POST', json: { nope: true } })).body).to.include({ index: null });
  });

  it('lists the request log by family and clears it', async () => {
    await call(`${sim.urls.crm}/customers`, { headers: { authorization: basic } });
    const log = (await call(`${sim.urls._admin}/requests?family=crm`)).body;
    expect(log).to.have.length(1);
    expect(log[0]).to.include({ family: 'crm', method: 'GET', path: '/customers', status: 200 });
    const loginEntry = (await call(`${sim.urls._admin}/requests?family=community`)).body[0];
    expect(loginEntry.query).to.contain('user.password=***');
    expect((await call(`${sim.urls._admin}/requests`, { method: 'DELETE' })).status).to.equal(204);
    expect((await call(`${sim.urls._admin}/requests?family=crm`)).body).to.deep.equal([]);
  });
});
