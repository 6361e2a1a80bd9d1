import { expect } from 'chai';
import { buildLookups } from '../../../pipeline/transform/lookups.ts';
import { resolveAdmin } from '../../../pipeline/transform/resolve-admin.ts';

describe('buildLookups', () => {
  it('accepts objects, maps or entries, folds the case of emails, brand and tag names, and fills the defaults', () => {
    const lookups = buildLookups({
      fallbackAdminId: '1',
      adminByEmail: { ' Gino.Rutherford@KHOROS-SERVICES.example ': '7100001' },
      intercomBrandByName: new Map([['Woodgrove Finance', '9000002']]),
      tagIdByName: [['VIP customer', '6000003']],
    });
    expect(lookups.adminByEmail.get('gino.rutherford@khoros-services.example')).to.equal('7100001');
    expect(lookups.intercomBrandByName.get('woodgrove finance')).to.equal('9000002');
    expect(lookups.tagIdByName.get('vip customer')).to.equal('6000003');
    expect(lookups).to.deep.include({ defaultLocale: 'en', helpCenterLocales: null, communityHost: null });
    expect(lookups.contactByCustomer.size).to.equal(0);
    expect(Object.isFrozen(lookups)).to.equal(true);
  });

  it('keeps __proto__ as an ordinary key', () => {
    const lookups = buildLookups({ fallbackAdminId: '1', brandNames: JSON.parse('{"__proto__": "Evil"}') });
    expect(lookups.brandNames.get('__proto__')).to.equal('Evil');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});

describe('resolveAdmin', () => {
  const lookups = buildLookups({ fallbackAdminId: '7200000', adminByEmail: { 'a@x.example': '7' } });

  it('matches agents by email case-insensitively and falls back otherwise', () => {
    expect(resolveAdmin('A@X.example', lookups)).to.deep.equal({ adminId: '7', fallback: false });
    expect(resolveAdmin('b@x.example', lookups)).to.deep.equal({ adminId: '7200000', fallback: true });
    expect(resolveAdmin(null, lookups)).to.deep.equal({ adminId: '7200000', fallback: true });
  });
});
