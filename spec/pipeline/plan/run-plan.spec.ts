import { expect } from 'chai';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { MappingError } from '../../../pipeline/errors.ts';
import { createIntercomClient } from '../../../pipeline/intercom/create-intercom-client.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { confirmMap } from '../../../pipeline/mapping/confirm-map.ts';
import { readProposalCatalog } from '../../../pipeline/mapping/read-intercom-catalog.ts';
import { runMapPropose } from '../../../pipeline/mapping/run-map-propose.ts';
import { runPlan, type PlanSummary } from '../../../pipeline/plan.ts';
import { buildImportLookups } from '../../../pipeline/transform/build-import-lookups.ts';
import { readIntercomContacts } from '../../../pipeline/transform/read-intercom-contacts.ts';
import { isEmail } from '../../../pipeline/transform/is-email.ts';
import { recordDone, recordIntent } from '../../../pipeline/workspace/ledger.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { LoggedRequest } from '../../../simulators/intercom/request-log.ts';
import { planCommand } from '../../../scripts/commands/plan.ts';
import { stageDataset, type StagedDataset } from '../mapping/stage-dataset.ts';

interface PlanRow {
  object_type: string;
  family: string;
  khoros_key: string;
  action: string;
  intercom_id: string | null;
  reason: string;
  detail: Record<string, any>;
}

/** Runs `plan` in this process; returns its exit code and output. */
async function runPlanCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string) => { stdout += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { stderr += chunk; return true; }) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await yargs(argv).command(planCommand).strict().parseAsync();
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
}

const readOnly = (r: LoggedRequest) => r.method === 'GET' || (r.method === 'POST' && r.path.endsWith('/search'));

