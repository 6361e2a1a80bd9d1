import { expect } from 'chai';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: data attributes', () => {
  let sim: IntercomSimulator;
  beforeEach(async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), clock: () => 1_750_000_000_000 });
  });
  afterEach(() => sim.close());

  const create = (body: unknown) => callApi(sim, 'POST', '/data_attributes', body);

  it('lists standard and custom attributes per model', async () => {
    const { body } = await callApi(sim, 'GET', '/data_attributes?model=contact');
    expect(body.type).to.equal('list');
    expect(body.data.every((a: { model: string }) => a.model === 'contact')).to.equal(true);
    expect(body.data.find((a: { name: string }) => a.name === 'email')).to.include({ full_name: 'email', custom: false, data_type: 'string' });
    expect(body.data.find((a: { name: string }) => a.name === 'seats')).to.include({ full_name: 'custom_attributes.seats', custom: true, data_type: 'integer' });
    const companies = await callApi(sim, 'GET', '/data_attributes?model=company');
    expect(companies.body.data.map((a: { full_name: string }) => a.full_name)).to.include('plan.name');
  });

  it('answers 422 for model=conversation in 2.16', async () => {
    const { status, body } = await callApi(sim, 'GET', '/data_attributes?model=conversation');
    expect(status).to.equal(422);
    expect(body.errors[0].message).to.equal('model=conversation is no longer supported. Use GET /conversations/attributes instead');
  });

  it('creates custom attributes that contacts can then use', async () => {
    const { status, body } = await create({ name: 'Mithril Shirt', model: 'contact', data_type: 'string', description: 'Armour' });
    expect(status).to.equal(200);
    expect(body).to.include({
      type: 'data_attribute', name: 'Mithril Shirt', full_name: 'custom_attributes.Mithril Shirt', label: 'Mithril Shirt',
      data_type: 'string', custom: true, archived: false, admin_id: '991267459', created_at: 1_750_000_000, model: 'contact',
    });
    expect(body.id).to.be.a('number');
    const contact = await callApi(sim, 'POST', '/contacts', { email: 'm@x.com', custom_attributes: { 'Mithril Shirt': 'yes' } });
    expect(contact.status).to.equal(200);
    expect((await create({ name: 'Joined', model: 'contact', data_type: 'datetime' })).body.data_type).to.equal('date');
    const list = await create({ name: 'Size band', model: 'company', data_type: 'options', options: [{ value: '1-10' }, { value: '11-50' }] });
    expect(list.body).to.include({ data_type: 'string' });
    expect(list.body.options).to.deep.equal(['1-10', '11-50']);
  });

  it('refuses bad names, types, models, options and duplicates with Intercom messages', async () => {
    const message = async (body: unknown) => (await create(body)).body.errors[0].message;
    expect(await message({ name: '!nv@l!d n@me', model: 'company', data_type: 'string' }))
      .to.equal('Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens');
    expect((await create({ name: 'a.b', model: 'contact', data_type: 'string' })).status).to.equal(400);
    expect((await create({ name: 'cost$', model: 'contact', data_type: 'string' })).status).to.equal(400);
    expect(await message({ name: 'The Second Ring', model: 'company', data_type: 'mithril' })).to.equal("Data Type isn't an option");
    expect(await message({ name: 'x', model: 'ticket', data_type: 'string' })).to.equal('The Data Attribute model field must be either contact or company');
    expect((await create({ name: 'Band', model: 'contact', data_type: 'options', options: [{ value: '1-10' }] })).status).to.equal(400);
    expect(await message({ name: 'Plan', model: 'company', data_type: 'string' }))
      .to.equal("You already have 'plan' in your people data. To save this as new company data, use a different name.");
    expect((await create({ name: 'email', model: 'contact', data_type: 'string' })).status).to.equal(400);
  });

  it('updates description and options, archives, and 404s unknown ids', async () => {
    const { body: created } = await create({ name: 'Tier', model: 'contact', data_type: 'options', options: [{ value: 'a' }, { value: 'b' }] });
    const updated = await callApi(sim, 'PUT', `/data_attributes/${created.id}`, { description: 'Tiers', options: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    expect(updated.body).to.include({ description: 'Tiers' });
    expect(updated.body.options).to.deep.equal(['a', 'b', 'c']);
    expect((await callApi(sim, 'PUT', `/data_attributes/${created.id}`, { options: { value: 'a' } })).body.errors[0].message).to.equal("Options isn't an array");
    expect((await callApi(sim, 'PUT', `/data_attributes/${created.id}`, { archived: true })).body.archived).to.equal(true);
    const listed = await callApi(sim, 'GET', '/data_attributes?model=contact');
    expect(listed.body.data.map((a: { name: string }) => a.name)).not.to.include('Tier');
    const archived = await callApi(sim, 'GET', '/data_attributes?model=contact&include_archived=true');
    expect(archived.body.data.map((a: { name: string }) => a.name)).to.include('Tier');
    expect((await callApi(sim, 'POST', '/contacts', { email: 't@x.com', custom_attributes: { Tier: 'a' } })).status).to.equal(400);
    const missing = await callApi(sim, 'PUT', '/data_attributes/424242', { description: 'x' });
    expect(missing.status).to.equal(404);
    expect(missing.body.errors[0]).to.deep.equal({ code: 'field_not_found', message: "We couldn't find that data attribute to update" });
  });

  it('refuses to archive an attribute with dependants (dataAttributeDependents hook)', async () => {
    const { body: created } = await create({ name: 'Territory', model: 'contact', data_type: 'string' });
    await fetch(`${sim.inspectUrl}/hooks`, { method: 'POST', body: JSON.stringify({ dataAttributeDependents: [created.id] }) });
    const { status, body } = await callApi(sim, 'PUT', `/data_attributes/${created.id}`, { archived: true });
    expect(status).to.equal(422);
    expect(body.errors[0].code).to.equal('data_invalid');
  });
});
