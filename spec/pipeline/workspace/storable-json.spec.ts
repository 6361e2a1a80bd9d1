import { expect } from 'chai';
import { storableJson } from '../../../pipeline/workspace/storable-json.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';

describe('storableJson', () => {
  it('returns what JSON.stringify does for an ordinary value, and null for undefined, a function or a symbol', () => {
    const record = { id: 'C1', a: [1, 'é😀', null, { b: true }], s: 'x\u0000y' };
    expect(storableJson(record)).to.equal(JSON.stringify(record));
    expect(storableJson('text')).to.equal('"text"');
    expect([storableJson(undefined), storableJson(() => 1), storableJson(Symbol('s'))]).to.deep.equal([null, null, null]);
  });

  it('replaces a lone surrogate, in a value or a key, by U+FFFD, keeping the rest and paired surrogates', () => {
    const record = JSON.parse('{"id":"C1","body":"a\\udc00b😀","k\\ud800":1}');
    expect(JSON.parse(storableJson(record)!)).to.deep.equal({ id: 'C1', body: 'a\uFFFDb😀', 'k\uFFFD': 1 });
  });

  it('marks a cycle with the pointer of the object it returns to, and turns a bigint into its digits', () => {
    const record: Record<string, unknown> = { id: 'C9', list: [{ n: 10n }] };
    (record.list as object[]).push(record);
    record.nested = { up: record.nested, self: null };
    (record.nested as Record<string, unknown>).self = record.nested;
    expect(JSON.parse(storableJson(record)!)).to.deep.equal({
      id: 'C9', list: [{ n: '10' }, '[circular reference to /]'], nested: { self: '[circular reference to /nested]' },
    });
  });

  it('cuts nesting past maxDepth with a marker instead of overflowing the stack', () => {
    const deep = JSON.parse(`{"id":"deep","x":${'{"a":'.repeat(100_000)}{}${'}'.repeat(100_000)}}`);
    const stored = JSON.parse(storableJson(deep)!);
    let node = stored.x;
    for (let depth = 2; depth <= 256; depth++) node = node.a;
    expect(stored.id).to.equal('deep');
    expect(node).to.deep.equal({ a: '[nested deeper than 256 levels: cut]' });
  });

  it('keeps __proto__ and constructor as plain keys, and a throwing getter or toJSON as a marker', () => {
    const record = JSON.parse('{"__proto__":{"x":1},"constructor":{"prototype":{"y":2}},"n":1}');
    record.big = 1n;
    Object.defineProperty(record, 'bad', { enumerable: true, get: () => { throw new Error('no access'); } });
    record.date = { toJSON: () => { throw new Error('no date'); } };
    expect(JSON.parse(storableJson(record)!)).to.deep.equal(JSON.parse(
      '{"__proto__":{"x":1},"constructor":{"prototype":{"y":2}},"n":1,"big":"1","bad":"[unreadable: no access]","date":"[unreadable: no date]"}'));
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });

  it('gives text the quarantine table stores for every such payload', async () => {
    const ws = await openWorkspace(':memory:');
    try {
      const circular: Record<string, unknown> = { id: 'C9' };
      circular.self = circular;
      const payloads = [circular, JSON.parse('{"id":"L","t":"\\ud800"}'), { id: 'B', n: 2n }, JSON.parse(`{"id":"D","x":${'['.repeat(5000)}${']'.repeat(5000)}}`)];
      await ws.writePage({
        family: 'cases', stream: 'cases', endpoint: 'GET /x', rows: [], checkpoint: { done: true },
        quarantined: payloads.map((payload, i) => ({ key: `K${i}`, reason: `reason ${i}`, payload })),
      });
      const rows = await ws.query<{ key: string; id: string }>(`SELECT key, payload->>'id' AS id FROM quarantine ORDER BY key`);
      expect(rows).to.deep.equal([{ key: 'K0', id: 'C9' }, { key: 'K1', id: 'L' }, { key: 'K2', id: 'B' }, { key: 'K3', id: 'D' }]);
    } finally {
      await ws.close();
    }
  });
});
