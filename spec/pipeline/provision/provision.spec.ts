import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { MappingError } from '../../../pipeline/errors.ts';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { runProvision, type ProvisionReport } from '../../../pipeline/provision.ts';
import { lastProvisionReport, renderProvisionSummary } from '../../../pipeline/provision/provision-report.ts';
import { inFlight, recordIntent } from '../../../pipeline/workspace/ledger.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { confirmTiny, freshIntercom, simState, type ConfirmedTiny } from './provision-fixtures.ts';

type State = Record<string, Record<string, any>[]>;
type LedgerRow = { seq: number; object_type: string; khoros_key: string; operation: string; status: string; intercom_id: string | null };

/** How many times each name occurs, case-insensitively (Intercom compares names so). */
function occurrences(names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  return counts;
}

function ledgerRows(workspace: Workspace): Promise<LedgerRow[]> {
  return workspace.query<LedgerRow>('SELECT seq, object_type, khoros_key, operation, status, intercom_id FROM ledger ORDER BY seq');
}

/**
 * Every object the report lists as created or updated is in Intercom exactly once, with the
 * id its one done ledger row holds; no name is doubled; nothing is left in flight.
 */
async function expectExactlyOnce(report: ProvisionReport, state: State, workspace: Workspace): Promise<void> {
  const contactNames = occurrences(state.data_attributes.filter((a) => a.model === 'contact').map((a) => a.name));
  const conversationNames = occurrences(state.conversation_attributes.filter((a) => !a.archived).map((a) => a.name));
  const tagNames = occurrences(state.tags.map((t) => t.name));
  for (const counts of [contactNames, conversationNames, tagNames]) {
    expect([...counts].filter(([, n]) => n > 1), 'names in Intercom more than once').to.deep.equal([]);
  }
  const collectionKeys = occurrences(state.collections.map((c) => `${c.parent_id ?? ''}/${c.name}`));
  expect([...collectionKeys].filter(([, n]) => n > 1), 'collections doubled').to.deep.equal([]);

  const rows = await ledgerRows(workspace);
  expect(rows.filter((r) => r.status === 'intent'), 'writes left in flight').to.deep.equal([]);
  const done = rows.filter((r) => r.status === 'done');
  const written = report.objects.filter((o) => o.action === 'created' || o.action === 'updated');
  expect(done.map((r) => [r.object_type, r.khoros_key, r.operation, r.intercom_id]).sort()).to.deep.equal(
    written.map((o) => [o.objectType, o.key, o.action === 'updated' ? 'update' : 'create', o.intercomId]).sort());
  for (const o of written) {
    const id = o.intercomId!;
    if (o.objectType === 'data_attribute') expect(state.data_attributes.filter((a) => String(a.id) === id)).to.have.length(1);
    if (o.objectType === 'conversation_attribute') expect(state.conversation_attributes.filter((a) => String(a.id) === id)).to.have.length(1);
    if (o.objectType === 'tag') expect(state.tags.filter((t) => t.id === id && t.name === o.name)).to.have.length(1);
    if (o.objectType === 'collection') expect(state.collections.filter((c) => String(c.id) === id && c.name === o.name)).to.have.length(1);
    if (o.objectType === 'conversation_attribute_option') {
      const [attributeId, optionId] = id.split('/');
      const attribute = state.conversation_attributes.find((a) => String(a.id) === attributeId)!;
      expect(attribute.options.filter((x: { id: string; label: string }) => x.id === optionId && x.label === o.name)).to.have.length(1);
    }
  }
}

