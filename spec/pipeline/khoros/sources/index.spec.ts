import { expect } from 'chai';
import { from, lastValueFrom, toArray } from 'rxjs';
import { validateRecords } from '../../../../operators/validate-records.ts';
import { exportOrder } from '../../../../pipeline/khoros/sources/index.ts';
import { KEYS, keyOf } from '../../../../pipeline/khoros/sources/keys.ts';
import { loadKhorosSchemas } from '../../../../schemas/khoros/load-khoros-schemas.ts';
import { collect, FAST_REPORT, keysOf, useSimulator } from './source-harness.ts';

describe('exportOrder (every source, in dependency order)', () => {
  const ctx = useSimulator();

  it('starts with customers, custom fields, agents and cases, then the rest', () => {
    expect(exportOrder.map((e) => e.family)).to.deep.equal([
      'customers', 'custom_fields', 'agents', 'cases', 'authors', 'brands', 'initiatives', 'campaigns', 'conversations',
      'kb_categories', 'kb_boards', 'kb_articles', 'kb_images', 'work_queues', 'tags', 'automation_rules', 'slas', 'teams',
    ]);
  });

  it('has a key function for every family, and refuses an unknown one', () => {
    expect(Object.keys(KEYS).sort()).to.deep.equal(exportOrder.map((e) => e.family).sort());
    expect(() => keyOf('tickets', {})).to.throw(RangeError);
  });

  it('exports every family of the dataset, each record once, keyed and valid under its schema', async () => {
    const s = ctx.sim().settings;
    const options = { environment: s.environment, companyId: s.companyId, since: '2023-01-01T00:00:00Z', until: ctx.dataset.meta.asOf, report: { ...FAST_REPORT, windowDays: 31 } };
    const clients = ctx.clients();
    const validatorFor = loadKhorosSchemas();
    for (const { family, create } of exportOrder) {
      const pages = await collect(create(options), clients);
      const keys = keysOf(pages);
      expect(keys, family).to.not.be.empty;
      expect(keys.includes('null'), `${family}: every record keyed`).to.equal(false);
      expect(new Set(keys).size, `${family}: no duplicates`).to.equal(keys.length);
      const validated = await lastValueFrom(from(pages).pipe(validateRecords(validatorFor, keyOf), toArray()));
      expect(validated.flatMap((p) => p.quarantined.map((q) => `${q.key}: ${q.reason}`)), family).to.deep.equal([]);
    }
  });
});
