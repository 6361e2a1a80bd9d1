/**
 * The checks of the conformance spec: send a request to the simulator, then hold what it
 * accepted and what it answered against the official 2.16 description (as written, without
 * the simulator's documented patches), or make sure it refused what the description forbids.
 * Every problem is collected, so one run reports them all.
 */
import type { ErrorObject } from 'ajv';
import type { IntercomDescription } from '../../../simulators/intercom/openapi-description.ts';
import { componentSchema, requestBodySchema, responseBodySchema } from '../../../simulators/intercom/openapi-validator.ts';
import { callApi } from './call-api.ts';

type Obj = Record<string, any>;

/** One request's outcome. */
export interface Outcome {
  status: number;
  body: any;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).slice(0, 4).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

/**
 * Makes `accept` and `refuse` checks bound to one simulator; `failures` collects problems.
 *
 * @example
 * const check = conformanceChecker(sim);
 * await check.accept('listTags', 'GET', '/tags');
 * expect(check.failures).to.deep.equal([]);
 */
export function conformanceChecker(sim: { url: string; token: string }) {
  const failures: string[] = [];
  const counts = { accepted: 0, refused: 0 };
  const label = (op: string, method: string, path: string) => `${op} ${method} ${path}`;

  function checkResponse(op: string, where: string, outcome: Outcome): void {
    const validate = responseBodySchema(op, outcome.status) ?? (outcome.status >= 400 ? componentSchema('error') : null);
    if (!validate) {
      failures.push(`${where}: answered ${outcome.status}, which the description does not document`);
      return;
    }
    if (!validate(outcome.body)) failures.push(`${where}: ${outcome.status} response breaks the schema: ${describeErrors(validate.errors)}`);
  }

  return {
    failures,
    counts,
    /** Sends a request the description allows; it must succeed, and both bodies must match. */
    async accept(op: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
      const where = label(op, method, path);
      if (body !== undefined) {
        const request = requestBodySchema(op);
        if (request && !request(body)) failures.push(`${where}: the test's own request breaks the schema: ${describeErrors(request.errors)}`);
      }
      const outcome = await callApi(sim, method, path, body, headers);
      counts.accepted += 1;
      if (outcome.status >= 300) {
        failures.push(`${where}: expected success, got ${outcome.status} ${JSON.stringify(outcome.body?.errors ?? outcome.body)}`);
        return outcome.body;
      }
      checkResponse(op, where, outcome);
      return outcome.body;
    },
    /** Sends a request the description forbids; it must answer 400 or 422 with an `error.list`. */
    async refuse(op: string, method: string, path: string, body: unknown, why: string): Promise<void> {
      const where = `${label(op, method, path)} [${why}]`;
      const outcome = await callApi(sim, method, path, body);
      counts.refused += 1;
      if (outcome.status !== 400 && outcome.status !== 422) {
        failures.push(`${where}: expected 400/422, got ${outcome.status}`);
        return;
      }
      const error = componentSchema('error');
      if (outcome.body?.type !== 'error.list' || (error && !error(outcome.body))) failures.push(`${where}: not an error.list: ${JSON.stringify(outcome.body)}`);
    },
  };
}

function resolve(description: IntercomDescription, schema: Obj | undefined): Obj | undefined {
  if (!schema) return undefined;
  if (typeof schema.$ref === 'string') {
    return resolve(description, description.strictComponents.components.schemas[schema.$ref.split('/').pop()!]);
  }
  if (schema.anyOf && schema.anyOf.some((s: Obj) => s.type === 'null')) return resolve(description, schema.anyOf.find((s: Obj) => s.type !== 'null'));
  if (!schema.allOf) return schema;
  const merged: Obj = { ...schema, properties: { ...schema.properties }, required: [...(schema.required ?? [])] };
  delete merged.allOf;
  for (const part of schema.allOf) {
    const r = resolve(description, part) ?? {};
    Object.assign(merged.properties, r.properties);
    merged.required.push(...(r.required ?? []));
  }
  return merged;
}

function typeOf(schema: Obj): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  return typeof type === 'string' ? type : undefined;
}

const WRONG: Record<string, unknown> = { string: true, integer: 'not-a-number', number: 'not-a-number', boolean: 'yes', object: 'not-an-object', array: 'not-an-array' };

/**
 * Bodies the description forbids, derived from a valid `base`: each required field left out
 * (one level of nesting too), each declared property given a value of the wrong type, each
 * enum given an unknown value.
 *
 * @example
 * invalidBodies(description, 'createArticle', { title: 'x', author_id: 1 });
 * // [{ why: 'missing title', body: { author_id: 1 } }, { why: 'wrong type for title', ... }, ...]
 */
export function invalidBodies(description: IntercomDescription, op: string, base: Obj): { why: string; body: Obj }[] {
  const root = resolve(description, description.operations.get(op)?.requestSchema);
  if (!root?.properties) return [];
  const out: { why: string; body: Obj }[] = [];
  const walk = (schema: Obj, value: Obj, path: string[], depth: number) => {
    const set = (v: unknown, key: string) => {
      const body = structuredClone(base);
      let target = body;
      for (const p of path) target = target[p];
      if (v === undefined) delete target[key];
      else target[key] = v;
      return body;
    };
    for (const key of schema.required ?? []) if (key in value) out.push({ why: `missing ${[...path, key].join('.')}`, body: set(undefined, key) });
    for (const [key, raw] of Object.entries<Obj>(schema.properties ?? {})) {
      const prop = resolve(description, raw) ?? {};
      const type = typeOf(prop);
      const name = [...path, key].join('.');
      if (type && WRONG[type] !== undefined) out.push({ why: `wrong type for ${name} (${type})`, body: set(WRONG[type], key) });
      if (Array.isArray(prop.enum) && typeof prop.enum.find((e: unknown) => e !== null) === 'string') out.push({ why: `unknown enum value for ${name}`, body: set('bogus_enum_value', key) });
      if (depth === 0 && type === 'object' && value[key] && typeof value[key] === 'object' && !Array.isArray(value[key])) walk(prop, value[key], [...path, key], 1);
    }
  };
  walk(root, base, [], 0);
  return out;
}
