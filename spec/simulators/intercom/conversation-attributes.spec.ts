import { expect } from 'chai';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { ANN, CIARA, TEAM, startConversationSim } from './harness.ts';

const NOW = 1_750_000_000;

describe('Intercom simulator: conversation attributes (2.16)', () => {
  let sim: IntercomSimulator;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => callApi(sim, method, path, body, headers);
  const create = (body: Record<string, unknown>) => api('POST', '/conversations/attributes', body);

  before(async () => {
    sim = await startConversationSim({ clock: () => NOW * 1000 });
  });
  after(() => sim.close());

  it('lists the non-archived attributes, and the archived ones on include_archived=true', async () => {
    const { body } = await api('GET', '/conversations/attributes');
    expect(body.type).to.equal('list');
    expect(body.data.map((a: any) => a.name)).to.include.members(['issue_type', 'khoros_case_number', 'channel']).and.not.include('old_field');
    const all = (await api('GET', '/conversations/attributes?include_archived=true')).body.data.map((a: any) => a.name);
    expect(all).to.include('old_field');
  });

  it('creates a string attribute in the documented shape', async () => {
    const { status, body } = await create({ name: 'api_test_attr', data_type: 'string', description: 'Created via API test' });
    expect(status).to.equal(200);
    expect(body).to.deep.include({
      type: 'conversation_attribute', name: 'api_test_attr', description: 'Created via API test', data_type: 'string', required: false,
      visible_to_team_ids: [], archived: false, created_at: NOW, updated_at: NOW, admin_id: CIARA, multiline: false,
    });
    expect(body.id).to.be.a('number');
    expect((await api('GET', `/conversations/attributes/${body.id}`)).body.name).to.equal('api_test_attr');
  });

  it('answers 422 parameter_invalid for an unknown data_type, with the documented message', async () => {
    const { status, body } = await create({ name: 'x1', data_type: 'invalid_type' });
    expect(status).to.equal(422);
    expect(body.errors[0].code).to.equal('parameter_invalid');
    expect(body.errors[0].message).to.equal("data_type 'invalid_type' is not valid. Allowed types: string, integer, list, decimal, boolean, datetime, relationship, files");
  });

  it('refuses a missing name, a taken name, bad characters, a short list and a relationship without reference', async () => {
    expect((await create({ data_type: 'string' })).body.errors[0].code).to.equal('parameter_not_found');
    expect((await create({ name: 'Issue_Type', data_type: 'string' })).status).to.equal(422);
    expect((await create({ name: 'a.b', data_type: 'string' })).status).to.equal(422);
    expect((await create({ name: 'one option', data_type: 'list', options: [{ label: 'a' }] })).status).to.equal(422);
    expect((await create({ name: 'rel', data_type: 'relationship' })).status).to.equal(422);
    const rel = await create({ name: 'rel', data_type: 'relationship', reference: { type: 'many', object_type_id: 'Order' } });
    expect(rel.body.reference).to.deep.equal({ type: 'many', object_type_id: 'Order' });
  });

  it('creates a list attribute whose options get ids, and manages its options', async () => {
    const list = (await create({ name: 'Priority level', data_type: 'list', options: [{ label: 'Low' }, { label: 'High' }], visible_to_team_ids: [TEAM] })).body;
    expect(list.options.map((o: any) => o.label)).to.deep.equal(['Low', 'High']);
    expect(list.options[0].id).to.match(/^[0-9a-f-]{36}$/);
    expect(list.visible_to_team_ids).to.deep.equal([TEAM]);
    const added = (await api('POST', `/conversations/attributes/${list.id}/options`, { label: 'Urgent' })).body;
    expect(added.options).to.have.length(3);
    const renamed = (await api('PUT', `/conversations/attributes/${list.id}/options/${added.options[2].id}`, { label: 'Critical' })).body;
    expect(renamed.options[2].label).to.equal('Critical');
    const archived = (await api('DELETE', `/conversations/attributes/${list.id}/options/${added.options[0].id}`)).body;
    expect(archived.options[0]).to.include({ label: 'Low', archived: true });
    const tooFew = await api('DELETE', `/conversations/attributes/${list.id}/options/${added.options[1].id}`);
    expect(tooFew.status).to.equal(422);
    expect(tooFew.body.errors[0].message).to.equal('A list attribute must have at least 2 active options');
    expect((await api('POST', `/conversations/attributes/${list.id}/options`, { label: 'X', color: 'red' })).body.errors[0].message).to.equal("only 'label' is accepted");
    expect((await api('POST', `/conversations/attributes/${list.id}/options`, {})).status).to.equal(422);
    expect((await api('PUT', `/conversations/attributes/${list.id}/options/nope`, { label: 'x' })).status).to.equal(404);
    expect((await api('POST', '/conversations/attributes/1/options', { label: 'x' })).body.errors[0].message).to.equal('Options can only be managed on list attributes');
  });

  it('updates, archives, and then refuses the archived attribute on a conversation', async () => {
    const created = (await create({ name: 'temp_attr', data_type: 'integer' })).body;
    const updated = (await api('PUT', `/conversations/attributes/${created.id}`, { name: 'temp_attr2', description: 'Updated via API', required: true })).body;
    expect(updated).to.include({ name: 'temp_attr2', description: 'Updated via API', required: true });
    const conversationId = (await api('POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'hi' })).body.conversation_id;
    expect((await api('PUT', `/conversations/${conversationId}`, { custom_attributes: { temp_attr2: 3 } })).status).to.equal(200);
    const archived = (await api('DELETE', `/conversations/attributes/${created.id}`)).body;
    expect(archived.archived).to.equal(true);
    expect((await api('PUT', `/conversations/${conversationId}`, { custom_attributes: { temp_attr2: 4 } })).status).to.equal(400);
  });

  it('answers 404 conversation_attribute_not_found, and 400 intercom_version_invalid before 2.16', async () => {
    const missing = await api('GET', '/conversations/attributes/9999');
    expect(missing.status).to.equal(404);
    expect(missing.body.errors[0].code).to.equal('conversation_attribute_not_found');
    const old = await api('GET', '/conversations/attributes', undefined, { 'Intercom-Version': '2.15' });
    expect(old.status).to.equal(400);
    expect(old.body.errors[0].code).to.equal('intercom_version_invalid');
  });
});
