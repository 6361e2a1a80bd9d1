import { expect } from 'chai';
import { convertValue, isEmptyValue } from '../../../pipeline/mapping/convert-value.ts';
import type { Conversion } from '../../../pipeline/mapping/mapping.ts';
import { canonicalJson, profileHash, profileShape, profileSource } from '../../../pipeline/mapping/profile-source.ts';
import type { FieldProfile, SourceProfile } from '../../../pipeline/mapping/source-profile.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

const DECLARED = {
  name: 'customer',
  fields: [
    { name: 'score', label: 'Score', type: 'number', searchable: true, listValues: [] },
    { name: 'ratio', label: 'Ratio', type: 'number', listValues: [] },
    { name: 'tier', label: 'Tier', type: 'single_sel_list', listValues: [{ name: 'Gold', value: 'gold' }, { name: 'Silver', value: 'silver' }] },
    { name: 'since', label: 'Customer since', type: 'date', listValues: [] },
    { name: 'flag', label: 'Flag', type: 'checkbox', listValues: [] },
    { name: 'note', label: 'Note', type: 'text', listValues: [] },
    { name: 'code', label: 'Code', type: 'number', listValues: [] },
    { name: 'never', label: 'Never filled', type: 'number', listValues: [] },
  ],
};

/** Ten customers with every kind of awkward value. */
const CUSTOMERS: Record<string, unknown>[] = [
  { score: 1, ratio: 0.5, tier: 'gold', since: '2024-01-31', flag: true, note: '12345', code: 'A1', zip: '01234', address: { city: 'Oslo' }, phones: ['+4711'], color: 'red', blank: '' },
  { score: 2, ratio: 2, tier: 'gold', since: '2024-02-29T10:00:00Z', flag: false, note: '12346', code: 'B2', zip: '01235', address: null, phones: [], color: 'red', blank: '  ' },
  { score: '3', ratio: '3.25', tier: 'gold', since: '2024-03-01T10:00:00.123+02:00', flag: 'true', note: 'x', code: 'C3', zip: '01236', address: { city: 'Bergen' }, color: 'blue' },
  { score: 4, tier: 'gold', since: '31/02/2025', flag: false, code: 4, color: 'blue' },
  { score: 'N/A', tier: 'gold', since: '2025-02-31', color: 'green' },
  { score: 6, tier: 'silver', since: '2025-03-01', color: 'green' },
  { score: 7, tier: 'silver', color: 'red' },
  { score: 8, tier: 'silver', color: 'red' },
  { score: null, tier: 'bronze-old', color: 'blue' },
  { score: 5, color: 'green' },
];

async function stage(workspace: Workspace, customers: Record<string, unknown>[], from = 0): Promise<void> {
  await workspace.writePage({
    family: 'custom_fields', stream: 'custom_fields', endpoint: 'GET /meta/object/customer', quarantined: [], checkpoint: { done: true },
    rows: [{ key: 'customer', payload: DECLARED }],
  });
  await workspace.writePage({
    family: 'customers', stream: 'customers', endpoint: 'GET /customers', quarantined: [], checkpoint: { done: true },
    rows: customers.map((c, i) => ({ key: `C${from + i}`, payload: { id: `C${from + i}`, email: null, ...c } })),
  });
}

const field = (profile: SourceProfile, path: string): FieldProfile => {
  const found = profile.families.customers.find((f) => f.path === path);
  if (!found) throw new Error(`no field ${path} in ${profile.families.customers.map((f) => f.path).join(', ')}`);
  return found;
};

