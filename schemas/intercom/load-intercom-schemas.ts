/**
 * Compiles our Intercom request schemas (`schemas/intercom/*.json`, one per request the
 * transforms produce) once and hands out their validators by name, to check every payload
 * before a sink sends it. Each schema is a subset of the official 2.16 request schema of
 * the operation `INTERCOM_SCHEMA_OPERATIONS` names, stricter where we choose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';
import type { IntercomSchemaName } from '../../pipeline/transform/payload-types.ts';

// ajv-formats is CommonJS: under NodeNext its function sits on `default` (tsx) or `default.default` (tsc's view).
const addFormats: (ajv: Ajv) => void = ((formatsModule as any).default?.default ?? (formatsModule as any).default) as any;

/** Our schema → the official 2.16 operation whose request body it narrows. */
export const INTERCOM_SCHEMA_OPERATIONS: Readonly<Record<IntercomSchemaName, string>> = {
  'create-contact': 'CreateContact',
  'update-contact': 'UpdateContact',
  'create-conversation': 'createConversation',
  'reply-conversation': 'replyConversation',
  'manage-conversation': 'manageConversation',
  'update-conversation': 'updateConversation',
  'tag-conversation': 'attachTagToConversation',
  'create-tag': 'createTag',
  'create-article': 'createArticle',
  'create-internal-article': 'createInternalArticle',
};

/**
 * Reads and compiles every `*.json` schema of `dir` with one ajv instance (`allErrors`,
 * strict mode, union types, unicode patterns, ajv-formats) and answers
 * `validatorFor(name)`. An unknown name is a programming error and throws a RangeError
 * naming the known ones. Compile once per run.
 *
 * @default dir this module's folder
 * @example
 * const validatorFor = loadIntercomSchemas();
 * validatorFor('tag-conversation')({ id: '6000001', admin_id: '7200000' }); // true
 */
export function loadIntercomSchemas(dir: URL = new URL('.', import.meta.url)): (name: IntercomSchemaName) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    validators.set(file.slice(0, -'.json'.length), ajv.compile(JSON.parse(readFileSync(new URL(file, dir), 'utf8'))));
  }
  return (name) => {
    const validate = validators.get(name);
    if (!validate) throw new RangeError(`No Intercom schema "${name}": known are ${[...validators.keys()].join(', ')}`);
    return validate;
  };
}
