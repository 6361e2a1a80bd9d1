import { expect } from 'chai';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: inspection', () => {
  let sim: IntercomSimulator;
  const hooks = (body: unknown) => fetch(`${sim.inspectUrl}/hooks`, { method: 'POST', body: JSON.stringify(body) });
  beforeEach(async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), token: 'tok-very-secret-123' });
  });
  afterEach(() => sim.close());

  it('returns the whole workspace in Intercom shapes, without a token', async () => {
    const response = await fetch(`${sim.inspectUrl}/state`);
    expect(response.status).to.equal(200);
    const state = (await response.json()) as Record<string, any>;
    expect(Object.keys(state)).to.have.members([
      'contacts', 'conversations', 'tags', 'data_attributes', 'conversation_attributes', 'articles',
      'internal_articles', 'collections', 'admins', 'teams', 'brands', 'help_centers',
    ]);
    for (const value of Object.values(state)) expect(value).to.be.an('array');
    expect(state.contacts).to.have.length(3);
    expect(state.contacts[0]).to.include({ type: 'contact', id: '5ba682d23d7cf92bef87bf01', email: 'ann@example.com', role: 'user' });
    expect(state.contacts[0].tags.data).to.deep.equal([{ type: 'tag', id: '101', url: '/tags/101' }]);
    expect(state.admins[0]).to.include({ type: 'admin', id: '991267459' });
    expect(state.brands[0]).to.include({ type: 'brand', is_default: true });
    expect(state.data_attributes.filter((a: { custom: boolean }) => a.custom)).to.have.length(2);
    expect(response.headers.get('x-ratelimit-limit')).to.equal(null);
  });

  it('logs every API request as JSON lines, never the token, and clears the log', async () => {
    await callApi(sim, 'POST', '/contacts?x=1', { email: 'log@x.com' });
    await callApi({ url: sim.url, token: 'wrong-token' }, 'GET', '/me');
    const response = await fetch(`${sim.inspectUrl}/requests`);
    expect(response.headers.get('content-type')).to.equal('application/x-ndjson');
    const text = await response.text();
    expect(text).not.to.contain('tok-very-secret-123');
    expect(text).not.to.contain('wrong-token');
    expect(text.toLowerCase()).not.to.contain('authorization');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include({ method: 'POST', path: '/contacts', status: 200, version: '2.16' });
    expect(lines[0].query).to.deep.equal({ x: '1' });
    expect(lines[0].body).to.deep.equal({ email: 'log@x.com' });
    expect(lines[0].time).to.be.a('number');
    expect(lines[1]).to.include({ path: '/me', status: 401 });
    expect((await fetch(`${sim.inspectUrl}/requests`, { method: 'DELETE' })).status).to.equal(204);
    expect(await (await fetch(`${sim.inspectUrl}/requests`)).text()).to.equal('');
  });

  it('loses a contact for the API (loseContact hook) but keeps it in state', async () => {
    await hooks({ loseContact: ['cust-1'] });
    expect((await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf01')).status).to.equal(404);
    expect((await callApi(sim, 'GET', '/contacts/find_by_external_id/cust-1')).status).to.equal(404);
    expect((await callApi(sim, 'GET', '/contacts')).body.total_count).to.equal(2);
    const search = await callApi(sim, 'POST', '/contacts/search', { query: { field: 'external_id', operator: '=', value: 'cust-1' } });
    expect(search.body.data).to.deep.equal([]);
    expect((await callApi(sim, 'PUT', '/contacts/5ba682d23d7cf92bef87bf01', { name: 'x' })).status).to.equal(404);
    const state = (await (await fetch(`${sim.inspectUrl}/state`)).json()) as Record<string, any>;
    expect(state.contacts).to.have.length(3);
    await hooks({ loseContact: null });
    expect((await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf01')).status).to.equal(200);
  });

  it('changes what reads show of a contact field (changeContactField hook)', async () => {
    await hooks({ changeContactField: [{ id: '5ba682d23d7cf92bef87bf02', field: 'custom_attributes.plan', value: 'enterprise' }, { id: 'cust-2', field: 'name', value: 'Changed' }] });
    const { body } = await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf02');
    expect(body.name).to.equal('Changed');
    expect(body.custom_attributes.plan).to.equal('enterprise');
    const search = await callApi(sim, 'POST', '/contacts/search', { query: { field: 'custom_attributes.plan', operator: '=', value: 'enterprise' } });
    expect(search.body.data.map((c: { id: string }) => c.id)).to.deep.equal(['5ba682d23d7cf92bef87bf02']);
    expect(sim.state.contacts.get('5ba682d23d7cf92bef87bf02')!.name).to.equal('Bob Jones');
    expect(await (await fetch(`${sim.inspectUrl}/hooks`)).json()).to.have.property('changeContactField');
    expect((await fetch(`${sim.inspectUrl}/hooks`, { method: 'DELETE' })).status).to.equal(204);
    expect((await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf02')).body.name).to.equal('Bob Jones');
  });

  it('answers 404 for an unknown inspection path', async () => {
    expect((await fetch(`${sim.inspectUrl}/nothing`)).status).to.equal(404);
  });
});
