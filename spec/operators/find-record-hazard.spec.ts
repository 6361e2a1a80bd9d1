import { expect } from 'chai';
import { findRecordHazard } from '../../operators/find-record-hazard.ts';

describe('findRecordHazard', () => {
  it('finds nothing in an ordinary record, arrays and nulls included', () => {
    expect(findRecordHazard({ id: 'C1', a: [{ b: null }, 1, 'x'], c: { d: [] } })).to.equal(null);
  });

  it('names a __proto__ key with its JSON pointer, escaping ~ and /', () => {
    expect(findRecordHazard(JSON.parse('{"a/b":[{"~c":{"__proto__":1}}]}'))).to.equal('/a~1b/0/~0c/__proto__ is a forbidden key');
  });

  it('allows exactly maxDepth levels and refuses one more', () => {
    expect(findRecordHazard({ a: { b: {} } }, 2)).to.equal(null);
    expect(findRecordHazard({ a: { b: { c: {} } } }, 2)).to.equal('/a/b/c nests deeper than 2 levels');
  });

  it('finds a cycle, but not an object shared by two branches', () => {
    const shared = { x: 1 };
    expect(findRecordHazard({ a: shared, b: shared })).to.equal(null);
    const cyclic: Record<string, unknown> = {};
    cyclic.items = [cyclic];
    expect(findRecordHazard(cyclic)).to.equal('/items/0 is a circular reference');
  });

  it('names a lone surrogate in a string or a key, with the code unit and its index, but not a paired one', () => {
    expect(findRecordHazard(JSON.parse('{"a":["ok","x\\udc00"]}'))).to.equal('/a/1 holds a lone surrogate (\\udc00 at index 1)');
    expect(findRecordHazard(JSON.parse('{"b":{"k\\ud83d":1}}'))).to.equal('/b/k\ud83d is a key with a lone surrogate (\\ud83d at index 1)');
    expect(findRecordHazard({ emoji: '😀', text: 'é' })).to.equal(null);
  });

  it('names a value JSON cannot hold: a bigint, a function, a symbol', () => {
    expect(findRecordHazard({ a: [1n] })).to.equal('/a/0 is a bigint, which JSON cannot hold');
    expect(findRecordHazard({ f: () => 1 })).to.equal('/f is a function, which JSON cannot hold');
    expect(findRecordHazard({ s: Symbol('x') })).to.equal('/s is a symbol, which JSON cannot hold');
  });
});
