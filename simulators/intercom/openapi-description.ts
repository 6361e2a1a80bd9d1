/**
 * Loads Intercom's official OpenAPI 3.0 description (2.16) from `../shared` at run time and
 * turns its component schemas into JSON Schema that ajv can compile. The file is never
 * copied into the project: when it is absent, {@link loadIntercomDescription} answers `null`
 * and the simulator falls back to the hand-written checks in its routes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

/** Where the vendored 2.16 description lives, relative to this project (`/work/shared/...`). */
export const DEFAULT_DESCRIPTION_PATH = fileURLToPath(
  new URL('../../../shared/reference/intercom-openapi/2.16/api.intercom.io.yaml', import.meta.url),
);

/** The `$id` under which the converted components are registered (one ajv instance per variant). */
export const COMPONENTS_ID = 'intercom-openapi-2.16';

type Json = Record<string, any>;

/** One operation of the description, with its schemas already converted to JSON Schema. */
export interface OperationDescription {
  operationId: string;
  method: string;
  path: string;
  /** JSON Schema of the `application/json` request body, as documented. */
  requestSchema?: Json;
  /** The same with {@link REQUEST_PATCHES} applied: what the simulator accepts. */
  lenientRequestSchema?: Json;
  /** Status code → JSON Schema of the `application/json` response body. */
  responses: Record<string, Json | undefined>;
}

/** The description, converted twice: as documented (`strict`) and with the known defects patched (`request`). */
export interface IntercomDescription {
  file: string;
  /** Converted components, exactly as documented: for checking responses and test requests. */
  strictComponents: Json;
  /** Converted components with {@link REQUEST_PATCHES} applied: what the simulator accepts. */
  requestComponents: Json;
  operations: Map<string, OperationDescription>;
}

const cache = new Map<string, IntercomDescription | null>();

/**
 * Reads and converts the description once per process; `null` when the file is absent.
 *
 * @example
 * const description = loadIntercomDescription();
 * if (description) console.log(description.operations.get('createConversation')?.path); // '/conversations'
 */
export function loadIntercomDescription(file: string = DEFAULT_DESCRIPTION_PATH): IntercomDescription | null {
  if (cache.has(file)) return cache.get(file)!;
  let result: IntercomDescription | null = null;
  if (existsSync(file)) {
    const doc = YAML.parse(readFileSync(file, 'utf8')) as Json;
    const schemas = doc.components?.schemas ?? {};
    const strict = convert(schemas) as Json;
    const patched = convert(schemas) as Json;
    for (const patch of REQUEST_PATCHES) patch.apply(patched);
    result = {
      file,
      strictComponents: { $id: COMPONENTS_ID, components: { schemas: strict } },
      requestComponents: { $id: COMPONENTS_ID, components: { schemas: patched } },
      operations: collectOperations(doc),
    };
  }
  cache.set(file, result);
  return result;
}

function collectOperations(doc: Json): Map<string, OperationDescription> {
  const operations = new Map<string, OperationDescription>();
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      const op = item[method];
      if (!op?.operationId) continue;
      const raw = op.requestBody?.content?.['application/json']?.schema;
      const requestSchema = raw ? (convert(raw) as Json) : undefined;
      const lenient = raw ? { body: convert(raw) as Json } : undefined;
      if (lenient) for (const patch of REQUEST_PATCHES) patch.apply(lenient);
      const responses: Record<string, Json | undefined> = {};
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        const schema = response?.content?.['application/json']?.schema;
        responses[status] = schema ? (convert(schema) as Json) : undefined;
      }
      operations.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        requestSchema,
        lenientRequestSchema: lenient?.body,
        responses,
      });
    }
  }
  return operations;
}

const DROPPED = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'nullable']);

/**
 * OpenAPI 3.0 schema → JSON Schema (draft-07 as ajv reads it): `nullable` becomes a `null`
 * type (or an `anyOf` with `null` beside a `$ref`/composition), refs point into the registered
 * components, examples and `x-` extensions go.
 */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\//, `${COMPONENTS_ID}#/`);
    else if (key === 'properties' || key === 'patternProperties') out[key] = mapValues(value, convert);
    else out[key] = convert(value);
  }
  if (src.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function mapValues(obj: Json, fn: (v: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

/** A documented deviation from the description, applied to what the simulator accepts. */
export interface DescriptionPatch {
  why: string;
  /** Patches in place: called with the component schemas, and with `{ body }` for each inline request schema. */
  apply(schemas: Json): void;
}

/**
 * Places where the description is stricter than Intercom itself, each backed by the
 * description's own examples or text. Only request validation uses them; responses are checked
 * against the description as written.
 */
export const REQUEST_PATCHES: DescriptionPatch[] = [
  {
    why: 'ids: the description types `id`/`*_id` as strings, but its own request examples send integers (`admin_id: 991267708`, tag `id: 86`); Intercom accepts both.',
    apply(schemas) {
      const ids = (s: Json): void => {
        if (!s || typeof s !== 'object') return;
        for (const [k, v] of Object.entries<Json>(s.properties ?? {})) {
          const type = v?.type;
          const isString = type === 'string' || (Array.isArray(type) && type.includes('string'));
          if ((k === 'id' || k.endsWith('_id')) && isString && !v.enum && !v.format) {
            v.type = [...new Set([...(Array.isArray(type) ? type : [type]), 'integer'])];
          }
        }
        for (const v of Object.values(s)) if (v && typeof v === 'object') ids(v as Json);
      };
      ids(schemas);
    },
  },
  {
    why: 'search: `multiple_filter_search_request.value` is a oneOf of "all nested groups" or "all single filters", yet the description\'s text nests "(1 OR 2) AND 3"-style queries; accept a mix.',
    apply(schemas) {
      const group = schemas.multiple_filter_search_request;
      if (!group?.properties) return;
      group.properties.value = {
        type: 'array',
        items: {
          anyOf: [
            { $ref: `${COMPONENTS_ID}#/components/schemas/single_filter_search_request` },
            { $ref: `${COMPONENTS_ID}#/components/schemas/multiple_filter_search_request` },
          ],
        },
      };
    },
  },
  {
    why: 'custom_attributes: values are typed string | integer | datetime | object list, but the example in the same schema sends `true` and `155.5`, and conversation attributes have boolean and decimal types.',
    apply(schemas) {
      const values = schemas.custom_attributes?.additionalProperties;
      if (Array.isArray(values?.anyOf)) values.anyOf.push({ type: 'number' }, { type: 'boolean' });
    },
  },
  {
    why: 'create conversation: `from.id` has minLength/maxLength 24, but the documented "Contact Not Found" example sends `123_doesnt_exist` and gets 404 "User Not Found", not 400.',
    apply(schemas) {
      const id = schemas.create_conversation_request?.properties?.from?.properties?.id;
      if (id) {
        delete id.minLength;
        delete id.maxLength;
      }
    },
  },
];
