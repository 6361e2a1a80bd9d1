import { expect } from 'chai';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MappingError } from '../../../pipeline/errors.ts';
import { nameSimilarity, newAttributeName, snakeCase } from '../../../pipeline/mapping/attribute-name.ts';
import type { FieldProposer } from '../../../pipeline/mapping/field-proposer.ts';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { fieldProposalInputs, proposeMap, type ProposalCatalog } from '../../../pipeline/mapping/propose-map.ts';
import { parseMapping, readMapping } from '../../../pipeline/mapping/read-mapping.ts';
import type { FieldProfile, SourceProfile } from '../../../pipeline/mapping/source-profile.ts';
import { mappingToYaml, writeMapping } from '../../../pipeline/mapping/write-mapping.ts';

const field = (path: string, extra: Partial<FieldProfile> = {}): FieldProfile => ({
  path, custom: false, inferredType: 'string', rows: 10, nullRate: 0, distinct: 10, samples: ['a'], longest: 5, failing: [], ...extra,
});

const PROFILE: SourceProfile = {
  families: {
    customers: [
      field('Plan Level', { custom: true, declaredType: 'text' }),
      field('email'),
      field('id'),
      field('npsValue', { custom: true, declaredType: 'number', inferredType: 'integer', samples: ['7'], failing: ['n/a'] }),
      field('planLevel', { custom: true, declaredType: 'single_sel_list', inferredType: 'options', options: ['a', 'b'], optionLabels: { a: 'A', b: 'B' } }),
    ],
    cases: [field('id'), field('priority', { inferredType: 'integer', samples: ['1'] }), field('status', { inferredType: 'options', options: ['open', 'weird'] })],
    conversations: [field('priority', { inferredType: 'integer', samples: ['1'] })],
    interactions: [field('created', { inferredType: 'date' }), field('id'), field('kind', { inferredType: 'options', options: ['message', 'note', 'call'] })],
    authors: [],
    kb_articles: [field('language', { inferredType: 'options', options: ['EN', 'pt_br'] }), field('visibility', { inferredType: 'options', options: ['public', 'secret'] })],
  },
};

const CATALOG: ProposalCatalog = {
  dataAttributes: [
    { name: 'nps_score', model: 'contact', data_type: 'integer', custom: true },
    { name: 'khoros_plan_level', model: 'company', data_type: 'string', custom: true },
    { name: 'email', model: 'contact', data_type: 'string', custom: false },
  ],
  conversationAttributes: [],
  admins: [{ id: '42', email: 'Ann@Example.com' }, { id: '43', email: 'bob@example.com' }],
  brands: [],
  helpCenters: [{ id: '1', locales: ['en'] }],
};

describe('proposeMap on a hand-made profile', () => {
  const { mapping, report } = proposeMap({ profile: PROFILE, intercom: CATALOG, agents: [{ email: 'ann@example.com' }, { email: 'zed@example.com' }] });
  const customers = mapping.objects.customers.fields;

  it('names new attributes in snake case with the prefix, avoiding every name Intercom has', () => {
    // khoros_plan_level is a company attribute: Intercom refuses the name for contacts too.
    expect(customers.find((f) => f.source === 'Plan Level')!.target).to.deep.equal({ attribute: 'khoros_plan_level_2', dataType: 'string', create: true });
    expect(customers.find((f) => f.source === 'planLevel')!.target).to.deep.equal({ attribute: 'khoros_plan_level_3', dataType: 'options', options: ['A', 'B'], create: true });
    expect(customers.find((f) => f.source === 'planLevel')!.conversion).to.deep.equal({ type: 'valueMap', values: { a: 'A', b: 'B' } });
  });

  it('does not match a name that is only somewhat similar, and says which one was closest', () => {
    const nps = customers.find((f) => f.source === 'npsValue')!;
    expect(nps.target).to.deep.equal({ attribute: 'khoros_nps_value', dataType: 'integer', create: true });
    expect(nps.evidence!.reasons[0]).to.match(/closest, "nps_score" \(integer\), has name similarity 0\.56, below 0\.8/);
  });

  it('maps unknown case statuses to open and says so', () => {
    const status = mapping.objects.cases.fields.find((f) => f.source === 'status')!;
    expect(status.conversion).to.deep.equal({ type: 'valueMap', values: { open: 'open', pending: 'open', resolved: 'closed', closed: 'closed', weird: 'open' } });
    expect(status.evidence!.reasons.join('\n')).to.match(/"weird"/);
  });

  it('fills agents, parts, articles and policies', () => {
    expect(mapping.objects.agents.resolved).to.deep.equal({ 'ann@example.com': '42', 'zed@example.com': null });
    expect(mapping.policies.fallbackAdminId).to.equal('42');
    expect(mapping.objects.cases.parts).to.deep.equal({ orderBy: 'created', tieBreak: 'id', kinds: { message: 'comment', note: 'note', status_change: 'note', call: 'note' } });
    expect(mapping.objects.kb_articles.visibility).to.deep.include({ secret: 'skip' });
    expect(mapping.objects.kb_articles.locales).to.deep.equal({ EN: 'en', pt_br: 'pt-BR' });
    expect(report.warnings.join('\n')).to.include('not enabled on the help center').and.include('pt-BR').and.include('zed@example.com');
  });

  it('asks a configured proposer first and falls back to the deterministic one', () => {
    const proposer: FieldProposer = {
      name: 'fake-llm',
      propose: (input) => input.field.path === 'npsValue'
        ? { source: 'npsValue', target: { skip: true, reason: 'the model says so' }, conversion: { type: 'string' }, lossy: false, default: null, evidence: { confidence: 0.4, reasons: ['model'] } }
        : undefined,
    };
    const withModel = proposeMap({ profile: PROFILE, intercom: CATALOG, agents: [], options: { proposer } });
    expect(withModel.mapping.objects.customers.fields.find((f) => f.source === 'npsValue')!.target).to.deep.equal({ skip: true, reason: 'the model says so' });
    expect(withModel.mapping.objects.customers.fields.find((f) => f.source === 'planLevel')!.target).to.have.property('attribute');
    expect(withModel.report.proposer).to.equal('fake-llm → deterministic');
    expect(fieldProposalInputs({ profile: PROFILE, intercom: CATALOG, agents: [] }).map((i) => `${i.object}.${i.field.path}`))
      .to.deep.equal(['customers.Plan Level', 'customers.npsValue', 'customers.planLevel', 'cases.priority', 'conversations.priority']);
  });

  it('compares names in snake case', () => {
    expect(snakeCase('accountTier')).to.equal('account_tier');
    expect(snakeCase('HTTPStatusCode')).to.equal('http_status_code');
    expect(nameSimilarity('Account tier', 'ACCOUNT-TIER')).to.equal(1);
    expect(newAttributeName('k_', 'Größe.Wert$', new Set())).to.equal('k_größe_wert');
    expect(newAttributeName('k_', 'tier', new Set(['k_tier', 'k_tier_2']))).to.equal('k_tier_3');
  });
});

