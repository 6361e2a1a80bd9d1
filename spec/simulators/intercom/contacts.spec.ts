import { expect } from 'chai';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: contacts', () => {
  let sim: IntercomSimulator;
  beforeEach(async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), clock: () => 1_750_000_000_000 });
  });
  afterEach(() => sim.close());

  it('creates a contact in the full 2.16 shape, role user by default', async () => {
    const { status, body } = await callApi(sim, 'POST', '/contacts', { email: 'Dan@Example.net', name: 'Dan', owner_id: 991267459, custom_attributes: { plan: 'pro' } });
    expect(status).to.equal(200);
    expect(body).to.include({ type: 'contact', role: 'user', email: 'Dan@Example.net', email_domain: 'example.net', workspace_id: 'ws1abcde', owner_id: '991267459', created_at: 1_750_000_000 });
    expect(body.id).to.match(/^[0-9a-f]{24}$/);
    expect(body.custom_attributes).to.deep.equal({ plan: 'pro' });
    expect(body.tags).to.deep.equal({ type: 'list', data: [], url: `/contacts/${body.id}/tags`, total_count: 0, has_more: false });
    for (const key of ['android_app_name', 'ios_last_seen_at', 'last_replied_at', 'browser']) expect(body).to.have.property(key, null);
    expect(body.location).to.include({ type: 'location', country: null });
  });

  it('needs one of email, external_id or role', async () => {
    const { status, body } = await callApi(sim, 'POST', '/contacts', { name: 'Nobody' });
    expect(status).to.equal(400);
    expect(body.type).to.equal('error.list');
    expect(body.request_id).to.be.a('string');
    expect((await callApi(sim, 'POST', '/contacts', { role: 'lead' })).status).to.equal(200);
  });

  it('answers 409 conflict with the existing id for a duplicate external_id or user email', async () => {
    const byExternal = await callApi(sim, 'POST', '/contacts', { external_id: 'cust-1', email: 'other@x.com' });
    expect(byExternal.status).to.equal(409);
    expect(byExternal.body.errors[0]).to.deep.equal({ code: 'conflict', message: 'A contact matching those details already exists with id=5ba682d23d7cf92bef87bf01' });
    const byEmail = await callApi(sim, 'POST', '/contacts', { email: 'ANN@example.com' });
    expect(byEmail.status).to.equal(409);
    // Leads may share an email with anyone.
    expect((await callApi(sim, 'POST', '/contacts', { role: 'lead', email: 'ann@example.com' })).status).to.equal(200);
  });

  it('refuses unknown custom attributes and values of the wrong type', async () => {
    const unknown = await callApi(sim, 'POST', '/contacts', { email: 'e@x.com', custom_attributes: { tier: 'gold' } });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.errors[0]).to.include({ code: 'parameter_invalid', message: "Custom attribute 'tier' does not exist" });
    const wrongType = await callApi(sim, 'POST', '/contacts', { email: 'e@x.com', custom_attributes: { seats: 'many' } });
    expect(wrongType.status).to.equal(400);
    expect((await callApi(sim, 'POST', '/contacts', { email: 3 })).status).to.equal(400);
  });

  it('updates, gets and 404s with "User Not Found"', async () => {
    const id = '5ba682d23d7cf92bef87bf02';
    const updated = await callApi(sim, 'PUT', `/contacts/${id}`, { name: 'Robert Jones', custom_attributes: { seats: 3 } });
    expect(updated.status).to.equal(200);
    expect(updated.body).to.include({ name: 'Robert Jones', updated_at: 1_750_000_000 });
    expect(updated.body.custom_attributes).to.deep.equal({ plan: 'free', seats: 3 });
    expect((await callApi(sim, 'GET', `/contacts/${id}`)).body.name).to.equal('Robert Jones');
    const missing = await callApi(sim, 'GET', '/contacts/000000000000000000000000');
    expect(missing.status).to.equal(404);
    expect(missing.body.errors[0]).to.deep.equal({ code: 'not_found', message: 'User Not Found' });
    expect((await callApi(sim, 'PUT', `/contacts/${id}`, { external_id: 'cust-1' })).status).to.equal(409);
  });

  it('answers owner_id as an integer before 2.16', async () => {
    await callApi(sim, 'PUT', '/contacts/5ba682d23d7cf92bef87bf01', { owner_id: '991267460' });
    const old = await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf01', undefined, { 'Intercom-Version': '2.14' });
    expect(old.body.owner_id).to.equal(991267460);
  });

  it('lists with cursor pages to the end, omitting next on the last page', async () => {
    for (let i = 0; i < 7; i++) await callApi(sim, 'POST', '/contacts', { email: `p${i}@x.com` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { body } = await callApi(sim, 'GET', `/contacts?per_page=4${cursor ? `&starting_after=${encodeURIComponent(cursor)}` : ''}`);
      expect(body).to.include({ type: 'list', total_count: 10 });
      expect(body.pages).to.include({ type: 'pages', per_page: 4, total_pages: 3, page: pages + 1 });
      seen.push(...body.data.map((c: { id: string }) => c.id));
      cursor = body.pages.next?.starting_after;
      pages += 1;
    } while (cursor);
    expect(pages).to.equal(3);
    expect(new Set(seen).size).to.equal(10);
    const all = await callApi(sim, 'GET', '/contacts');
    expect(all.body.pages.per_page).to.equal(50);
    expect(all.body.pages).not.to.have.property('next');
    expect((await callApi(sim, 'GET', '/contacts?per_page=500')).body.pages.per_page).to.equal(150);
    expect((await callApi(sim, 'GET', '/contacts?starting_after=garbage')).status).to.equal(400);
  });

  it('finds users by external id, not leads, from 2.13 on', async () => {
    expect((await callApi(sim, 'GET', '/contacts/find_by_external_id/cust-2')).body.id).to.equal('5ba682d23d7cf92bef87bf02');
    await callApi(sim, 'POST', '/contacts', { role: 'lead', external_id: 'lead/1 x' });
    expect((await callApi(sim, 'GET', `/contacts/find_by_external_id/${encodeURIComponent('lead/1 x')}`)).status).to.equal(404);
    const old = await callApi(sim, 'GET', '/contacts/find_by_external_id/cust-2', undefined, { 'Intercom-Version': '2.12' });
    expect(old.status).to.equal(400);
    expect(old.body.errors[0].code).to.equal('intercom_version_invalid');
  });

  it('archives (gone from the list, still by id), unarchives and deletes', async () => {
    const id = '5ba682d23d7cf92bef87bf01';
    expect((await callApi(sim, 'POST', `/contacts/${id}/archive`)).body).to.deep.equal({ type: 'contact', id, external_id: 'cust-1', archived: true });
    expect((await callApi(sim, 'GET', '/contacts')).body.total_count).to.equal(2);
    expect((await callApi(sim, 'GET', `/contacts/${id}`)).status).to.equal(200);
    const dup = await callApi(sim, 'POST', '/contacts', { external_id: 'cust-1' });
    expect(dup.body.errors[0].message).to.equal(`An archived contact matching those details already exists with id=${id}`);
    expect((await callApi(sim, 'POST', `/contacts/${id}/unarchive`)).body.archived).to.equal(false);
    expect((await callApi(sim, 'DELETE', `/contacts/${id}`)).body).to.deep.equal({ type: 'contact', id, external_id: 'cust-1', deleted: true });
    expect((await callApi(sim, 'GET', `/contacts/${id}`)).status).to.equal(404);
  });

  it('attaches, lists and detaches contact tags', async () => {
    const id = '5ba682d23d7cf92bef87bf02';
    const attached = await callApi(sim, 'POST', `/contacts/${id}/tags`, { id: '102' });
    expect(attached.body).to.deep.equal({ type: 'tag', id: '102', name: 'Churn risk', applied_at: 1_750_000_000, applied_by: { type: 'admin', id: '991267459' } });
    expect((await callApi(sim, 'GET', `/contacts/${id}/tags`)).body).to.deep.equal({ type: 'list', data: [{ type: 'tag', id: '102', name: 'Churn risk' }] });
    expect((await callApi(sim, 'GET', `/contacts/${id}`)).body.tags.data).to.deep.equal([{ type: 'tag', id: '102', url: '/tags/102' }]);
    expect((await callApi(sim, 'DELETE', `/contacts/${id}/tags/102`)).status).to.equal(200);
    expect((await callApi(sim, 'GET', `/contacts/${id}/tags`)).body.data).to.deep.equal([]);
    const noTag = await callApi(sim, 'POST', `/contacts/${id}/tags`, { id: '999' });
    expect(noTag.body.errors[0]).to.deep.equal({ code: 'not_found', message: 'Resource Not Found' });
    const noUser = await callApi(sim, 'POST', '/contacts/nope/tags', { id: '102' });
    expect(noUser.body.errors[0]).to.deep.equal({ code: 'not_found', message: 'User Not Found' });
  });

  it('shows at most 10 tags on the contact, with has_more', async () => {
    const id = '5ba682d23d7cf92bef87bf03';
    for (let i = 0; i < 12; i++) {
      const tag = await callApi(sim, 'POST', '/tags', { name: `t${i}` });
      await callApi(sim, 'POST', `/contacts/${id}/tags`, { id: tag.body.id });
    }
    const { body } = await callApi(sim, 'GET', `/contacts/${id}`);
    expect(body.tags.data).to.have.length(10);
    expect(body.tags).to.include({ total_count: 12, has_more: true });
  });
});