describe('profileSource on hand-made rows', () => {
  let workspace: Workspace;
  let profile: SourceProfile;

  before(async () => {
    workspace = await openWorkspace(':memory:');
    await stage(workspace, CUSTOMERS);
    profile = await profileSource(workspace);
  });
  after(async () => workspace?.close());

  it('profiles every family, even empty ones, with fields sorted by path', () => {
    expect(Object.keys(profile.families)).to.deep.equal(['customers', 'cases', 'interactions', 'authors', 'conversations', 'kb_articles']);
    expect(profile.families.cases).to.deep.equal([]);
    const paths = profile.families.customers.map((f) => f.path);
    expect(paths).to.deep.equal([...paths].sort());
  });

  it('types a declared number field by its valid values and lists "N/A" as failing', () => {
    const score = field(profile, 'score');
    expect(score).to.include({ custom: true, declaredType: 'number', label: 'Score', inferredType: 'integer', rows: 10, nullRate: 0.1, distinct: 9, longest: 3 });
    expect(score.failing).to.deep.equal(['N/A']);
  });

  it('takes float when a numeric value has a fraction, text included', () => {
    expect(field(profile, 'ratio')).to.include({ inferredType: 'float', nullRate: 0.7 });
    expect(field(profile, 'ratio').failing).to.deep.equal([]);
  });

  it('keeps a declared list as options with its declared values and its labels, and fails a value outside it', () => {
    const tier = field(profile, 'tier');
    expect(tier.inferredType).to.equal('options');
    expect(tier.options).to.deep.equal(['gold', 'silver']);
    expect(tier.optionLabels).to.deep.equal({ gold: 'Gold', silver: 'Silver' });
    expect(tier.failing).to.deep.equal(['bronze-old']);
    expect(tier.samples).to.deep.equal(['gold', 'silver', 'bronze-old']);
  });

  it('types a declared date by its ISO values and fails 31/02/2025 and a day that does not exist', () => {
    const since = field(profile, 'since');
    expect(since.inferredType).to.equal('date');
    expect(since.failing).to.have.members(['31/02/2025', '2025-02-31']);
  });

  it('reads JSON booleans and "true" text as boolean', () => {
    // JSON true and the text "true" are one value as text.
    expect(field(profile, 'flag')).to.include({ inferredType: 'boolean', distinct: 2 });
  });

  it('keeps a declared text field as string even when its values look numeric', () => {
    expect(field(profile, 'note')).to.include({ inferredType: 'string' });
  });

  it('infers from the values when most of them do not fit the declared type', () => {
    // 1 number out of 4 values: the declaration does not hold, and nothing narrower does.
    expect(field(profile, 'code')).to.include({ inferredType: 'string' });
    expect(field(profile, 'code').failing).to.deep.equal([]);
  });

  it('profiles a declared field nobody filled as empty', () => {
    expect(field(profile, 'never')).to.include({ inferredType: 'empty', nullRate: 1, distinct: 0, custom: true });
  });

  it('treats digits with a leading zero as text, not integers', () => {
    expect(field(profile, 'zip')).to.include({ inferredType: 'string', custom: false });
  });

  it('flattens objects to dotted paths and never profiles the object itself', () => {
    expect(field(profile, 'address.city')).to.include({ inferredType: 'string', nullRate: 0.8 });
    expect(profile.families.customers.map((f) => f.path)).to.not.include('address');
  });

  it('counts empty arrays and blank text as no value', () => {
    expect(field(profile, 'phones')).to.include({ nullRate: 0.9, distinct: 1 });
    expect(field(profile, 'blank')).to.include({ inferredType: 'empty', nullRate: 1 });
    expect(field(profile, 'email')).to.include({ inferredType: 'empty', nullRate: 1 });
  });

  it('takes undeclared low-cardinality text as options, most frequent sample first', () => {
    const color = field(profile, 'color');
    expect(color).to.include({ inferredType: 'options', distinct: 3 });
    expect(color.options).to.deep.equal(['blue', 'green', 'red']);
    expect(color.samples).to.deep.equal(['red', 'blue', 'green']);
  });

  it('lists as failing exactly the staged values that convert-value refuses', () => {
    const conversions: Record<string, Conversion> = {
      integer: { type: 'integer' }, float: { type: 'float' }, boolean: { type: 'boolean' }, date: { type: 'date' },
    };
    for (const f of profile.families.customers) {
      const conversion = conversions[f.inferredType];
      if (!conversion) continue;
      const refused = CUSTOMERS.map((c) => c[f.path]).filter((v) => !isEmptyValue(v) && !convertValue(conversion, v).ok).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      expect([...new Set(refused)], f.path).to.have.members(f.failing);
    }
  });

  it('hashes the shape only: more rows of the same shape keep the hash, a new field or type changes it', async () => {
    const before = profileHash(profile);
    expect(before).to.match(/^[0-9a-f]{64}$/);
    expect(profileShape(profile).customers.score).to.equal('integer');
    const other = await openWorkspace(':memory:');
    try {
      await stage(other, [...CUSTOMERS, ...CUSTOMERS.slice(0, 5)]);
      expect(profileHash(await profileSource(other))).to.equal(before);
      await stage(other, [{ brandNew: 'x' }], 100);
      const grown = await profileSource(other);
      expect(profileHash(grown)).to.not.equal(before);
      expect(profileShape(grown).customers.brandNew).to.equal('string');
    } finally {
      await other.close();
    }
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).to.equal('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});

describe('convertValue', () => {
  it('converts what the profile calls valid and refuses the rest with a reason', () => {
    expect(convertValue({ type: 'integer' }, '0012')).to.deep.include({ ok: false });
    expect(convertValue({ type: 'integer' }, 4.0)).to.deep.equal({ ok: true, value: 4 });
    expect(convertValue({ type: 'float' }, '-1.5e2')).to.deep.equal({ ok: true, value: -150 });
    expect(convertValue({ type: 'boolean', true: ['yes'] }, 'YES')).to.deep.equal({ ok: true, value: true });
    expect(convertValue({ type: 'date' }, '2024-02-29')).to.deep.equal({ ok: true, value: Date.UTC(2024, 1, 29) / 1000 });
    expect(convertValue({ type: 'date' }, '2024-03-01T10:00:00+02:00')).to.deep.equal({ ok: true, value: Date.UTC(2024, 2, 1, 8) / 1000 });
    expect(convertValue({ type: 'date', formats: ['epoch-ms'] }, 1672570182507)).to.deep.equal({ ok: true, value: 1672570182 });
    expect(convertValue({ type: 'date' }, '31/02/2025')).to.deep.include({ ok: false });
    // A person may rescue day-first dates by hand; a day that does not exist still fails.
    expect(convertValue({ type: 'date', formats: ['iso8601', 'DD/MM/YYYY'] }, '28/02/2025')).to.deep.equal({ ok: true, value: Date.UTC(2025, 1, 28) / 1000 });
    expect(convertValue({ type: 'date', formats: ['iso8601', 'DD/MM/YYYY'] }, '31/02/2025')).to.deep.equal({ ok: false, reason: '"31/02/2025" is not a real day (DD/MM/YYYY)' });
    expect(convertValue({ type: 'date', formats: ['epoch'] }, 1672570182)).to.deep.equal({ ok: true, value: 1672570182 });
    expect(convertValue({ type: 'valueMap', values: { 4: 'high' } }, 4)).to.deep.equal({ ok: true, value: 'high' });
    expect(convertValue({ type: 'valueMap', values: { gold: 'Gold' } }, 'tin')).to.deep.equal({ ok: false, reason: '"tin" is not in the value map' });
    expect(convertValue({ type: 'email' }, 'not an email')).to.deep.include({ ok: false });
    expect(convertValue({ type: 'integer' }, '')).to.deep.equal({ ok: true, value: null });
  });

  it('truncates on a character boundary without splitting an emoji', () => {
    const family = '👨‍👩‍👧';
    expect(convertValue({ type: 'string', maxLength: 3 }, `ab${family}`)).to.deep.equal({ ok: true, value: 'ab' });
  });
});
