import { expect } from 'chai';
import { customFieldsSource } from '../../../../pipeline/khoros/sources/custom-fields.ts';
import { behavesLikeASource, collect, useSimulator } from './source-harness.ts';

describe('customFieldsSource (CRM GET /meta/object/{customer,case})', () => {
  const ctx = useSimulator();
  behavesLikeASource(ctx, {
    family: 'custom_fields', stream: 'custom_fields',
    source: () => customFieldsSource(),
    expected: () => ['customer', 'case'],
    counts: (r) => r.family === 'crm' && r.path.startsWith('/meta/object/'),
    minimum: () => 2,
  });

  it('emits each object declaration as served', async () => {
    const pages = await collect(customFieldsSource(), ctx.clients());
    const [customer, kase] = pages.map((p) => p.records[0]) as { name: string; fields: { name: string }[] }[];
    expect(customer.name).to.equal('customer');
    expect(customer.fields.map((f) => f.name)).to.deep.equal(ctx.dataset.khoros.customFields!.customer!.map((f) => f.name));
    expect(kase.fields.map((f) => f.name)).to.deep.equal(ctx.dataset.khoros.customFields!.case!.map((f) => f.name));
    expect(pages.map((p) => p.checkpoint)).to.deep.equal([{ index: 1, done: false }, { index: 2, done: true }]);
  });
});