describe('provision (tiny dataset: export → propose → confirm → provision, against the Intercom simulator)', function () {
  this.timeout(180_000);
  let tiny: ConfirmedTiny;
  let mapping: Mapping;
  const closing: (() => Promise<void>)[] = [];

  before(async () => {
    tiny = await confirmTiny();
    mapping = parse(await readFile(tiny.mappingPath, 'utf8')) as Mapping;
  });
  afterEach(async () => {
    while (closing.length) await closing.pop()!();
  });
  after(() => tiny?.close());

  /** A copy of the confirmed workspace, opened for a provision run, and a fresh Intercom. */
  async function setUp(name: string, faults?: Parameters<typeof freshIntercom>[1]) {
    const path = await tiny.copy(name);
    const intercom = await freshIntercom(tiny.dataset, faults);
    closing.push(() => intercom.sim.close());
    let workspace = await openWorkspace(path, { stage: 'provision' });
    closing.push(() => workspace.close());
    return {
      ...intercom, path,
      get workspace() { return workspace; },
      /** Closes the workspace and opens it again as the next run. */
      async reopen() {
        await workspace.close();
        workspace = await openWorkspace(path, { stage: 'provision' });
        return workspace;
      },
    };
  }

  it('creates the attributes, list options, tags, collections and sections the map needs, each once, each with one done ledger row', async () => {
    const { sim, client, workspace } = await setUp('first');
    const report = await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    const state = await simState(sim);

    // Every attribute the map creates exists, with the type the map's dataType asks for.
    const rows = (['customers', 'authors', 'cases', 'conversations'] as const).flatMap((f) => mapping.objects[f].fields.map((row) => ({ family: f, row })));
    const creates = rows.filter(({ row }) => 'attribute' in row.target && row.target.create);
    expect(creates.length).to.be.greaterThan(10);
    for (const { family, row } of creates) {
      const target = row.target as { attribute: string; dataType: string };
      if (family === 'customers' || family === 'authors') {
        const [attribute] = state.data_attributes.filter((a) => a.model === 'contact' && a.name === target.attribute);
        expect(attribute, target.attribute).to.include({ custom: true, data_type: { date: 'date', options: 'string' }[target.dataType] ?? target.dataType });
      } else {
        const [attribute] = state.conversation_attributes.filter((a) => a.name === target.attribute);
        expect(attribute, target.attribute).to.include({ data_type: { float: 'decimal', date: 'datetime', options: 'list' }[target.dataType] ?? target.dataType });
      }
    }
    expect(state.conversation_attributes.find((a) => a.name === mapping.policies.caseIdAttribute)).to.include({ data_type: 'string' });
    expect(state.data_attributes.find((a) => a.name === 'khoros_gender')!.options).to.deep.equal(['female', 'male', 'non-binary']);
    // Existing list attributes got the options the map declares: a contact list by PUT (before-image kept), a conversation list by POST …/options.
    expect(state.data_attributes.find((a) => a.name === 'account_tier')!.options).to.deep.equal(['bronze', 'silver', 'gold', 'platinum']);
    expect(state.conversation_attributes.find((a) => a.name === 'Product line')!.options.map((o: { label: string }) => o.label))
      .to.deep.equal(['Hardware', 'Software', 'Subscriptions', 'Accessories']);
    const [update] = await workspace.query(`SELECT operation, status, before_image FROM ledger WHERE khoros_key = 'account_tier'`);
    expect(update).to.deep.equal({ operation: 'update', status: 'done', before_image: { options: ['bronze', 'silver', 'gold'] } });

    // Tags named from the staged records: brands without an Intercom brand, initiatives, campaigns, Care tags, tag rows.
    const tags = state.tags.map((t) => t.name);
    expect(tags).to.include.members(['brand: Litware Labs', 'initiative: Holiday Peak', 'campaign: Customer Care: models', 'channel: facebook', 'refund']);
    expect(tags, 'Proseware Kitchen is an Intercom brand: no tag').to.not.include('brand: Proseware Kitchen');
    expect(tags.filter((t) => t.toLowerCase() === 'billing'), 'Care tag "billing" reuses Intercom\'s "Billing"').to.deep.equal(['Billing']);

    // The KB tree: categories that hold a board → collections, boards → sections below them, in the default help center.
    const collections = state.collections.map((c) => ({ name: c.name, parent: state.collections.find((p) => p.id === c.parent_id)?.name ?? null, hc: c.help_center_id }));
    expect(collections).to.have.deep.members([
      { name: 'Getting Started', parent: null, hc: 4100001 },
      { name: 'Billing & Payments', parent: 'Getting Started', hc: 4100001 },
      { name: 'Billing & Payments Knowledge Base', parent: 'Billing & Payments', hc: 4100001 },
      { name: 'Orders & Shipping', parent: null, hc: 4100001 },
      { name: 'Orders & Shipping Knowledge Base', parent: 'Orders & Shipping', hc: 4100001 },
    ]);

    await expectExactlyOnce(report, state, workspace);
    expect(report.counts).to.include({ failed: 0, skipped: 0, reconciled: 0 });
    expect(report.counts.created).to.be.greaterThan(40);
    expect(report.helpCenter).to.deep.equal({ id: '4100001', locales: ['en', 'fr', 'de'] });
    // The proposal maps the Hebrew article to `he`, which the help center lacks.
    expect(report.manual.map((m) => m.missing)).to.deep.equal(['help-center locale he']);
    expect(report.complete).to.equal(false);
    expect(report.notes.join('\n')).to.match(/2 of 8 agents have no Intercom admin; .* go to the fallback admin 7100000: claude\.leuschke@support\.litware\.example/);
    expect(await lastProvisionReport(workspace)).to.deep.equal(report);
    expect(renderProvisionSummary(report)).to.match(/^provision \(map version 1, run .*\):\n {2}contact attributes: 1 existing, 11 created, 1 updated\n/);
  });

  it('a second run writes nothing: Intercom and the ledger are unchanged', async () => {
    const run = await setUp('twice');
    const first = await runProvision({ workspace: run.workspace, intercom: run.client, mappingPath: tiny.mappingPath });
    const stateBefore = await simState(run.sim);
    const ledgerBefore = await ledgerRows(run.workspace);
    run.sim.requests.clear();

    const workspace = await run.reopen();
    const second = await runProvision({ workspace, intercom: run.client, mappingPath: tiny.mappingPath });
    expect(run.sim.requests.entries.filter((e) => e.method !== 'GET'), 'writes of the second run').to.deep.equal([]);
    expect(await simState(run.sim)).to.deep.equal(stateBefore);
    expect(await ledgerRows(workspace)).to.deep.equal(ledgerBefore);
    expect(second.counts).to.deep.equal({ existing: first.objects.length - first.counts.updated, created: 0, updated: 0, reconciled: 0, failed: 0, skipped: 0 });
    expect(second.objects.map((o) => [o.key, o.intercomId])).to.deep.equal(first.objects.filter((o) => o.action !== 'updated').map((o) => [o.key, o.intercomId]));
    expect(await workspace.query('SELECT count(*) AS n FROM provision_reports')).to.deep.equal([{ n: 2 }]);
  });

  it('with 5xx answers after writes landed, the lookups keep every object to exactly one', async () => {
    const { sim, client, workspace } = await setUp('faults', { rate5xxAfterWrite: 0.4 });
    const report = await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    const faulted = sim.requests.entries.filter((e) => e.fault === '5xxAfterWrite');
    expect(faulted.length, 'writes answered 503 after landing').to.be.greaterThan(5);
    expect(new Set(faulted.map((e) => e.path.split('/')[1])).size, 'faults on several kinds of write').to.be.greaterThan(1);
    expect(client.stats().lookups.found, 'creates found by their lookup').to.be.greaterThan(0);
    expect(report.counts).to.include({ failed: 0, skipped: 0 });
    const state = await simState(sim);
    await expectExactlyOnce(report, state, workspace);
    // Same objects as without faults.
    expect(state.collections).to.have.length(5);
    expect(state.conversation_attributes.find((a) => a.name === 'Product line')!.options.map((o: { label: string }) => o.label))
      .to.deep.equal(['Hardware', 'Software', 'Subscriptions', 'Accessories']);
  });

  it('settles the in-flight writes of a killed run: done when Intercom has the object, failed (and sent again) when not', async () => {
    const { sim, client, workspace } = await setUp('killed');
    const intent = (objectType: string, khorosKey: string, payload: unknown) =>
      recordIntent(workspace, { runId: 'killed-run', objectType, khorosKey, operation: 'create', payloadHash: payloadHash(payload) });
    // The killed run sent these three; two landed before it died.
    const api = (path: string, body: unknown) => fetch(`${sim.url}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${sim.token}`, 'intercom-version': '2.16', 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ id: string | number }>);
    const tagSeq = await intent('tag', 'brand: Litware Labs', { name: 'brand: Litware Labs' });
    const tag = await api('/tags', { name: 'brand: Litware Labs' });
    const collectionSeq = await intent('collection', 'kb_categories/getting-started', { name: 'Getting Started' });
    const collection = await api('/help_center/collections', { name: 'Getting Started', help_center_id: 4100001 });
    const attributeSeq = await intent('conversation_attribute', 'khoros_case_id', { name: 'khoros_case_id', data_type: 'string' });
    expect((await inFlight(workspace)).map((w) => w.seq)).to.deep.equal([tagSeq, collectionSeq, attributeSeq]);

    const report = await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    const byKey = new Map(report.objects.map((o) => [`${o.objectType}:${o.key}`, o]));
    expect(byKey.get('tag:brand: Litware Labs')).to.include({ action: 'reconciled', intercomId: String(tag.id), ledgerSeq: tagSeq });
    expect(byKey.get('collection:kb_categories/getting-started')).to.include({ action: 'reconciled', intercomId: String(collection.id) });
    expect(byKey.get('collection:kb_categories/billing-payments')).to.include({ action: 'created', parentId: String(collection.id) });
    expect(byKey.get('conversation_attribute:khoros_case_id')).to.include({ action: 'created' });

    const rows = await workspace.query<{ seq: number; status: string; intercom_id: string | null; error: string | null; run_id: string }>(
      'SELECT seq, status, intercom_id, error, run_id FROM ledger WHERE seq IN ($1, $2, $3) ORDER BY seq', [tagSeq, collectionSeq, attributeSeq]);
    expect(rows.map((r) => [r.status, r.intercom_id, r.run_id])).to.deep.equal([
      ['done', String(tag.id), 'killed-run'], ['done', String(collection.id), 'killed-run'], ['failed', null, 'killed-run']]);
    expect(rows[2].error).to.match(/did not land: Intercom had no conversation_attribute "khoros_case_id" when run .* reconciled it/);
    expect(await inFlight(workspace)).to.deep.equal([]);

    const state = await simState(sim);
    expect(state.tags.filter((t) => t.name === 'brand: Litware Labs')).to.have.length(1);
    expect(state.collections.filter((c) => c.name === 'Getting Started')).to.have.length(1);
    expect(state.conversation_attributes.filter((a) => a.name === 'khoros_case_id')).to.have.length(1);
    const done = await workspace.query<{ khoros_key: string; n: number }>(
      `SELECT object_type, khoros_key, operation, count(*) AS n FROM ledger WHERE status = 'done' GROUP BY ALL HAVING count(*) > 1`);
    expect(done).to.deep.equal([]);
  });

  it('unarchives an archived contact attribute the map needs when its type fits (a ledgered update, before-image {archived: true}), lists one whose type does not fit, settles an unarchive left in flight', async () => {
    const { sim, client, workspace } = await setUp('archived');
    const api = (method: string, path: string, body: unknown) => fetch(`${sim.url}${path}`, {
      method, headers: { authorization: `Bearer ${sim.token}`, 'intercom-version': '2.16', 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ id: number; archived: boolean }>);
    const targets = mapping.objects.customers.fields.map((row) => row.target).filter((t): t is Extract<typeof t, { attribute: string }> => 'attribute' in t && t.create === true && t.dataType !== 'options');
    const [fits, misfits, landed] = targets;
    const type = (dataType: string) => (dataType === 'date' ? 'date' : dataType);
    const archived = await api('POST', '/data_attributes', { name: fits.attribute, model: 'contact', data_type: type(fits.dataType) });
    await api('PUT', `/data_attributes/${archived.id}`, { archived: true });
    const wrong = await api('POST', '/data_attributes', { name: misfits.attribute, model: 'contact', data_type: misfits.dataType === 'boolean' ? 'integer' : 'boolean' });
    await api('PUT', `/data_attributes/${wrong.id}`, { archived: true });
    // A killed run unarchived this one: Intercom has it active, the ledger has the write in flight.
    const active = await api('POST', '/data_attributes', { name: landed.attribute, model: 'contact', data_type: type(landed.dataType) });
    const inFlightSeq = await recordIntent(workspace, { runId: 'killed-run', objectType: 'data_attribute', khorosKey: landed.attribute, operation: 'update',
      endpoint: `PUT /data_attributes/${active.id}`, payloadHash: payloadHash({ archived: false }), beforeImage: { archived: true } });

    const report = await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    const state = await simState(sim);
    expect(state.data_attributes.find((a) => a.id === archived.id)).to.include({ archived: false });
    expect(state.data_attributes.find((a) => a.id === wrong.id)).to.include({ archived: true });
    const rows = await workspace.query<{ seq: number; khoros_key: string; operation: string; status: string; intercom_id: string; before_image: unknown }>(
      `SELECT seq, khoros_key, operation, status, intercom_id, before_image FROM ledger WHERE object_type = 'data_attribute' AND khoros_key IN ($1, $2, $3) ORDER BY seq`,
      [fits.attribute, misfits.attribute, landed.attribute]);
    expect(rows.map(({ seq: _seq, ...r }) => r)).to.deep.equal([
      { khoros_key: landed.attribute, operation: 'update', status: 'done', intercom_id: String(active.id), before_image: { archived: true } },
      { khoros_key: fits.attribute, operation: 'update', status: 'done', intercom_id: String(archived.id), before_image: { archived: true } },
    ]);
    expect(rows[0].seq).to.equal(inFlightSeq);
    const objects = report.objects.filter((o) => o.objectType === 'data_attribute');
    expect(objects.find((o) => o.key === fits.attribute)).to.include({ action: 'updated', intercomId: String(archived.id) });
    expect(objects.filter((o) => o.key === landed.attribute).map((o) => o.action)).to.deep.equal(['existing', 'reconciled']);
    expect(objects.find((o) => o.key === misfits.attribute)).to.include({ action: 'skipped' });
    const manual = report.manual.filter((m) => m.missing.includes(`"${misfits.attribute}"`));
    expect(manual).to.have.length(1);
    expect(manual[0].action).to.include('(archived) is of type');
    expect(report.manual.filter((m) => m.missing.includes(`"${fits.attribute}"`) || m.missing.includes(`"${landed.attribute}"`))).to.deep.equal([]);
    expect(await inFlight(workspace)).to.deep.equal([]);
  });

  it('refuses to run under a map that is not the confirmed one, writing nothing', async () => {
    const { sim, client, workspace } = await setUp('edited');
    const original = await readFile(tiny.mappingPath, 'utf8');
    try {
      await writeFile(tiny.mappingPath, original.replace('noEmail: lead', 'noEmail: skip'));
      const error = await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath }).then(() => null, (e: unknown) => e);
      expect(error).to.be.instanceOf(MappingError).and.include({ code: 'mapping_changed' });
      expect((error as Error).message).to.match(/^provision refused: .*mapping\.yaml changed since it was confirmed/);
    } finally {
      await writeFile(tiny.mappingPath, original);
    }
    expect(sim.requests.entries).to.deep.equal([]);
    expect(await workspace.query('SELECT count(*) AS n FROM ledger')).to.deep.equal([{ n: 0 }]);
  });
});

