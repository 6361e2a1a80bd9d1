import { expect } from 'chai';
import { orderItems, sortTime } from '../../../pipeline/transform/order-items.ts';

describe('orderItems', () => {
  it('orders by time, then by the tie-break field, then by stored position', () => {
    const items = [
      { id: 'c', created: '2024-01-01T10:00:01Z' },
      { id: 'b', created: '2024-01-01T10:00:00Z' },
      { id: 'a', created: '2024-01-01T10:00:00Z' },
      { id: 'a', created: '2024-01-01T10:00:00Z', copy: true },
    ];
    expect(orderItems(items, 'created', 'id')).to.deep.equal([items[2], items[3], items[1], items[0]]);
  });

  it('puts items whose time does not parse last and leaves the input untouched', () => {
    const items = [{ id: '1', created: 'soon' }, { id: '2', created: '2024-01-01T00:00:00Z' }, { id: '3' }];
    const before = JSON.stringify(items);
    expect(orderItems(items, 'created', 'id').map((i) => i.id)).to.deep.equal(['2', '1', '3']);
    expect(JSON.stringify(items)).to.equal(before);
  });

  it('reads epoch numbers and ISO strings alike', () => {
    expect(sortTime(1674993305277)).to.equal(1674993305277);
    expect(sortTime('2024-01-01T00:00:00Z')).to.equal(1704067200000);
    expect(Number.isNaN(sortTime({}))).to.equal(true);
  });
});
