import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { INTERCOM_SCHEMA_OPERATIONS, loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { COMPONENTS_ID, DEFAULT_DESCRIPTION_PATH, loadIntercomDescription } from '../../../simulators/intercom/openapi-description.ts';

type Json = Record<string, any>;
const DIR = new URL('../../../schemas/intercom/', import.meta.url);
const ours = (name: string): Json => JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8'));

/** Property names a schema accepts, through refs, allOf, oneOf and anyOf. */
function propertyNames(schema: Json, resolve: (ref: string) => Json, seen = new Set<Json>()): Set<string> {
  const names = new Set<string>();
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return names;
  seen.add(schema);
  if (typeof schema.$ref === 'string') return propertyNames(resolve(schema.$ref), resolve, seen);
  for (const key of Object.keys(schema.properties ?? {})) names.add(key);
  for (const list of [schema.allOf, schema.oneOf, schema.anyOf]) for (const branch of list ?? []) for (const n of propertyNames(branch, resolve, seen)) names.add(n);
  return names;
}

describe('schemas/intercom', () => {
  it('compiles every schema and names each one in INTERCOM_SCHEMA_OPERATIONS', () => {
    const validatorFor = loadIntercomSchemas();
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(files).to.deep.equal(Object.keys(INTERCOM_SCHEMA_OPERATIONS).sort());
    for (const name of files) expect(validatorFor(name as never)).to.be.a('function');
    expect(() => validatorFor('nope' as never)).to.throw(RangeError, /No Intercom schema "nope"/);
  });

  it('accepts only fields the official 2.16 request schema of its operation has (a subset)', function () {
    const description = loadIntercomDescription(DEFAULT_DESCRIPTION_PATH);
    if (!description) {
      console.log(`    (skipped: the Intercom 2.16 description is not at ${DEFAULT_DESCRIPTION_PATH})`);
      this.skip();
    }
    const components = description!.strictComponents.components.schemas as Json;
    const resolve = (ref: string) => components[ref.replace(`${COMPONENTS_ID}#/components/schemas/`, '')] ?? {};
    // Documented by the operation's own example rather than its schema.
    const allowed: Record<string, string[]> = { 'create-internal-article': ['locale'] };
    for (const [name, operationId] of Object.entries(INTERCOM_SCHEMA_OPERATIONS)) {
      const official = propertyNames(description!.operations.get(operationId)!.requestSchema!, resolve);
      const schema = ours(name);
      const local = (ref: string) => schema.definitions?.[ref.replace('#/definitions/', '')] ?? {};
      const mine = propertyNames(schema, local);
      const extra = [...mine].filter((p) => !official.has(p) && !(allowed[name] ?? []).includes(p));
      expect(extra, `${name} vs ${operationId}`).to.deep.equal([]);
    }
  });
});
