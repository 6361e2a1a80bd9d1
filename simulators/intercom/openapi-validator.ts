/**
 * Request-body validation against the official 2.16 description, per operation, compiled on
 * first use. Routes opt in with {@link withBodySchema}; when the description file is absent the
 * wrapper does nothing and the routes' own hand-written checks are all that runs.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';
import { IntercomError, type SimRoute } from './context.ts';
import { COMPONENTS_ID, DEFAULT_DESCRIPTION_PATH, loadIntercomDescription, type IntercomDescription } from './openapi-description.ts';

type Json = Record<string, any>;
type Variant = 'strict' | 'request';

const addFormats: (ajv: Ajv) => void = ((formatsModule as any).default?.default ?? (formatsModule as any).default) as any;

let descriptionFile: string | null = DEFAULT_DESCRIPTION_PATH;
const engines = new Map<string, { ajv: Ajv; compiled: Map<string, ValidateFunction> }>();

/**
 * Chooses the description file the validator reads (`null` turns description checks off).
 * Process-wide: the simulators of one process share it.
 *
 * @example
 * setDescriptionFile(null); // hand-written checks only
 * setDescriptionFile(DEFAULT_DESCRIPTION_PATH);
 */
export function setDescriptionFile(file: string | null): void {
  descriptionFile = file;
}

/** The loaded description, or `null` when it is absent or turned off. @example if (!currentDescription()) this.skip(); */
export function currentDescription(): IntercomDescription | null {
  return descriptionFile ? loadIntercomDescription(descriptionFile) : null;
}

function engine(description: IntercomDescription, variant: Variant) {
  const key = `${description.file}|${variant}`;
  let found = engines.get(key);
  if (!found) {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
    addFormats(ajv);
    // The description's `format: uuid` covers 24-hex contact ids (with min/max length 24), and
    // its `format: uri` covers relative URLs ("The relative URL of the company", `/contacts/…/tags`).
    ajv.addFormat('uuid', true);
    ajv.addFormat('uri', ajv.formats['uri-reference'] as never);
    ajv.addFormat('timestamp', true);
    ajv.addSchema(variant === 'strict' ? description.strictComponents : description.requestComponents);
    found = { ajv, compiled: new Map() };
    engines.set(key, found);
  }
  return found;
}

