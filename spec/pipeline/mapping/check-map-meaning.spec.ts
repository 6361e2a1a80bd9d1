import { expect } from 'chai';
import { checkMapMeaning, type Problem } from '../../../pipeline/mapping/check-map-meaning.ts';
import type { FieldMap, Mapping } from '../../../pipeline/mapping/mapping.ts';
import { fixtureCatalog, fixtureMapping, fixtureProfile } from './check-fixtures.ts';

/** The problems of the fixture map after `edit`. */
function problemsAfter(edit: (mapping: Mapping) => void, profile = fixtureProfile(), catalog = fixtureCatalog()): Problem[] {
  const mapping = fixtureMapping();
  edit(mapping);
  return checkMapMeaning(mapping, { profile, intercom: catalog });
}

const customer = (mapping: Mapping, source: string): FieldMap => mapping.objects.customers.fields.find((f) => f.source === source)!;
const kase = (mapping: Mapping, source: string): FieldMap => mapping.objects.cases.fields.find((f) => f.source === source)!;

/** Expects exactly the problems of one check, and returns their messages. */
function only(problems: Problem[], check: string): string[] {
  expect(problems.map((p) => p.check), problems.map((p) => p.message).join('\n')).to.satisfy((checks: string[]) => checks.length > 0 && checks.every((c) => c === check));
  for (const p of problems) expect(p.message.startsWith(`${p.path}: `), p.message).to.equal(true);
  return problems.map((p) => p.message);
}

