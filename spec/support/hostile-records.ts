/**
 * fast-check arbitraries of hostile source records for a JSON Schema: mostly records shaped
 * like the schema (so that a good share validates), with any value swapped for a hostile
 * one (wrong types, huge strings, lone surrogates, HTML and script, deep nesting) and extra
 * keys such as `__proto__` and `constructor`. A record is built as JSON text and parsed, as
 * a source gets it, so `__proto__` is an own key; some records are then given what only a
 * programmatic source can hold (a cycle, a bigint); some are not objects at all.
 */
import fc from 'fast-check';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; $ref?: string; format?: string; minLength?: number; minimum?: number };

/** Markup and script payloads, entities, control characters, lone and paired surrogates. */
export const HOSTILE_TEXT = [
  '<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '<svg onload="alert(1)"></svg>', '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>', '<style>*{x:1}</style>', '&lt;script&gt;', '\u0000', '\uD800', '\uDFFF', '😀', '\u202Eexe.txt',
  '__proto__', 'constructor', '', ' ', '{"a":1}', '1e309', '-0', '0000-00-00T00:00:00Z', '2025-02-30T25:61:00Z',
];
/** Keys a hostile source may send beside the schema's. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'k\uD800', '', '~/', 'id'];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
/** Short strings from hostile pieces and any UTF-16 code unit. */
const text = fc.array(fc.oneof(codeUnit, fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join(''));
const huge = fc.tuple(fc.constantFrom('x', '<p>é</p>', '\uD83D\uDE00', '\uD83D'), fc.integer({ min: 5_000, max: 100_000 })).map(([s, n]) => s.repeat(n));

/** JSON text of `{"a":{"a":...}}` or `[[...]]`, `depth` levels. */
const deepText = fc.tuple(fc.integer({ min: 30, max: 1000 }), fc.boolean()).map(([depth, array]) =>
  array ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`);

/** JSON text of any hostile value. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: text.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: huge.map((s) => JSON.stringify(s)) },
  { weight: 4, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.constantFrom('{}', '[]', '[null]', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}') },
  { weight: 1, arbitrary: deepText },
);

/**
 * JSON text of a value for `schema` (following `$ref`s into `root.definitions`), any
 * value of it hostile with probability about 1/5.
 */
function valueText(schema: Schema, root: Schema, depth: number): fc.Arbitrary<string> {
  const resolved = schema.$ref ? (root as { definitions: Record<string, Schema> }).definitions[schema.$ref.split('/').pop()!] : schema;
  return fc.oneof({ weight: 6, arbitrary: typedText(resolved, root, depth) }, { weight: 1, arbitrary: hostileText });
}

function typedText(schema: Schema, root: Schema, depth: number): fc.Arbitrary<string> {
  const types = schema.type === undefined ? ['string'] : ([] as string[]).concat(schema.type);
  // Built once per schema node (no `chain`): rebuilding arbitraries per value is what costs.
  return fc.oneof(...types.map((type): fc.Arbitrary<string> => {
    switch (type) {
      case 'object': return depth > 2 || !schema.properties ? fc.constant('{}') : objectText(schema, root, depth + 1, fc.constant([]));
      case 'array': return depth > 2 || !schema.items ? fc.constant('[]') : fc.array(valueText(schema.items, root, depth + 1), { maxLength: 3 }).map((items) => `[${items.join(',')}]`);
      case 'integer': return fc.integer({ min: 0, max: 1e9 }).map(String);
      case 'number': return fc.double({ min: 0, max: 1e9, noNaN: true }).map(String);
      case 'boolean': return fc.boolean().map(String);
      case 'null': return fc.constant('null');
      default: return schema.format === 'date-time'
        ? fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => JSON.stringify(d.toISOString()))
        : fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/) }, { weight: 1, arbitrary: text }).map((s) => JSON.stringify(s));
    }
  }));
}

/** JSON text of an object: the schema's properties (required ones usually present), then `extra` entries. */
function objectText(schema: Schema, root: Schema, depth: number, extra: fc.Arbitrary<[string, string][]>): fc.Arbitrary<string> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const entries = properties.map(([name, property]) =>
    fc.option(valueText(property, root, depth), { freq: required.has(name) ? 12 : 2, nil: undefined }).map((value) => (value === undefined ? null : [name, value] as [string, string])));
  return fc.tuple(fc.tuple(...entries), extra).map(([own, more]) => {
    const all = [...own.filter((e): e is [string, string] => e !== null), ...more];
    return `{${all.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  });
}

/** What a programmatic source may add to a parsed record. */
type Twist = 'none' | 'cycle' | 'deep-cycle' | 'bigint';

/**
 * Hostile records for `schema`: about one in eight is not an object (null, an array, a
 * number, a string, a boolean, undefined); the others are parsed from JSON text, a few then
 * given a cycle or a bigint.
 *
 * @example
 * fc.assert(fc.property(fc.array(hostileRecord(schema)), (records) => { ... }));
 */
export function hostileRecord(schema: object): fc.Arbitrary<unknown> {
  const root = schema as Schema;
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), text), hostileText), { maxLength: 3 });
  const parsed = fc.tuple(objectText(root, root, 0, extra), fc.constantFrom<Twist>('none', 'none', 'none', 'none', 'none', 'none', 'cycle', 'deep-cycle', 'bigint'))
    .map(([json, twist]) => twisted(JSON.parse(json) as Record<string, unknown>, twist));
  const notObject = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant([{ id: 'x' }]));
  return fc.oneof({ weight: 7, arbitrary: parsed }, { weight: 1, arbitrary: notObject });
}

function twisted(record: Record<string, unknown>, twist: Twist): Record<string, unknown> {
  if (twist === 'cycle') record.self = record;
  if (twist === 'deep-cycle') record.nested = { list: [1, { back: record }] };
  if (twist === 'bigint') record.big = 2n ** 70n;
  return record;
}