describe('provision: what a person must create by hand', function () {
  this.timeout(180_000);
  let tiny: ConfirmedTiny;
  let sim: IntercomSimulator | undefined;
  let workspace: Workspace | undefined;
  // A reviewer's edits before confirming: German articles to Italian, an agent resolved to an
  // admin Intercom does not have (and whose email matches none), a brand sent to a brand id Intercom lacks.
  before(async () => {
    tiny = await confirmTiny((yaml) => yaml
      .replace('locales:\n      de: de\n', 'locales:\n      de: it\n')
      .replace('claude.leuschke@support.litware.example: null', 'claude.leuschke@support.litware.example: "7999999"')
      .replace('brand-proseware-kitchen: "9000002"', 'brand-proseware-kitchen: "9000009"'));
  });
  after(async () => {
    await workspace?.close();
    await sim?.close();
    await tiny?.close();
  });

  it('lists the locales, admins and brands the map needs that Intercom lacks, with what to do and why', async () => {
    const intercom = await freshIntercom(tiny.dataset);
    sim = intercom.sim;
    workspace = await openWorkspace(await tiny.copy('manual'), { stage: 'provision' });
    const report = await runProvision({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath });
    expect(report.manual.map((m) => [m.kind, m.missing])).to.deep.equal([
      ['admin', 'admin 7999999 for agent claude.leuschke@support.litware.example'],
      ['brand', 'brand 9000009 (objects.cases brandId, brand-proseware-kitchen)'],
      ['locale', 'help-center locale he'],
      ['locale', 'help-center locale it'],
    ]);
    const it = report.manual.find((m) => m.missing === 'help-center locale it')!;
    expect(it.action).to.equal('enable it on help center 4100001 (Settings → Help Center → Languages), or map de to an enabled locale (en, fr, de) ' +
      'in objects.kb_articles.locales and confirm the map again');
    expect(it.why).to.equal('2 staged KB articles in Khoros language de are written in it, which help center 4100001 lacks');
    expect(report.manual[0].action).to.match(/^invite claude\.leuschke@support\.litware\.example as a teammate in Intercom/);
    expect(report.manual[1].action).to.match(/the API cannot create brands/);
    // Proseware Kitchen is sent to a brand id, so it gets no tag; the rest is provisioned as usual.
    expect((await simState(sim)).tags.map((t) => t.name)).to.not.include('brand: Proseware Kitchen');
    expect(report.counts).to.include({ failed: 0, skipped: 0 });
    expect(renderProvisionSummary(report)).to.include('To do by hand in Intercom (4):\n  - admin 7999999 for agent claude.leuschke@support.litware.example: invite');
  });
});