describe('checkMapMeaning', () => {
  it('finds nothing wrong with a map that fits the source and the Intercom workspace', () => {
    expect(problemsAfter(() => {})).to.deep.equal([]);
  });

  it('source-exists: names a source field the staged family does not have, with the nearest one', () => {
    const [message] = only(problemsAfter((m) => { customer(m, 'loyaltyNumber').source = 'loyaltyNo'; }), 'source-exists');
    expect(message).to.equal('objects.customers.fields[4].source: "loyaltyNo" is not a field of the staged customers (did you mean "loyaltyNumber"?); fix the path, or remove the row');
  });

  it('source-exists: a path into a field the profile keeps whole (an array item) exists', () => {
    const profile = fixtureProfile();
    profile.families.customers.push({ path: 'phoneNumbers', custom: false, inferredType: 'string', rows: 20, nullRate: 0.5, distinct: 9, samples: ['["+1 555 0100"]'], longest: 16, failing: [] });
    expect(problemsAfter((m) => {
      m.objects.customers.fields.push({ source: 'phoneNumbers.0', target: { standard: 'phone' }, conversion: { type: 'string' }, lossy: true, default: null });
    }, profile)).to.deep.equal([]);
  });

  it('source-exists: says to export first when the family has no staged records', () => {
    const profile = fixtureProfile();
    delete profile.families.authors;
    const [message] = only(problemsAfter(() => {}, profile), 'source-exists');
    expect(message).to.match(/^objects\.authors\.fields\[0\]\.source: the staged source has no authors records to profile; export them/);
  });

  it('source-exists: case parts are ordered by staged interaction fields', () => {
    const [message] = only(problemsAfter((m) => { m.objects.cases.parts.orderBy = 'createdAt'; }), 'source-exists');
    expect(message).to.equal('objects.cases.parts.orderBy: "createdAt" is not a field of the staged interactions (did you mean "created"?)');
  });

  it('standard-target: refuses a standard field the target object does not have', () => {
    const [message] = only(problemsAfter((m) => { customer(m, 'created').target = { standard: 'signed_up' }; }), 'standard-target');
    expect(message).to.match(/^objects\.customers\.fields\[3\]\.target\.standard: "signed_up" is not a standard field of Intercom contacts \(did you mean "signed_up_at"\?\); standard fields are role, external_id, email/);
  });

  it('standard-target: refuses a standard field the API does not write, saying what to do instead', () => {
    const [message] = only(problemsAfter((m) => {
      kase(m, 'priority').target = { standard: 'priority' };
      kase(m, 'priority').conversion = { type: 'valueMap', values: { '1': 'priority', '5': 'not_priority' } };
    }), 'standard-target');
    expect(message).to.match(/^objects\.cases\.fields\[2\]\.target\.standard: Intercom conversations do not take "priority" through the API: no 2\.16 request sets a conversation's priority .* keep it as an attribute/);
  });

  it('attribute-exists: refuses an attribute to use that Intercom does not have, and says how to provision it', () => {
    const [message] = only(problemsAfter((m) => {
      customer(m, 'loyaltyNumber').target = { attribute: 'loyalty_idd', dataType: 'integer', create: false };
    }), 'attribute-exists');
    expect(message).to.equal('objects.customers.fields[4].target.attribute: "loyalty_idd" does not exist among Intercom\'s contact attributes (did you mean "loyalty_id"?); ' +
      'set create: true to provision it (name it khoros_…), or pick an existing attribute');
  });

  it('attribute-exists: refuses an archived attribute and a conversation attribute missing from Intercom', () => {
    const messages = only(problemsAfter((m) => {
      customer(m, 'vip').target = { attribute: 'legacy_vip', dataType: 'boolean', create: false };
      kase(m, 'orderNumber').target = { attribute: 'Order no', dataType: 'string', create: false };
    }), 'attribute-exists');
    expect(messages).to.deep.equal([
      'objects.customers.fields[6].target.attribute: "legacy_vip" is archived in Intercom: unarchive it there, or set create: true with another name',
      'objects.cases.fields[6].target.attribute: "Order no" does not exist among Intercom\'s conversation attributes; set create: true to provision it (name it khoros_…), or pick an existing attribute',
    ]);
  });

  it('attribute-type: refuses a dataType that does not fit the existing attribute', () => {
    const [message] = only(problemsAfter((m) => {
      const field = customer(m, 'loyaltyNumber');
      field.target = { attribute: 'loyalty_id', dataType: 'string', create: false };
      field.conversion = { type: 'string' };
    }), 'attribute-type');
    expect(message).to.equal('objects.customers.fields[4].target.dataType: string does not fit Intercom\'s contact attribute "loyalty_id" of type integer; use dataType integer');
  });

  it('attribute-type: refuses to create an attribute that exists with another type', () => {
    const problems = problemsAfter((m) => {
      const field = kase(m, 'productLine');
      field.target = { attribute: 'Product line', dataType: 'string', create: true };
      field.conversion = { type: 'string' };
    }).filter((p) => p.check === 'attribute-type');
    expect(problems.map((p) => p.message)).to.deep.equal([
      'objects.cases.fields[4].target.dataType: string does not fit Intercom\'s conversation attribute "Product line" of type list with options (it exists already; provisioning would reuse it); use dataType options',
    ]);
  });

  it('a list target takes the options the map declares besides Intercom\'s (provisioning adds them)', () => {
    expect(problemsAfter((m) => {
      const field = kase(m, 'productLine');
      field.target = { attribute: 'Product line', dataType: 'options', options: ['Hardware', 'Accessories'], create: false };
      field.conversion = { type: 'valueMap', values: { hardware: 'Hardware', software: 'Accessories' } };
    })).to.deep.equal([]);
  });

  it('attribute-name: refuses a name Intercom rejects, and one without the attribute prefix', () => {
    const messages = only(problemsAfter((m) => {
      customer(m, 'vip').target = { attribute: 'khoros.vip', dataType: 'boolean', create: true };
      customer(m, 'birthDate').target = { attribute: 'birth_date', dataType: 'date', create: true };
    }), 'attribute-name');
    expect(messages).to.deep.equal([
      'objects.customers.fields[6].target.attribute: "khoros.vip" is not a name Intercom accepts for a new attribute: use letters, digits, spaces, underscores, hyphens and currency symbols other than $ (no dots)',
      'objects.customers.fields[7].target.attribute: "birth_date" does not start with policies.attributePrefix "khoros_"; every attribute the map creates carries it (e.g. khoros_birth_date)',
    ]);
  });

  it('attribute-create: refuses a contact attribute named like a company or standard attribute; an archived one of a fitting type is unarchived by provision', () => {
    const messages = problemsAfter((m) => {
      m.policies.attributePrefix = '';
      customer(m, 'crmNotes').target = { attribute: 'contract_tier', dataType: 'string', create: true };
      customer(m, 'displayName').target = { attribute: 'Email', dataType: 'string', create: true };
      customer(m, 'vip').target = { attribute: 'legacy_vip', dataType: 'boolean', create: true };
    }).filter((p) => p.check === 'attribute-create').map((p) => p.message);
    expect(messages).to.deep.equal([
      'objects.customers.fields[2].target.attribute: "Email" is a standard contact attribute: use {standard: email} instead of creating one',
      'objects.customers.fields[9].target.attribute: "contract_tier" is already a company attribute in Intercom, which refuses the same name for contacts; choose another name',
    ]);
  });

  it('attribute-create: an archived contact attribute of another type cannot be unarchived for the map', () => {
    const messages = problemsAfter((m) => {
      m.policies.attributePrefix = '';
      customer(m, 'vip').target = { attribute: 'legacy_vip', dataType: 'date', create: true };
      customer(m, 'vip').conversion = { type: 'date' };
    }).filter((p) => p.message.includes('legacy_vip')).map((p) => p.message);
    expect(messages).to.have.length(1);
    expect(messages[0]).to.match(/date does not fit Intercom's contact attribute "legacy_vip" of type boolean \(it is archived; provisioning would unarchive it\)/);
  });

  it('conversion-source: refuses text into an integer, and accepts it through a valueMap', () => {
    const [message] = only(problemsAfter((m) => {
      const field = kase(m, 'orderNumber');
      field.target = { attribute: 'khoros_order_number', dataType: 'integer', create: true };
      field.conversion = { type: 'integer' };
    }), 'conversion-source');
    expect(message).to.equal('objects.cases.fields[6].conversion.type: orderNumber (staged as string) does not convert to integer: use a valueMap from each staged value, or a conversion that reads it');
    expect(problemsAfter((m) => {
      const field = kase(m, 'orderNumber');
      field.target = { attribute: 'khoros_order_number', dataType: 'integer', create: true };
      field.conversion = { type: 'valueMap', values: { 'ORD-1': 1, 'ORD-2': 2 } };
      field.default = 0;
    })).to.deep.equal([]);
  });

  it('conversion-source: a float does not go into an integer; epoch numbers need an epoch format', () => {
    const [float] = only(problemsAfter((m) => {
      Object.assign(customer(m, 'crmNotes'), { source: 'refundRatio', target: { attribute: 'khoros_refund_ratio', dataType: 'integer', create: true }, conversion: { type: 'integer' }, lossy: true });
    }), 'conversion-source');
    expect(float).to.equal('objects.customers.fields[9].conversion.type: refundRatio (staged as float) does not convert to integer: values with a fraction do not convert to integer: use a float conversion and target');
    const [epoch] = only(problemsAfter((m) => { m.objects.conversations.fields[1].conversion = { type: 'date' }; }), 'conversion-source');
    expect(epoch).to.equal('objects.conversations.fields[1].conversion.type: createDate (staged as integer) does not convert to date: epoch numbers need conversion.formats [epoch-ms] (Care timestamps) or [epoch-s]');
  });

  it('conversion-target: refuses a conversion that does not write the target type; options into text is fine', () => {
    const [message] = only(problemsAfter((m) => { customer(m, 'vip').conversion = { type: 'string' }; }), 'conversion-target');
    expect(message).to.equal('objects.customers.fields[6].conversion.type: a string conversion does not write the target\'s type boolean; use a boolean conversion');
    expect(problemsAfter((m) => {
      customer(m, 'region').target = { attribute: 'khoros_region', dataType: 'string', create: true };
    })).to.deep.equal([]);
  });

  it('conversion-target: refuses copying values into a list target they are not options of', () => {
    const [message] = only(problemsAfter((m) => { kase(m, 'productLine').conversion = { type: 'string' }; }), 'conversion-target');
    expect(message).to.equal('objects.cases.fields[4].conversion.type: staged values "hardware", "software" of productLine are not options of the target ("Hardware", "Software"); use a valueMap');
  });

  it('value-map: every value lands on a target option, and every staged value has an entry', () => {
    const messages = only(problemsAfter((m) => {
      kase(m, 'productLine').conversion = { type: 'valueMap', values: { hardware: 'Hardware', software: 'Accessories' } };
      kase(m, 'status').conversion = { type: 'valueMap', values: { open: 'open', pending: 'open' } };
    }), 'value-map');
    expect(messages).to.deep.equal([
      'objects.cases.fields[3].conversion.values: staged values of status have no entry: "closed"; add them (null leaves the field unset), or their records are quarantined',
      'objects.cases.fields[4].conversion.values."software": "Accessories" is not an option of the target ("Hardware", "Software")',
    ]);
  });

  it('unique-target: refuses two fields landing on one target (attribute names are case-insensitive)', () => {
    const messages = only(problemsAfter((m) => {
      customer(m, 'birthDate').target = { attribute: 'KHOROS_VIP', dataType: 'boolean', create: true };
      customer(m, 'birthDate').conversion = { type: 'boolean', true: ['x'], false: ['y'] };
      m.objects.customers.fields.push({ source: 'displayName', target: { standard: 'email' }, conversion: { type: 'string' }, lossy: false, default: null });
    }).filter((p) => p.check !== 'conversion-source' && p.check !== 'attribute-consistent'), 'unique-target');
    expect(messages).to.deep.equal([
      'objects.customers.fields[7].target: attribute "KHOROS_VIP" is also the target of objects.customers.fields[6] (vip); two fields cannot land on one target: skip one, or give it its own attribute',
      'objects.customers.fields[10].target: standard field email is also the target of objects.customers.fields[1] (email); two fields cannot land on one target: skip one, or give it its own attribute',
    ]);
  });

  it('attribute-consistent: one contact attribute is declared alike for customers and authors', () => {
    const [message] = only(problemsAfter((m) => {
      m.objects.authors.fields.push({ source: 'displayNumber', target: { attribute: 'khoros_vip', dataType: 'integer', create: true }, conversion: { type: 'integer' }, lossy: false, default: null });
    }), 'attribute-consistent');
    expect(message).to.match(/^objects\.authors\.fields\[1\]\.target: "khoros_vip" is declared differently at objects\.customers\.fields\[6\]\.target/);
  });

  it('option-list: a created list needs two distinct non-empty options; options only on list attributes', () => {
    const messages = only(problemsAfter((m) => {
      customer(m, 'region').target = { attribute: 'khoros_region', dataType: 'options', options: ['APAC', 'APAC', ''], create: true };
      customer(m, 'region').conversion = { type: 'valueMap', values: { APAC: 'APAC', EMEA: null } };
      customer(m, 'vip').target = { attribute: 'khoros_vip', dataType: 'boolean', options: ['yes', 'no'], create: true };
      kase(m, 'escalated').target = { attribute: 'khoros_escalated', dataType: 'options', create: true };
      kase(m, 'escalated').conversion = { type: 'valueMap', values: { true: 'yes' } };
    }).filter((p) => p.check === 'option-list'), 'option-list');
    expect(messages).to.deep.equal([
      'objects.customers.fields[6].target.options: options are only for dataType options (this attribute is boolean); remove them or change the type',
      'objects.customers.fields[8].target.options: options must be non-empty text',
      'objects.customers.fields[8].target.options: "APAC" is listed twice',
      'objects.cases.fields[7].target.options: a list attribute the map creates needs its options (at least two)',
    ]);
  });

  it('fallback-admin: the fallback admin is an Intercom admin', () => {
    const [message] = only(problemsAfter((m) => { m.policies.fallbackAdminId = '999'; }), 'fallback-admin');
    expect(message).to.equal('policies.fallbackAdminId: "999" is not an Intercom admin; choose the admin that takes over agents without one, e.g. 7100000 (noe.ebert@support.litware.example), 7200000 (owner@litware-group.example)');
  });

  it('placeholder-email: a placeholder policy needs an address with {id}', () => {
    expect(only(problemsAfter((m) => { m.policies.noEmail = 'placeholder'; m.policies.placeholderEmail = 'nobody@invalid.example'; }), 'placeholder-email'))
      .to.deep.equal(['policies.placeholderEmail: "nobody@invalid.example" has no {id}: every customer without an email would get the same address; e.g. khoros-{id}@invalid.example']);
    expect(only(problemsAfter((m) => { m.policies.noEmail = 'placeholder'; }), 'placeholder-email')[0]).to.match(/is required when policies\.noEmail is placeholder/);
    expect(problemsAfter((m) => { m.policies.noEmail = 'placeholder'; m.policies.placeholderEmail = 'khoros-{id}@invalid.example'; })).to.deep.equal([]);
  });

  it('tag-rule: tag rules name the tag after the record', () => {
    const messages = only(problemsAfter((m) => {
      m.objects.brands.tagRule = 'brand';
      customer(m, 'region').target = { tag: 'region' };
    }), 'tag-rule');
    expect(messages).to.deep.equal([
      'objects.brands.tagRule: "brand" does not name the tag after the record: put {name} (the object\'s name), {value} (the field\'s value) or {id} in it, e.g. "brand: {name}"',
      'objects.customers.fields[8].target.tag: "region" does not name the tag after the record: put {name} (the object\'s name), {value} (the field\'s value) or {id} in it, e.g. "brand: {name}"',
    ]);
  });

  it('attribute-type: the case-id attribute must be a string attribute when it exists', () => {
    const [message] = only(problemsAfter((m) => { m.policies.caseIdAttribute = 'Product line'; }), 'attribute-type');
    expect(message).to.equal('policies.caseIdAttribute: Intercom\'s conversation attribute "Product line" is of type list; the case id needs a string attribute');
  });

  it('lists every problem at once', () => {
    const problems = problemsAfter((m) => {
      m.policies.fallbackAdminId = '999';
      m.objects.campaigns.tagRule = 'campaign';
      customer(m, 'loyaltyNumber').source = 'loyaltyNo';
    });
    expect(problems.map((p) => p.check).sort()).to.deep.equal(['fallback-admin', 'source-exists', 'tag-rule']);
  });
});
