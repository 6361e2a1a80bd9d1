import { expect } from 'chai';
import { transformContact } from '../../../pipeline/transform/transform-contact.ts';
import { loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { author, customer, fixtureLookups } from './fixtures.ts';
import { fixtureMapping } from './fixture-mapping.ts';

const validatorFor = loadIntercomSchemas();
const valid = (name: 'create-contact' | 'update-contact', payload: unknown) => {
  const validate = validatorFor(name);
  expect(validate(payload), JSON.stringify(validate.errors)).to.equal(true);
};

describe('transformContact', () => {
  const lookups = fixtureLookups();

  it('maps the customer and enriches it from its live author (screen name, brandOwned, properties)', () => {
    const result = transformContact(customer(), { mapping: fixtureMapping(), lookups });
    expect(result.create).to.deep.equal({
      role: 'user', external_id: 'C0000002', email: 'samuel.kuvalis2@example.org', name: 'Samuel Kuvalis', phone: '+17887692498',
      signed_up_at: 1678873407,
      custom_attributes: {
        khoros_account_tier: 'gold', khoros_loyalty_number: 7710491, khoros_vip: false, khoros_birth_date: -305769600,
        khoros_region: 'Nordics', khoros_crm_notes: 'Prefers email.',
        khoros_screen_name: 'samk_tw', khoros_brand_owned: false, khoros_source: 'social', khoros_language: 'es',
      },
    });
    const { role: _role, ...update } = result.create!;
    expect(result.update).to.deep.equal(update);
    expect(result).to.deep.include({ quarantined: [], queue: null, findings: [], source: { family: 'customers', id: 'C0000002' } });
    valid('create-contact', result.create);
    valid('update-contact', result.update);
  });

  it('quarantines custom fields that do not convert, with the reason, and writes the rest', () => {
    const result = transformContact(customer({ loyaltyNumber: 'N/A', accountTier: 'diamond', birthDate: '31/02/2025' }), { mapping: fixtureMapping(), lookups });
    expect(result.quarantined).to.deep.equal([
      { field: 'accountTier', value: 'diamond', reason: '"diamond" is not an option of the list ("bronze", "silver", "gold", "platinum")' },
      { field: 'loyaltyNumber', value: 'N/A', reason: '"N/A" is not an integer' },
      { field: 'birthDate', value: '31/02/2025', reason: '"31/02/2025" is not a date (YYYY-MM-DD)' },
    ]);
    expect(result.create!.custom_attributes).to.not.have.any.keys('khoros_account_tier', 'khoros_loyalty_number', 'khoros_birth_date');
    expect(result.create!.custom_attributes).to.include({ khoros_region: 'Nordics' });
    valid('create-contact', result.create);
  });

  describe('a customer without an email', () => {
    const noEmail = customer({ id: 'C0000001', email: null });

    it('is skipped and queued under policy skip', () => {
      const result = transformContact(noEmail, { mapping: fixtureMapping({ noEmail: 'skip' }), lookups });
      expect(result.create).to.equal(null);
      expect(result.update).to.equal(null);
      expect(result.queue).to.deep.equal({ rule: 'customer-without-email', action: 'skip', reason: 'customer C0000001 has no usable email: not written' });
      expect(result.findings.map((f) => [f.rule, f.action])).to.deep.include(['customer-without-email', 'skip']);
    });

    it('becomes a lead keyed by external_id under policy lead, and is queued', () => {
      const result = transformContact(noEmail, { mapping: fixtureMapping({ noEmail: 'lead' }), lookups });
      expect(result.create).to.deep.include({ role: 'lead', external_id: 'C0000001' });
      expect(result.create).to.not.have.property('email');
      expect(result.queue).to.deep.include({ rule: 'customer-without-email', action: 'lead' });
      valid('create-contact', result.create);
    });

    it('gets the placeholder email under policy placeholder, and is queued', () => {
      const result = transformContact(noEmail, { mapping: fixtureMapping({ noEmail: 'placeholder', placeholderEmail: 'khoros-{id}@invalid.example' }), lookups });
      expect(result.create).to.deep.include({ role: 'user', external_id: 'C0000001', email: 'khoros-C0000001@invalid.example' });
      expect(result.queue).to.deep.include({ action: 'placeholder' });
      valid('create-contact', result.create);
    });

    it('is skipped when the placeholder policy has no template or the template gives no email', () => {
      const missing = transformContact(noEmail, { mapping: fixtureMapping({ noEmail: 'placeholder' }), lookups });
      expect(missing.create).to.equal(null);
      expect(missing.queue).to.deep.include({ action: 'skip' });
      const broken = transformContact(noEmail, { mapping: fixtureMapping({ noEmail: 'placeholder', placeholderEmail: 'no at sign {id}' }), lookups });
      expect(broken.create).to.equal(null);
      expect(broken.findings.find((f) => f.action === 'skip')?.detail).to.match(/the placeholder template gives no email address/);
    });

    it('treats an email that does not convert as none, and quarantines it', () => {
      const result = transformContact(customer({ email: 'not-an-email' }), { mapping: fixtureMapping({ noEmail: 'lead' }), lookups });
      expect(result.quarantined[0]).to.deep.include({ field: 'email', value: 'not-an-email' });
      expect(result.create).to.deep.include({ role: 'lead' });
      expect(result.queue).to.deep.include({ rule: 'customer-without-email', action: 'lead' });
    });
  });

  it('does not enrich from deleted or merged authors, and records it', () => {
    const authors = [author({ deleted: true }), author({ id: 'x', mergedIntoId: 'y' })];
    const result = transformContact(customer(), { mapping: fixtureMapping(), lookups: fixtureLookups({ authorsByCustomer: { C0000002: authors } }) });
    expect(result.create!.custom_attributes).to.not.have.any.keys('khoros_screen_name', 'khoros_source');
    expect(result.findings.map((f) => f.rule)).to.deep.equal(['authors-not-live']);
  });

  it('prefers the most recently modified live author and lets the customer win over authors', () => {
    const older = author({ id: 'a-old', lastModified: 1, properties: { source: 'old', language: 'de' } });
    const newer = author({ id: 'a-new', lastModified: 2, properties: { source: 'new' } });
    const result = transformContact(customer(), { mapping: fixtureMapping(), lookups: fixtureLookups({ authorsByCustomer: { C0000002: [older, newer] } }) });
    expect(result.create!.custom_attributes).to.include({ khoros_source: 'new', khoros_language: 'de' });
  });

  it('strips HTML from text fields and truncates long attribute values, recording both', () => {
    const result = transformContact(customer({ displayName: '<b>Sam</b> K', region: 'x'.repeat(300) }), { mapping: fixtureMapping(), lookups });
    expect(result.create!.name).to.equal('Sam K');
    expect((result.create!.custom_attributes!.khoros_region as string).length).to.equal(255);
    expect(result.findings.map((f) => [f.rule, f.action])).to.deep.equal([['html-in-plain-text', 'strip-to-text'], ['attribute-value-too-long', 'truncate']]);
    valid('create-contact', result.create);
  });

  it('skips attribute rows whose name Intercom refuses, recording them', () => {
    const mapping = fixtureMapping();
    mapping.objects.customers.fields.push({ source: 'region', target: { attribute: 'sales.region', dataType: 'string', create: true }, conversion: { type: 'string' }, lossy: false, default: null });
    const result = transformContact(customer(), { mapping, lookups });
    expect(result.create!.custom_attributes).to.not.have.property('sales.region');
    expect(result.findings.find((f) => f.rule === 'attribute-name-invalid')).to.deep.include({ action: 'skip-field', refs: ['sales.region'] });
    valid('create-contact', result.create);
  });

  it('uses the row default for an absent value', () => {
    const mapping = fixtureMapping();
    const row = mapping.objects.customers.fields.find((f) => f.source === 'vip')!;
    row.default = true;
    const result = transformContact(customer({ vip: undefined }), { mapping, lookups });
    expect(result.create!.custom_attributes).to.include({ khoros_vip: true });
  });
});
