import { expect } from 'chai';
import { mapEdits } from '../../../pipeline/mapping/check-map-edits.ts';
import { fixtureMapping } from './check-fixtures.ts';

describe('mapEdits', () => {
  it('is empty when no value changed', () => {
    expect(mapEdits(fixtureMapping(), fixtureMapping())).to.deep.equal([]);
  });

  it('names changed values by YAML path, and field rows by their source (a moved row is no change)', () => {
    const current = fixtureMapping();
    const fields = current.objects.customers.fields;
    fields.reverse();
    const loyalty = fields.find((f) => f.source === 'loyaltyNumber')!;
    loyalty.target = { attribute: 'khoros_loyalty_number', dataType: 'integer', create: true };
    current.objects.cases.fields = current.objects.cases.fields.filter((f) => f.source !== 'escalated');
    current.objects.authors.fields.push({ source: 'displayNumber', target: { skip: true, reason: 'internal' }, conversion: { type: 'string' }, lossy: false, default: null });
    current.policies.noEmail = 'skip';
    expect(mapEdits(fixtureMapping(), current)).to.deep.equal([
      'policies.noEmail: "lead" → "skip"',
      'objects.customers.fields[5] (loyaltyNumber): target.attribute: "loyalty_id" → "khoros_loyalty_number"',
      'objects.customers.fields[5] (loyaltyNumber): target.create: false → true',
      'objects.authors.fields[1] (displayNumber): row added → {"skip":true,"reason":"internal"}',
      'objects.cases.fields (escalated): row removed (was → {"attribute":"khoros_escalated","dataType":"boolean","create":true})',
    ]);
  });
});