function compile(description: IntercomDescription, variant: Variant, key: string, schema: Json): ValidateFunction {
  const { ajv, compiled } = engine(description, variant);
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * The documented request-body schema of an operation, compiled; `lenient` applies the
 * description patches the simulator uses. `null` without a description or a body schema.
 *
 * @example
 * const check = requestBodySchema('createConversation');
 * check?.({ from: { type: 'user', id: 'x' } }); // false: body is required
 */
export function requestBodySchema(operationId: string, lenient = false): ValidateFunction | null {
  const description = currentDescription();
  const op = description?.operations.get(operationId);
  const schema = lenient ? op?.lenientRequestSchema : op?.requestSchema;
  if (!description || !schema) return null;
  return compile(description, lenient ? 'request' : 'strict', `req:${operationId}`, schema);
}

/**
 * The documented response schema of an operation for one status, compiled as written.
 *
 * @example
 * const check = responseBodySchema('retrieveConversation', 200);
 */
export function responseBodySchema(operationId: string, status: number | string): ValidateFunction | null {
  const description = currentDescription();
  const schema = description?.operations.get(operationId)?.responses[String(status)];
  if (!description || !schema) return null;
  return compile(description, 'strict', `res:${operationId}:${status}`, schema);
}

/**
 * A component schema of the description (e.g. `error`), compiled as written.
 *
 * @example
 * componentSchema('error')?.({ type: 'error.list', errors: [{ code: 'not_found' }] }); // true
 */
export function componentSchema(name: string): ValidateFunction | null {
  const description = currentDescription();
  if (!description?.strictComponents.components.schemas[name]) return null;
  return compile(description, 'strict', `component:${name}`, { $ref: `${COMPONENTS_ID}#/components/schemas/${name}` });
}

/**
 * Checks a request body against the operation's documented schema (with the documented
 * patches) and throws the {@link IntercomError} Intercom would answer: 400, or 422 where the
 * operation documents only 422; `parameter_not_found` for a missing field, else `parameter_invalid`.
 *
 * @example
 * validateRequestBody('attachTagToConversation', { id: '1' }); // throws 400 parameter_not_found (admin_id)
 */
export function validateRequestBody(operationId: string, body: unknown, status?: number): void {
  const description = currentDescription();
  const op = description?.operations.get(operationId);
  if (!description || !op?.lenientRequestSchema) return;
  const data = body === undefined ? {} : body;
  const errors = explain(description, `req:${operationId}`, op.lenientRequestSchema, data);
  if (!errors) return;
  throw toIntercomError(status ?? (op.responses['400'] || !op.responses['422'] ? 400 : 422), errors);
}

/**
 * Wraps a route so its body is checked against `operationId` before the handler runs.
 * `status` overrides the error status (e.g. 422 for an API family that answers 422 throughout).
 *
 * @example
 * withBodySchema('updateConversation', { method: 'PUT', path: '/conversations/:id', handler })
 */
export function withBodySchema(operationId: string, route: SimRoute, status?: number): SimRoute {
  return {
    ...route,
    operationId,
    async handler(req) {
      validateRequestBody(operationId, req.body, status);
      return route.handler(req);
    },
  };
}

/**
 * Validates and, when it fails, narrows `oneOf` unions to the branch the caller meant (the one
 * whose enum "discriminators" such as `type`, `message_type` or `data_type` match), so the error
 * names the real problem instead of every branch's complaints.
 */
function explain(description: IntercomDescription, key: string, schema: Json, data: unknown): ErrorObject[] | null {
  const fn = compile(description, 'request', key, schema);
  if (fn(data)) return null;
  const union = resolve(description, schema).oneOf as Json[] | undefined;
  if (!union) return fn.errors ?? [];
  const tried = union.map((branch, i) => {
    const k = `${key}/oneOf/${i}`;
    const errors = explain(description, k, branch, data);
    const branchFn = compile(description, 'request', k, branch);
    const misses = (branchFn.errors ?? []).filter((e) => e.keyword === 'enum' && e.instancePath.split('/').length === 2).length;
    return { errors, misses, matches: enumMatches(description, branch, data) };
  });
  const passing = tried.filter((t) => !t.errors);
  if (passing.length > 1) {
    return [{ keyword: 'oneOf', instancePath: '', schemaPath: '', params: {}, message: 'matches more than one accepted shape (send only one identifier)' }];
  }
  tried.sort((a, b) => b.matches - a.matches || a.misses - b.misses || (a.errors?.length ?? 0) - (b.errors?.length ?? 0));
  return tried[0]?.errors ?? fn.errors ?? [];
}

/** How many top-level enum fields of the data a branch accepts (its "discriminators" that match). */
function enumMatches(description: IntercomDescription, schema: Json, data: unknown): number {
  const s = resolve(description, schema);
  if (Array.isArray(s.oneOf)) return Math.max(0, ...s.oneOf.map((b: Json) => enumMatches(description, b, data)));
  if (!data || typeof data !== 'object') return 0;
  const props: Json = { ...s.properties };
  for (const part of s.allOf ?? []) Object.assign(props, resolve(description, part).properties ?? {});
  return Object.entries<Json>(props).filter(([k, p]) => Array.isArray(p?.enum) && p.enum.includes((data as Json)[k])).length;
}

function resolve(description: IntercomDescription, schema: Json): Json {
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (!ref?.startsWith(`${COMPONENTS_ID}#/components/schemas/`)) return schema;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return resolve(description, description.requestComponents.components.schemas[name] ?? {});
}

function toIntercomError(status: number, errors: ErrorObject[]): IntercomError {
  const useful = errors.filter((e) => !['oneOf', 'anyOf', 'allOf', 'if'].includes(e.keyword) || e.schemaPath === '');
  const pick = useful.find((e) => e.keyword === 'required') ?? useful[0] ?? errors[0];
  const base = (pick?.instancePath ?? '').split('/').filter(Boolean).join('.');
  if (pick?.keyword === 'required') {
    const field = [base, (pick.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
    return new IntercomError(status, 'parameter_not_found', `${field} is a required parameter`, field);
  }
  const union = errors
    .filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && e.schemaPath !== '')
    .filter((e) => pick && (pick.instancePath === e.instancePath || pick.instancePath.startsWith(`${e.instancePath}/`)))
    .sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (union && pick?.keyword !== 'enum') {
    const path = union.instancePath.split('/').filter(Boolean).join('.') || 'body';
    return new IntercomError(status, 'parameter_invalid', `${path} does not match any accepted type or shape`, path);
  }
  const field = base || 'body';
  const allowed = pick?.keyword === 'enum' ? ` (${(pick.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
  return new IntercomError(status, 'parameter_invalid', `${field} ${pick?.message ?? 'is invalid'}${allowed}`, field);
}
