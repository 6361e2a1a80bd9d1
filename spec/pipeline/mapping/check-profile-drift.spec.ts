import { expect } from 'chai';
import { describeDrift, profileDrift } from '../../../pipeline/mapping/check-profile-drift.ts';

describe('profileDrift', () => {
  const confirmed = { customers: { id: 'string', email: 'string', vip: 'boolean' }, cases: { id: 'string', priority: 'integer' }, authors: {} } as const;

  it('is null when fields and types are the same (counts are not part of the shape)', () => {
    expect(profileDrift(confirmed, structuredClone(confirmed) as never)).to.equal(null);
  });

  it('names new fields per family, removed fields and changed types', () => {
    const drift = profileDrift(confirmed, {
      customers: { id: 'string', email: 'string', newField: 'string', shoeSize: 'integer' },
      cases: { id: 'string', priority: 'string' },
      authors: { id: 'string' },
    })!;
    expect(describeDrift(drift)).to.deep.equal([
      'customers: new fields newField (string), shoeSize (integer)',
      'customers: field no longer staged vip (boolean)',
      'cases.priority: integer → string',
      'authors: new family with 1 field',
    ]);
  });

  it('names a family that is no longer staged', () => {
    expect(profileDrift(confirmed, { customers: confirmed.customers, cases: confirmed.cases })).to.equal(null);
    expect(describeDrift(profileDrift(confirmed, { customers: confirmed.customers, cases: {} })!)).to.deep.equal(['cases: no longer staged']);
  });
});
