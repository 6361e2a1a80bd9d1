import { expect } from 'chai';
import { IntercomClient } from 'intercom-client';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: the official intercom-client SDK, unmodified', () => {
  let sim: IntercomSimulator;
  let client: IntercomClient;
  before(async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace() });
    client = new IntercomClient({ token: sim.token, baseUrl: sim.url });
  });
  after(() => sim.close());

  it('creates contacts and finds them by search', async () => {
    const created = await client.contacts.create({ email: 'sdk@example.com', name: 'Sdk User', external_id: 'sdk-1' });
    expect(created).to.include({ type: 'contact', email: 'sdk@example.com', external_id: 'sdk-1' });
    const page = await client.contacts.search({
      query: { operator: 'AND', value: [{ field: 'external_id', operator: '=', value: 'sdk-1' }, { field: 'role', operator: '=', value: 'user' }] },
      pagination: { per_page: 5 },
    });
    expect(page.data.map((c) => c.id)).to.deep.equal([created.id]);
  });

  it('lists every contact through the pages to the end without an error', async () => {
    for (let i = 0; i < 11; i++) await client.contacts.create({ role: 'lead', email: `lead${i}@example.com` });
    const ids: string[] = [];
    for await (const contact of await client.contacts.list({ per_page: 4 })) ids.push(contact.id);
    expect(ids).to.have.length(sim.state.contacts.size);
    expect(new Set(ids).size).to.equal(ids.length);
    const requests = sim.requests.entries.filter((e) => e.path === '/contacts' && e.method === 'GET');
    expect(requests).to.have.length(Math.ceil(ids.length / 4));
    expect(requests.every((e) => e.status === 200 && e.version === '2.14')).to.equal(true);
  });

  it('pages search results with the body cursor', async () => {
    const emails: string[] = [];
    const page = await client.contacts.search({ query: { field: 'role', operator: '=', value: 'lead' }, pagination: { per_page: 5 } });
    for await (const contact of page) emails.push(contact.email!);
    expect(emails).to.have.length(12);
  });

  it('surfaces Intercom errors as the SDK typed errors', async () => {
    try {
      await client.contacts.find({ contact_id: '000000000000000000000000' });
      expect.fail('find should have thrown');
    } catch (error: any) {
      expect(error.statusCode).to.equal(404);
      expect(error.body.errors[0].message).to.equal('User Not Found');
    }
  });
});
