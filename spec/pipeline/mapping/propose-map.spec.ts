import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertField } from '../../../pipeline/mapping/convert-value.ts';
import type { FieldMap, Mapping } from '../../../pipeline/mapping/mapping.ts';
import { profileSource } from '../../../pipeline/mapping/profile-source.ts';
import { proposeMap, type ProposalCatalog, type ProposalReport, type StagedAgent } from '../../../pipeline/mapping/propose-map.ts';
import { readProposalCatalog } from '../../../pipeline/mapping/read-intercom-catalog.ts';
import { parseMapping } from '../../../pipeline/mapping/read-mapping.ts';
import { runMapPropose } from '../../../pipeline/mapping/run-map-propose.ts';
import type { SourceProfile } from '../../../pipeline/mapping/source-profile.ts';
import { mappingToYaml } from '../../../pipeline/mapping/write-mapping.ts';
import { stageDataset, type StagedDataset } from './stage-dataset.ts';

const BIN = new URL('../../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

/** The value a converted custom field must be, per attribute type. */
function fits(row: FieldMap, value: unknown): boolean {
  if (!('attribute' in row.target)) return false;
  switch (row.target.dataType) {
    case 'integer': return Number.isSafeInteger(value);
    case 'float': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'date': return Number.isSafeInteger(value);
    case 'options': return typeof value === 'string' && row.target.options!.includes(value);
    default: return typeof value === 'string';
  }
}

describe('map propose on the medium dataset', function () {
  this.timeout(300_000);
  let staged: StagedDataset;
  let catalog: ProposalCatalog;
  let profile: SourceProfile;
  let agents: StagedAgent[];
  let brands: { id: string; name: string }[];
  let mapping: Mapping;
  let report: ProposalReport;
  let dir: string;

  before(async () => {
    staged = await stageDataset('medium');
    dir = await mkdtemp(join(tmpdir(), 'k2i-propose-'));
    catalog = await readProposalCatalog(staged.config.intercom);
    profile = await profileSource(staged.workspace);
    agents = await staged.workspace.query<StagedAgent>('SELECT email, name FROM agents ORDER BY id');
    brands = await staged.workspace.query<{ id: string; name: string }>(`SELECT key AS id, payload->>'name' AS name FROM raw_brands ORDER BY key`);
    ({ mapping, report } = proposeMap({ profile, intercom: catalog, agents, brands }));
  });
  after(async () => staged?.close());

  const row = (object: 'customers' | 'cases' | 'authors' | 'conversations', source: string): FieldMap => {
    const found = mapping.objects[object].fields.find((f) => f.source === source);
    if (!found) throw new Error(`no row for ${object}.${source}`);
    return found;
  };

  it('covers every declared custom field with an attribute of the right model', () => {
    const declared = staged.dataset.khoros.customFields!;
    for (const [object, fields] of [['customers', declared.customer!], ['cases', declared.case!]] as const) {
      expect(fields.length, object).to.be.greaterThan(0);
      for (const f of fields) {
        const target = row(object, f.name).target;
        expect(target, `${object}.${f.name}`).to.have.property('attribute');
      }
    }
  });

  it('gives each custom field a type into which every staged value converts, except the planted bad ones', async () => {
    const planted = staged.dataset.meta.edgeCases!;
    const expected = new Set([
      ...planted['custom-field-text-in-number-field'].map((id) => `customers/${id}/loyaltyNumber`),
      ...planted['custom-field-option-not-in-list'].map((id) => `cases/${id}/productLine`),
      ...planted['custom-field-malformed-date'].map((id) => `cases/${id}/followUpDate`),
    ]);
    expect(expected.size).to.equal(3);
    const failed = new Set<string>();
    let converted = 0;
    const declared = staged.dataset.khoros.customFields!;
    for (const [object, fields] of [['customers', declared.customer!], ['cases', declared.case!]] as const) {
      const records = await staged.workspace.query<{ key: string; payload: Record<string, unknown> }>(`SELECT key, payload FROM raw_${object}`);
      for (const f of fields) {
        const fieldRow = row(object, f.name);
        for (const { key, payload } of records) {
          const result = convertField(fieldRow, payload[f.name]);
          if (!result.ok) failed.add(`${object}/${key}/${f.name}`);
          else if (result.value !== null) {
            converted++;
            expect(fits(fieldRow, result.value), `${object}/${key}/${f.name}: ${JSON.stringify(result.value)} into ${JSON.stringify(fieldRow.target)}`).to.equal(true);
          }
        }
      }
    }
    expect([...failed].sort()).to.deep.equal([...expected].sort());
    expect(converted).to.be.greaterThan(40_000);
  });

  it('matches accountTier to the existing account_tier attribute and says why', () => {
    const tier = row('customers', 'accountTier');
    expect(tier.target).to.deep.equal({ attribute: 'account_tier', dataType: 'options', options: ['bronze', 'silver', 'gold', 'platinum'], create: false });
    expect(tier.conversion).to.deep.equal({ type: 'valueMap', values: { bronze: 'bronze', silver: 'silver', gold: 'gold', platinum: 'platinum' } });
    expect(tier.evidence!.confidence).to.equal(1);
    expect(tier.evidence!.reasons.join('\n')).to.match(/existing contact attribute "account_tier".*accountTier.*account_tier/).and.match(/lacks: "platinum"/);
  });

  it('types the text-in-number field integer and quarantines "N/A"', () => {
    const loyalty = row('customers', 'loyaltyNumber');
    expect(loyalty.target).to.deep.equal({ attribute: 'khoros_loyalty_number', dataType: 'integer', create: true });
    expect(profile.families.customers.find((f) => f.path === 'loyaltyNumber')!.failing).to.deep.equal(['N/A']);
    expect(report.fields.find((f) => f.source === 'loyaltyNumber')!.failing).to.deep.equal(['N/A']);
    expect(loyalty.evidence!.reasons.join('\n')).to.match(/loyalty_id.*similarity 0\.\d+/).and.match(/"N\/A"/);
  });

  it('keeps the option-not-in-list field a list and quarantines the stray value', () => {
    const line = row('cases', 'productLine');
    // The workspace's "Product line" conversation list spells its options as labels.
    expect(line.target).to.deep.equal({ attribute: 'Product line', dataType: 'options', options: ['Hardware', 'Software', 'Subscriptions', 'Accessories'], create: false });
    expect(line.conversion).to.deep.equal({ type: 'valueMap', values: { hardware: 'Hardware', software: 'Software', subscriptions: 'Subscriptions', accessories: 'Accessories' } });
    expect(report.fields.find((f) => f.object === 'cases' && f.source === 'productLine')!.failing).to.deep.equal(['gadgets-legacy']);
  });

  it('types the malformed-date field date and quarantines 31/02/2025', () => {
    const followUp = row('cases', 'followUpDate');
    expect(followUp.target).to.deep.equal({ attribute: 'khoros_follow_up_date', dataType: 'date', create: true });
    expect(convertField(followUp, '31/02/2025').ok).to.equal(false);
    expect(report.fields.find((f) => f.source === 'followUpDate')!.failing).to.deep.equal(['31/02/2025']);
  });

  it('maps the other custom fields to the type their values have', () => {
    expect(row('customers', 'vip').target).to.deep.include({ dataType: 'boolean', create: true });
    expect(row('customers', 'birthDate').target).to.deep.include({ dataType: 'date' });
    expect(row('customers', 'region').target).to.deep.include({ dataType: 'string' });
    expect(row('cases', 'refundAmount').target).to.deep.include({ attribute: 'khoros_refund_amount', dataType: 'float' });
    expect(row('cases', 'escalated').target).to.deep.include({ dataType: 'boolean' });
    expect(row('cases', 'orderNumber').target).to.deep.equal({ attribute: 'Order number', dataType: 'string', create: false });
  });

  it('maps standard fields to standard Intercom fields with value maps where the vocabularies differ', () => {
    expect(row('customers', 'email')).to.deep.include({ target: { standard: 'email' }, conversion: { type: 'email' } });
    expect(row('customers', 'id').target).to.deep.equal({ standard: 'external_id' });
    expect(row('customers', 'phoneNumbers')).to.deep.include({ target: { standard: 'phone' }, item: 0, lossy: true });
    expect(row('customers', 'location').target).to.deep.include({ attribute: 'khoros_location' });
    expect(row('cases', 'status')).to.deep.include({ target: { standard: 'state' }, lossy: true });
    expect(row('cases', 'status').conversion).to.deep.equal({ type: 'valueMap', values: { open: 'open', pending: 'open', resolved: 'closed', closed: 'closed' } });
    expect(row('cases', 'id').target).to.deep.equal({ attribute: 'khoros_case_id', dataType: 'string', create: true });
    expect(row('cases', 'initiativeId').target).to.deep.equal({ tag: 'initiative: {name}' });
    expect(row('cases', 'created')).to.deep.include({ target: { standard: 'created_at' } });
    expect(row('conversations', 'createDate').conversion).to.deep.equal({ type: 'date', formats: ['epoch-ms'] });
    // Case and Care priorities share one attribute (no 2.16 request sets a conversation's priority).
    expect(row('cases', 'priority').target).to.deep.equal(row('conversations', 'priority').target);
  });

  it('resolves agents to admins by email in any letter case and names the ones without an admin', () => {
    const resolved = mapping.objects.agents.resolved!;
    expect(Object.keys(resolved)).to.have.length(agents.length);
    const planted = staged.dataset.meta.edgeCases!['agent-without-intercom-admin'];
    const orphans = Object.entries(resolved).filter(([, id]) => id === null).map(([email]) => email);
    expect(orphans).to.have.length(planted.length);
    const recased = staged.dataset.intercom.admins!.filter((a) => staged.dataset.khoros.agents!.some((g) => g.email !== a.email && g.email.toLowerCase() === a.email.toLowerCase()));
    expect(recased.length).to.be.greaterThan(0);
    for (const admin of recased) expect(resolved[admin.email.toLowerCase()]).to.equal(admin.id);
    expect(mapping.policies).to.deep.equal({ noEmail: 'lead', fallbackAdminId: catalog.admins[0].id, attributePrefix: 'khoros_', caseIdAttribute: 'khoros_case_id' });
  });

  it('maps the brand named like an Intercom brand to it and leaves the rest to tags', () => {
    const values = (row('cases', 'brandId').conversion as { values: Record<string, string | null> }).values;
    const shared = staged.dataset.intercom.brands!.find((b) => staged.dataset.khoros.brands!.some((k) => k.name === b.name))!;
    const khoros = staged.dataset.khoros.brands!.find((k) => k.name === shared.name)!;
    expect(values[khoros.id]).to.equal(shared.id);
    expect(Object.values(values).filter((v) => v === null)).to.have.length(staged.dataset.khoros.brands!.length - 1);
  });

  it('keeps article visibility and lists the locales the help center lacks', () => {
    expect(mapping.objects.kb_articles.visibility).to.deep.equal({ public: 'article', registered: 'article', 'agent-only': 'internal_article' });
    expect(mapping.objects.kb_articles.locales.en).to.equal('en');
    expect(report.warnings.join('\n')).to.match(/locales not enabled on the help center.*ja/);
  });

  it('is deterministic: proposing twice writes byte-identical YAML', async () => {
    const again = proposeMap({ profile: await profileSource(staged.workspace), intercom: await readProposalCatalog(staged.config.intercom), agents, brands });
    expect(mappingToYaml(again.mapping)).to.equal(mappingToYaml(mapping));
    expect(JSON.stringify(again.report)).to.equal(JSON.stringify(report));
  });

  it('round-trips through YAML and the schema', () => {
    const text = mappingToYaml(mapping);
    expect(text).to.match(/^# khoros2intercom field map/);
    expect(parseMapping(text, 'mapping.yaml')).to.deep.equal(mapping);
  });

  it('writes the map and a report with the evidence of every field', async () => {
    const out = join(dir, 'mapping.yaml');
    const proposal = await runMapPropose({ workspace: staged.workspace, intercom: catalog, out });
    expect(await readFile(out, 'utf8')).to.equal(mappingToYaml(proposal.mapping));
    expect(proposal.mapping.source.runId).to.be.a('string');
    const markdown = await readFile(join(dir, 'mapping.report.md'), 'utf8');
    expect(markdown).to.include('| `loyaltyNumber` (custom number, integer) | attribute khoros_loyalty_number (integer, new) | integer | 0.80 |');
    expect(markdown).to.match(/`followUpDate`.*`31\/02\/2025` \|/);
    expect(markdown).to.match(/`productLine`.*`gadgets-legacy` \|/);
    const json = JSON.parse(await readFile(join(dir, 'mapping.report.json'), 'utf8')) as ProposalReport;
    const tier = json.fields.find((f) => f.source === 'accountTier')!;
    expect(tier).to.include({ target: 'attribute account_tier (options, existing)', confidence: 1, distinct: 4 });
    expect(tier.samples).to.have.members(['bronze', 'silver', 'gold', 'platinum']);
    expect(tier.nullRate).to.be.within(0.2, 0.6);
    expect(json.fields).to.have.length(proposal.report.summary.rows);
  });

  it('runs as the map propose command and prints a summary', async () => {
    const configPath = join(dir, 'config.json');
    await writeFile(configPath, JSON.stringify(staged.sims.config));
    // DuckDB lets one process hold the file: hand it to the command.
    await staged.workspace.close();
    const out = join(dir, 'cli', 'mapping.yaml');
    await mkdir(join(dir, 'cli'));
    const child = spawn(process.execPath, [BIN, 'map', 'propose', '--config', configPath, '--workspace', staged.path, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, stderr).to.equal(0);
    expect(stderr).to.match(/proposed .*mapping\.yaml: \d+ fields/).and.match(/map confirm/);
    const written = parseMapping(await readFile(out, 'utf8'), out);
    expect({ ...written, source: { ...written.source, runId: undefined } }).to.deep.equal({ ...mapping, source: { ...mapping.source, runId: undefined } });
  });
});