describe('plan on the tiny dataset', function () {
  this.timeout(180_000);
  let staged: StagedDataset;
  let dir: string;
  let mappingPath: string;
  let configPath: string;

  before(async () => {
    staged = await stageDataset('tiny');
    dir = await mkdtemp(join(tmpdir(), 'k2i-plan-'));
    mappingPath = join(dir, 'mapping.yaml');
    configPath = join(dir, 'config.json');
    await writeFile(configPath, JSON.stringify({ ...staged.sims.config, workspace: staged.path }));
    await runMapPropose({ workspace: staged.workspace, intercom: await readProposalCatalog(staged.config.intercom), out: mappingPath });
    // Customers without an email are not written under this policy: they go to the reconciliation queue.
    const text = await readFile(mappingPath, 'utf8');
    expect(text).to.include('noEmail: lead');
    await writeFile(mappingPath, text.replace('noEmail: lead', 'noEmail: skip'));
  });
  after(async () => staged?.close());

  it('refuses to plan before the map is confirmed, with the gate\'s message, and sends nothing', async () => {
    staged.sims.intercom.requests.clear();
    const error = await runPlan({ workspace: staged.workspace, mappingPath, config: staged.config }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(MappingError);
    expect((error as MappingError).code).to.equal('mapping_unconfirmed');
    expect((error as MappingError).message).to.match(/^no field map is confirmed in this workspace: review .*mapping\.yaml, then run `khoros2intercom map confirm/);
    expect(staged.sims.intercom.requests.entries).to.have.length(0);
    expect(await staged.workspace.query('SELECT * FROM plan_summaries')).to.deep.equal([]);
  });

  describe('with the map confirmed', () => {
    let summary: PlanSummary;
    let requests: LoggedRequest[];
    let rows: PlanRow[];
    const of = (objectType: string, family: string) => summary.objects.find((o) => o.objectType === objectType && o.family === family)!;
    const row = (objectType: string, key: string) => rows.find((r) => r.object_type === objectType && r.khoros_key === key)!;

    before(async () => {
      await confirmMap({ workspace: staged.workspace, mappingPath, intercom: await readIntercomCatalog(staged.config.intercom) });
      staged.sims.intercom.requests.clear();
      summary = await runPlan({ workspace: staged.workspace, mappingPath, intercom: createIntercomClient(staged.config.intercom) });
      requests = [...staged.sims.intercom.requests.entries];
      rows = await staged.workspace.query<PlanRow>(
        'SELECT object_type, family, khoros_key, action, intercom_id, reason, detail FROM plans WHERE plan_id = $1 ORDER BY object_type, family, khoros_key', [summary.planId]);
    });

    it('plans every customer: creates, updates of the contacts colliding by email in other letter case, and the queued ones', () => {
      const { dataset } = staged;
      const customers = dataset.khoros.customers;
      const withoutEmail = customers.filter((c) => !(typeof c.email === 'string' && isEmail(c.email.trim()))).map((c) => c.id).sort();
      expect(withoutEmail).to.include.members(dataset.meta.edgeCases!['customer-without-email']);
      const [first, second] = dataset.meta.edgeCases!['customers-sharing-email-in-different-case'];
      const collidingIds = dataset.meta.edgeCases!['intercom-contact-email-collides-with-customer'];
      const colliding = (dataset.intercom.contacts ?? []).filter((c) => collidingIds.includes(c.id));
      const collidingCustomers = colliding.map((c) => customers.find((k) => k.email?.toLowerCase() === c.email?.toLowerCase())!.id).sort();
      expect(collidingCustomers).to.have.length(2);

      const contacts = of('contact', 'customers');
      expect(contacts.total).to.equal(customers.length);
      expect(contacts.queue).to.equal(withoutEmail.length + 1);
      expect(contacts.update).to.equal(collidingCustomers.length);
      expect(contacts.create).to.equal(customers.length - withoutEmail.length - 1 - collidingCustomers.length);
      expect(contacts.skip).to.equal(0);
      expect(contacts.reasons).to.deep.equal({
        new: contacts.create, 'matched-by-email': 2, 'customer-without-email': withoutEmail.length, 'email-shared-by-customers': 1,
      });
      for (const id of withoutEmail) expect(row('contact', id)).to.include({ action: 'queue', reason: 'customer-without-email', intercom_id: null });
      expect(row('contact', first).action).to.equal('create');
      expect(row('contact', second)).to.include({ action: 'queue', reason: 'email-shared-by-customers' });
      expect(row('contact', second).detail.note).to.include(first);
    });

    it('lists, for each contact it updates, the fields that change, before and after', () => {
      const collidingIds = staged.dataset.meta.edgeCases!['intercom-contact-email-collides-with-customer'];
      for (const contact of (staged.dataset.intercom.contacts ?? []).filter((c) => collidingIds.includes(c.id))) {
        const customer = staged.dataset.khoros.customers.find((k) => k.email?.toLowerCase() === contact.email?.toLowerCase())!;
        const planned = row('contact', customer.id);
        expect(planned).to.include({ action: 'update', reason: 'matched-by-email', intercom_id: contact.id });
        expect(planned.detail.role).to.equal(contact.role);
        const changes = planned.detail.changes as { field: string; before: unknown; after: unknown }[];
        expect(changes).to.deep.include({ field: 'email', before: contact.email, after: customer.email });
        expect(changes).to.deep.include({ field: 'external_id', before: contact.external_id, after: customer.id });
        expect(changes.every((c) => JSON.stringify(c.before) !== JSON.stringify(c.after))).to.equal(true);
      }
      expect(of('contact', 'customers').changedFields).to.include({ email: 2, external_id: 2 });
    });

    it('plans one conversation per case and per Care conversation, whose items and parts account for every interaction', () => {
      const { khoros } = staged.dataset;
      expect(of('conversation', 'cases').total).to.equal(khoros.cases.length);
      expect(of('conversation', 'conversations').total).to.equal(khoros.conversations!.length);
      const queuedCustomers = new Set(rows.filter((r) => r.object_type === 'contact' && r.action === 'queue').map((r) => r.khoros_key));
      let parts = 0;
      for (const kase of khoros.cases) {
        const planned = row('conversation', kase.id);
        const d = planned.detail;
        expect(d.items + d.skippedItems, kase.id).to.equal(kase.interactions.length);
        if (planned.action === 'queue') {
          expect(planned.reason, kase.id).to.equal('contact-unresolved');
          expect(queuedCustomers.has(String(kase.customerId)), kase.id).to.equal(true);
          continue;
        }
        expect(planned.action, kase.id).to.equal('create');
        expect(queuedCustomers.has(String(kase.customerId)), kase.id).to.equal(false);
        // Every item is the opening message, a reply of its own, or folded into a transcript note.
        expect((d.opening === 'synthetic' ? 0 : 1) + (d.partRoles.reply ?? 0) + d.foldedItems, kase.id).to.equal(d.items);
        parts += d.parts;
      }
      for (const conversation of khoros.conversations!) {
        const d = row('conversation', conversation.lswUuid).detail;
        expect(d.items + d.skippedItems, conversation.lswUuid).to.equal(conversation.messages.length + (conversation.notes?.length ?? 0));
      }
      expect(of('conversation', 'cases').parts).to.equal(parts);
      const empty = staged.dataset.meta.edgeCases!['case-without-interactions'].filter((id) => row('conversation', id).action !== 'queue');
      expect(empty).to.not.deep.equal([]);
      for (const id of empty) expect(row('conversation', id).detail.opening, id).to.equal('synthetic');
    });

    it('hangs the conversations of contacts it creates on those planned contacts, and of existing ones on their Intercom ids', () => {
      const updated = rows.filter((r) => r.object_type === 'contact' && r.action === 'update').map((r) => [r.khoros_key, r.intercom_id]);
      const cases = rows.filter((r) => r.object_type === 'conversation' && r.action !== 'queue');
      for (const c of cases) {
        const existing = updated.find(([customer]) => customer === c.detail.customerId);
        expect(c.detail.contactPlanned, c.khoros_key).to.equal(!existing);
        if (existing) {
          expect(c.detail.contactId).to.equal(existing[1]);
          expect(c.detail.payloadHash).to.match(/^[0-9a-f]{64}$/);
        }
      }
    });

    it('plans what provision sets up: attributes (adding missing options), tags, collections and sections', () => {
      expect(row('data_attribute', 'account_tier')).to.include({ action: 'update', reason: 'options-missing' });
      expect(row('data_attribute', 'account_tier').detail.addOptions).to.deep.equal(['platinum']);
      expect(row('conversation_attribute', 'khoros_case_id')).to.include({ action: 'create', reason: 'new' });
      const existingTags = (staged.dataset.intercom.tags ?? []).map((t) => t.name.toLowerCase());
      const tags = rows.filter((r) => r.object_type === 'tag');
      expect(tags.length).to.be.greaterThan(0);
      for (const t of tags) expect(t.action, t.khoros_key).to.equal(existingTags.includes(t.khoros_key.toLowerCase()) ? 'skip' : 'create');
      expect(of('section', 'kb_boards').create).to.equal(staged.dataset.khoros.kb!.boards.length);
      expect(of('article', 'kb_articles').total + (of('internal_article', 'kb_articles')?.total ?? 0)).to.equal(staged.dataset.khoros.kb!.articles.length);
    });

    it('stores every item in plans and the summary in plan_summaries', async () => {
      expect(rows).to.have.length(summary.totals.total);
      const [stored] = await staged.workspace.query<{ status: string; map_version: number; run_id: string; summary: PlanSummary }>(
        'SELECT status, map_version, run_id, summary FROM plan_summaries WHERE plan_id = $1', [summary.planId]);
      expect(stored).to.deep.equal({ status: 'complete', map_version: 1, run_id: staged.workspace.runId, summary });
      expect(summary.totals.total).to.equal(summary.objects.reduce((n, o) => n + o.total, 0));
      expect(summary.totals.create + summary.totals.update + summary.totals.skip + summary.totals.queue).to.equal(summary.totals.total);
    });

    it('writes nothing to Intercom: only GETs and searches, one walk of the contacts', () => {
      expect(requests.length).to.equal(summary.intercomRequests);
      expect(requests.filter((r) => !readOnly(r))).to.deep.equal([]);
      expect(requests.filter((r) => r.path === '/contacts')).to.have.length(1);
      expect(requests.map((r) => r.path).filter((p) => p.startsWith('/contacts/'))).to.deep.equal([]);
    });

    it('gives the same counts when run again', async () => {
      staged.sims.intercom.requests.clear();
      const again = await runPlan({ workspace: staged.workspace, mappingPath, config: staged.config });
      expect(again.planId).to.not.equal(summary.planId);
      expect(again.objects).to.deep.equal(summary.objects);
      expect(again.totals).to.deep.equal(summary.totals);
      expect(staged.sims.intercom.requests.entries.filter((r) => !readOnly(r))).to.deep.equal([]);
    });

    it('plans an archived contact attribute of the map (a rollback leaves them) as unarchived by provision when its type fits, else queued', async () => {
      const created = rows.find((r) => r.object_type === 'data_attribute' && r.action === 'create')!;
      const attributes = staged.sims.intercom.state.dataAttributes;
      const archive = (dataType: string) => attributes.set(`contact.${created.khoros_key}`, {
        type: 'data_attribute', id: 990001, model: 'contact', name: created.khoros_key, full_name: `custom_attributes.${created.khoros_key}`,
        label: created.khoros_key, description: '', data_type: dataType, api_writable: true, ui_writable: true, messenger_writable: false, custom: true, archived: true,
      });
      const planned = async () => {
        const again = await runPlan({ workspace: staged.workspace, mappingPath, config: staged.config });
        const [item] = await staged.workspace.query<{ action: string; reason: string; intercom_id: string | null }>(
          `SELECT action, reason, intercom_id FROM plans WHERE plan_id = $1 AND object_type = 'data_attribute' AND khoros_key = $2`, [again.planId, created.khoros_key]);
        return item;
      };
      try {
        archive(created.detail.dataType === 'options' ? 'string' : created.detail.dataType);
        expect(await planned()).to.deep.equal({ action: 'update', reason: 'unarchive', intercom_id: '990001' });
        archive(created.detail.dataType === 'boolean' ? 'integer' : 'boolean');
        expect(await planned()).to.include({ action: 'queue', reason: 'attribute-archived' });
      } finally {
        attributes.delete(`contact.${created.khoros_key}`);
      }
    });

    it('builds the lookups import shares from Intercom and the workspace in a handful of reads', async () => {
      const client = createIntercomClient(staged.config.intercom);
      const { mapping } = (await staged.workspace.query<{ mapping: any }>('SELECT mapping FROM mapping_versions ORDER BY version DESC LIMIT 1'))[0];
      const lookups = await buildImportLookups({ workspace: staged.workspace, intercom: client, mapping });
      expect(client.stats().requests).to.equal(7);
      expect(lookups.contactByCustomer.size, 'contacts are read per chunk').to.equal(0);
      const { dataset } = staged;
      for (const admin of dataset.intercom.admins ?? []) expect(lookups.adminByEmail.get(admin.email.toLowerCase())).to.equal(admin.id);
      expect(lookups.intercomBrandByName.get(dataset.intercom.brands![1].name.toLowerCase())).to.equal('9000002');
      expect(lookups.careTagNames.size).to.equal(dataset.khoros.tags!.length);
      for (const plan of dataset.khoros.campaigns ?? []) expect(lookups.campaignNames.get(plan.campaignId)).to.equal(plan.name);
      const contacts = await readIntercomContacts({ workspace: staged.workspace, intercom: client, mapping });
      expect(client.stats().requests).to.equal(8);
      const customers = (await staged.workspace.query<{ key: string }>('SELECT key FROM raw_customers')).map((r) => r.key);
      expect(contacts.matched).to.equal(dataset.meta.edgeCases!['intercom-contact-email-collides-with-customer'].length);
      const matches = await contacts.matchesOf(customers);
      expect([...matches.values()].map((m) => m.contact.id).sort()).to.deep.equal([...dataset.meta.edgeCases!['intercom-contact-email-collides-with-customer']].sort());
      await contacts.release();
      expect((await contacts.matchesOf(customers)).size, 'released').to.equal(0);
      expect(lookups.customerByAuthor.size).to.be.greaterThan(0);
      expect(lookups.communityHost).to.equal(dataset.khoros.instance?.communityHost ?? lookups.communityHost);
      expect(lookups.helpCenterLocales).to.deep.equal(dataset.intercom.help_centers![0].locales);
    });

    it('skips what the ledger says was written with the same payload, and updates what changed since', async () => {
      const ws = staged.workspace;
      const [same, changed] = rows.filter((r) => r.object_type === 'contact' && r.action === 'create').map((r) => r);
      const write = async (objectType: string, key: string, hash: string, intercomId: string) => {
        const seq = await recordIntent(ws, { objectType, khorosKey: key, operation: 'create', payloadHash: hash, endpoint: 'POST /x', runId: 'import-1' });
        await recordDone(ws, seq, { intercomId });
      };
      await write('contact', same.khoros_key, same.detail.payloadHash, 'aaaaaaaaaaaaaaaaaaaaaaa1');
      await write('contact', changed.khoros_key, '0'.repeat(64), 'aaaaaaaaaaaaaaaaaaaaaaa2');
      const second = await runPlan({ workspace: ws, mappingPath, config: staged.config });
      const planned = async (planId: string, objectType: string, key: string) => (await ws.query<PlanRow>(
        'SELECT object_type, family, khoros_key, action, intercom_id, reason, detail FROM plans WHERE plan_id = $1 AND object_type = $2 AND khoros_key = $3', [planId, objectType, key]))[0];
      expect(await planned(second.planId, 'contact', same.khoros_key)).to.include({ action: 'skip', reason: 'already-migrated', intercom_id: 'aaaaaaaaaaaaaaaaaaaaaaa1' });
      expect(await planned(second.planId, 'contact', changed.khoros_key)).to.include({ action: 'update', reason: 'payload-changed', intercom_id: 'aaaaaaaaaaaaaaaaaaaaaaa2' });
      expect(second.ledger).to.equal(true);
      expect(second.ledgerWrites).to.equal(2);

      // A conversation of the migrated contact now hangs on its id, so its payload hash is the import's.
      const kase = staged.dataset.khoros.cases.find((c) => c.customerId === same.khoros_key)!;
      const before = await planned(second.planId, 'conversation', kase.id);
      expect(before).to.include({ action: 'create' });
      expect(before.detail.contactId).to.equal('aaaaaaaaaaaaaaaaaaaaaaa1');
      await write('conversation', kase.id, before.detail.payloadHash, '900001');
      const third = await runPlan({ workspace: ws, mappingPath, config: staged.config });
      expect(await planned(third.planId, 'conversation', kase.id)).to.include({ action: 'skip', reason: 'already-migrated', intercom_id: '900001' });
      expect(third.objects.find((o) => o.objectType === 'contact')!.skip).to.equal(1);
      await ws.query(`DELETE FROM ledger WHERE run_id = 'import-1'`);
    });

    it('under noEmail: lead, creates customers without an email as leads with a queue entry, and folds the 520-interaction case under 500 parts', async () => {
      const skipMap = await readFile(mappingPath, 'utf8');
      const catalog = await readIntercomCatalog(staged.config.intercom);
      try {
        await writeFile(mappingPath, skipMap.replace('noEmail: skip', 'noEmail: lead'));
        await confirmMap({ workspace: staged.workspace, mappingPath, intercom: catalog });
        const lead = await runPlan({ workspace: staged.workspace, mappingPath, config: staged.config });
        const leadRows = await staged.workspace.query<PlanRow>(
          'SELECT object_type, family, khoros_key, action, intercom_id, reason, detail FROM plans WHERE plan_id = $1', [lead.planId]);
        const get = (objectType: string, key: string) => leadRows.find((r) => r.object_type === objectType && r.khoros_key === key)!;
        const contacts = lead.objects.find((o) => o.objectType === 'contact')!;
        const skipContacts = of('contact', 'customers');
        const withoutEmail = skipContacts.reasons['customer-without-email'];
        expect(contacts.queue).to.equal(1);
        expect(contacts.create).to.equal(skipContacts.create + withoutEmail);
        expect(contacts.flagged).to.be.at.least(withoutEmail);
        for (const id of staged.dataset.meta.edgeCases!['customer-without-email']) {
          const planned = get('contact', id);
          expect(planned).to.include({ action: 'create', reason: 'new' });
          expect(planned.detail.role).to.equal('lead');
          expect(planned.detail.queue).to.include({ rule: 'customer-without-email', action: 'lead' });
        }

        const [id] = staged.dataset.meta.edgeCases!['case-with-over-500-interactions'];
        const kase = staged.dataset.khoros.cases.find((c) => c.id === id)!;
        const big = get('conversation', id);
        expect(big.action).to.equal('create');
        const d = big.detail;
        expect(d.items + d.skippedItems).to.equal(kase.interactions.length).and.be.greaterThan(500);
        expect(d.parts).to.be.at.most(500);
        expect(d.foldedItems).to.be.greaterThan(0);
        expect(d.partRoles.transcript).to.equal(d.transcriptNotes).and.be.greaterThan(0);
        expect(1 + (d.partRoles.reply ?? 0) + d.foldedItems).to.equal(d.items);
        expect(d.findings.map((f: { rule: string }) => f.rule)).to.include('parts-over-500');
        expect(lead.objects.find((o) => o.objectType === 'conversation' && o.family === 'cases')!.findings['parts-over-500']).to.equal(1);
      } finally {
        await writeFile(mappingPath, skipMap);
        await confirmMap({ workspace: staged.workspace, mappingPath, intercom: catalog });
      }
    });

    it('refuses once the map file is edited, naming the change', async () => {
      const text = await readFile(mappingPath, 'utf8');
      try {
        await writeFile(mappingPath, text.replace('noEmail: skip', 'noEmail: lead'));
        const error = await runPlan({ workspace: staged.workspace, mappingPath, config: staged.config }).then(() => null, (e: unknown) => e);
        expect(error).to.be.instanceOf(MappingError);
        expect((error as MappingError).code).to.equal('mapping_changed');
        expect((error as MappingError).message).to.match(/^plan refused: .*mapping\.yaml changed since it was confirmed/).and.include('policies.noEmail');
      } finally {
        await writeFile(mappingPath, text);
      }
    });

    it('plan (CLI) prints the table to stderr and the summary to stdout; exit 2 with the gate\'s message on an edited map', async () => {
      await staged.workspace.close();
      const text = await readFile(mappingPath, 'utf8');
      staged.sims.intercom.requests.clear();
      const ok = await runPlanCli(['plan', '--config', configPath, '--mapping', mappingPath]);
      expect(ok.code, ok.stderr).to.equal(0);
      const printed = JSON.parse(ok.stdout) as PlanSummary;
      expect(printed.objects).to.deep.equal(summary.objects);
      expect(ok.stderr).to.match(/^plan plan-\S+ \(map version 3, 0 earlier writes in the ledger; \d+ Intercom reads, nothing written\)\n/);
      expect(ok.stderr).to.match(/\ncontacts +customers +\d+ +2 +0 +\d+ +20\n/);
      expect(staged.sims.intercom.requests.entries.filter((r) => !readOnly(r))).to.deep.equal([]);
      try {
        await writeFile(mappingPath, `${text}\n# edited\n`);
        const refused = await runPlanCli(['plan', '--config', configPath, '--mapping', mappingPath]);
        expect(refused.code).to.equal(2);
        expect(refused.stdout).to.equal('');
        expect(refused.stderr).to.match(/^khoros2intercom plan: plan refused: .*mapping\.yaml changed since it was confirmed .*\n {2}- only comments or formatting changed/);
      } finally {
        await writeFile(mappingPath, text);
      }
    });

    it('finds a conversation Intercom already has by its case id attribute (one search per chunk) and plans an update of it', async () => {
      const ws = await openWorkspace(staged.path, { stage: 'plan' });
      try {
        const client = createIntercomClient(staged.config.intercom);
        const updated = rows.find((r) => r.object_type === 'contact' && r.action === 'update' && r.detail.role === 'user')!;
        const kase = staged.dataset.khoros.cases.find((c) => c.customerId === updated.khoros_key)!;
        // Set up by hand here: an earlier tool run that left no ledger.
        await client.request('POST', '/conversations/attributes', { json: { name: 'khoros_case_id', data_type: 'string' } });
        const message = await client.request<{ conversation_id: string }>('POST', '/conversations', { json: { from: { type: 'user', id: updated.intercom_id }, body: 'migrated before' } });
        await client.request('PUT', `/conversations/${message.conversation_id}`, { json: { custom_attributes: { khoros_case_id: kase.id } } });
        staged.sims.intercom.requests.clear();
        const later = await runPlan({ workspace: ws, mappingPath, config: staged.config });
        const searches = staged.sims.intercom.requests.entries.filter((r) => r.path === '/conversations/search');
        expect(searches).to.have.length(Math.ceil(staged.dataset.khoros.cases.length / 500));
        expect(staged.sims.intercom.requests.entries.filter((r) => !readOnly(r))).to.deep.equal([]);
        const [planned] = await ws.query<PlanRow>(
          `SELECT object_type, family, khoros_key, action, intercom_id, reason, detail FROM plans WHERE plan_id = $1 AND object_type = 'conversation' AND khoros_key = $2`,
          [later.planId, kase.id]);
        expect(planned).to.include({ action: 'update', reason: 'exists-in-intercom', intercom_id: message.conversation_id });
        const [attribute] = await ws.query<PlanRow>(
          `SELECT object_type, family, khoros_key, action, intercom_id, reason, detail FROM plans WHERE plan_id = $1 AND object_type = 'conversation_attribute' AND khoros_key = 'khoros_case_id'`,
          [later.planId]);
        expect(attribute).to.include({ action: 'skip', reason: 'exists' });
      } finally {
        await ws.close();
      }
    });
  });
});