describe('reading and writing the map file', () => {
  const { mapping } = proposeMap({ profile: PROFILE, intercom: CATALOG, agents: [] });
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'k2i-read-map-')); });

  it('round-trips a written map', async () => {
    const path = join(dir, 'mapping.yaml');
    await writeMapping(path, mapping);
    expect(await readMapping(path)).to.deep.equal(mapping);
    expect(mappingToYaml(mapping)).to.equal(mappingToYaml(structuredClone(mapping)));
  });

  it('replaces a map file whole, through a temporary file renamed over it (nothing left beside it)', async () => {
    const path = join(dir, 'replaced.yaml');
    await writeFile(path, 'a person\'s older map\n');
    await writeMapping(path, mapping);
    expect(await readMapping(path)).to.deep.equal(mapping);
    expect((await readdir(dir)).filter((f) => f.startsWith('replaced.yaml'))).to.deep.equal(['replaced.yaml']);
  });

  const broken = (edit: (m: Mapping) => void): string => {
    const copy = structuredClone(mapping);
    edit(copy);
    return mappingToYaml(copy);
  };
  const problemsOf = (text: string): string[] => {
    try {
      parseMapping(text, 'mapping.yaml');
    } catch (error) {
      expect(error).to.be.instanceOf(MappingError);
      expect((error as MappingError).code).to.equal('mapping_invalid');
      return [...(error as MappingError).problems];
    }
    throw new Error('the map was accepted');
  };

  it('names the YAML path, the line and the value of every problem at once', () => {
    const text = broken((m) => {
      (m.objects.customers.fields[3].conversion as { type: string }).type = 'number';
      (m.policies as { noEmail: string }).noEmail = 'ignore';
      (m.objects.cases.fields[0] as unknown as Record<string, unknown>).colour = 'red';
    });
    const problems = problemsOf(text);
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(problems).to.include(`objects.customers.fields[3].conversion.type (line ${line('type: number')}): must be one of "string", "integer", "float", "boolean", "date", "valueMap", "email", "html"; found "number"`);
    expect(problems).to.include(`policies.noEmail (line ${line('noEmail: ignore')}): must be one of "skip", "lead", "placeholder"; found "ignore"`);
    expect(problems.some((p) => /^objects\.cases\.fields\[0\]\.colour \(line \d+\): is not a known key here$/.test(p))).to.equal(true, problems.join('\n'));
  });

  it('explains a target that is none of the four shapes', () => {
    const problems = problemsOf(broken((m) => { (m.objects.customers.fields[0] as { target: unknown }).target = { attrib: 'x' }; }));
    expect(problems.join('\n')).to.match(/objects\.customers\.fields\[0\]\.target \(line \d+\): must have one of the keys standard, attribute, tag, skip; found \{"attrib":"x"\}/);
  });

  it('refuses an attribute without its type, a bad name and an options attribute without options', () => {
    const problems = problemsOf(broken((m) => {
      m.objects.customers.fields[0].target = { attribute: 'plan.level', create: true } as never;
      m.objects.customers.fields[1].target = { attribute: 'tier', dataType: 'options', create: true };
    })).join('\n');
    expect(problems).to.match(/fields\[0\]\.target.*must have required property 'dataType'/);
    expect(problems).to.match(/fields\[0\]\.target\.attribute.*must match pattern/);
    expect(problems).to.match(/fields\[1\]\.target.*must have required property 'options'/);
  });

  it('requires a placeholder email with {id} when noEmail is placeholder', () => {
    expect(problemsOf(broken((m) => { m.policies.noEmail = 'placeholder'; })).join('\n')).to.match(/^policies \(line \d+\): must have required property 'placeholderEmail'/m);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('version: 1\nsource: [unclosed\n')[0]).to.match(/^line \d+: /);
    expect(problemsOf('version: 1\nversion: 1\n')[0]).to.match(/line 2: .*[Uu]nique/);
  });

  it('says when the file cannot be read', async () => {
    try {
      await readMapping(join(dir, 'missing.yaml'));
      expect.fail('read a missing file');
    } catch (error) {
      expect((error as Error).message).to.match(/missing\.yaml: cannot read the file \(ENOENT\); run map propose/);
    }
  });

  it('accepts a hand edit that keeps the schema', async () => {
    const path = join(dir, 'edited.yaml');
    const text = mappingToYaml(mapping).replace('noEmail: lead', 'noEmail: skip');
    await writeFile(path, text);
    expect((await readMapping(path)).policies.noEmail).to.equal('skip');
  });
});
