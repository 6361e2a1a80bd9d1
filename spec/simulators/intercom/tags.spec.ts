import { expect } from 'chai';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: tags', () => {
  let sim: IntercomSimulator;
  beforeEach(async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace() });
  });
  afterEach(() => sim.close());

  it('lists and gets tags, 404 "Resource Not Found" for an unknown one', async () => {
    expect((await callApi(sim, 'GET', '/tags')).body).to.deep.equal({
      type: 'list', data: [{ type: 'tag', id: '101', name: 'VIP' }, { type: 'tag', id: '102', name: 'Churn risk' }],
    });
    expect((await callApi(sim, 'GET', '/tags/102')).body).to.deep.equal({ type: 'tag', id: '102', name: 'Churn risk' });
    const missing = await callApi(sim, 'GET', '/tags/9');
    expect(missing.status).to.equal(404);
    expect(missing.body.errors[0]).to.deep.equal({ code: 'not_found', message: 'Resource Not Found' });
  });

  it('creates by name, finding an existing tag case-insensitively, and renames by id', async () => {
    const created = await callApi(sim, 'POST', '/tags', { name: 'Migrated' });
    expect(created.body).to.deep.equal({ type: 'tag', id: created.body.id, name: 'Migrated' });
    expect((await callApi(sim, 'POST', '/tags', { name: 'vip' })).body.id).to.equal('101');
    expect((await callApi(sim, 'POST', '/tags', { id: '102', name: 'At risk' })).body).to.deep.equal({ type: 'tag', id: '102', name: 'At risk' });
    expect((await callApi(sim, 'POST', '/tags', { id: '999', name: 'x' })).status).to.equal(404);
  });

  it('tags and untags users, skipping ones that do not exist', async () => {
    const { body } = await callApi(sim, 'POST', '/tags', {
      name: 'Imported', users: [{ id: '5ba682d23d7cf92bef87bf02' }, { id: '5ba682d23d7cf92bef87bf03' }, { id: '000000000000000000000000' }],
    });
    expect(body.users).to.deep.equal([{ id: '5ba682d23d7cf92bef87bf02', tagged: true }, { id: '5ba682d23d7cf92bef87bf03', tagged: true }]);
    const tagged = await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf02/tags');
    expect(tagged.body.data.map((t: { name: string }) => t.name)).to.deep.equal(['Imported']);
    const untag = await callApi(sim, 'POST', '/tags', { name: 'Imported', users: [{ id: '5ba682d23d7cf92bef87bf02', untag: true }] });
    expect(untag.body.users).to.deep.equal([{ id: '5ba682d23d7cf92bef87bf02', tagged: false }]);
    expect((await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf02/tags')).body.data).to.deep.equal([]);
    expect((await callApi(sim, 'POST', '/tags', { name: 'Co', companies: [{ company_id: '6' }] })).body.companies).to.deep.equal([]);
  });

  it('answers "invalid tag parameters" without a name', async () => {
    const { status, body } = await callApi(sim, 'POST', '/tags', { test: 'invalid' });
    expect(status).to.equal(400);
    expect(body.errors[0]).to.deep.equal({ code: 'parameter_invalid', message: 'invalid tag parameters' });
  });

  it('deletes a tag and takes it off its contacts', async () => {
    const deleted = await callApi(sim, 'DELETE', '/tags/101');
    expect(deleted.status).to.equal(200);
    expect(deleted.body).to.equal(undefined);
    expect((await callApi(sim, 'GET', '/contacts/5ba682d23d7cf92bef87bf01')).body.tags.data).to.deep.equal([]);
    expect((await callApi(sim, 'DELETE', '/tags/101')).status).to.equal(404);
  });

  it('refuses to delete a tag with dependent objects (tagDependents hook)', async () => {
    await fetch(`${sim.inspectUrl}/hooks`, { method: 'POST', body: JSON.stringify({ tagDependents: { 102: 'Segments: Seg 1.' } }) });
    const { status, body } = await callApi(sim, 'DELETE', '/tags/102');
    expect(status).to.equal(400);
    expect(body.errors[0]).to.deep.equal({ code: 'tag_has_dependent_objects', message: 'Unable to delete Tag with dependent objects. Segments: Seg 1.' });
  });
});
