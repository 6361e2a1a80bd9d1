/**
 * Compiles the Khoros record schemas (`schemas/khoros/*.json`, one per object family) once
 * and hands out their validators by family name, for `validateRecords`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its function sits on `default` (tsx) or `default.default` (tsc's view).
const addFormats: (ajv: Ajv) => void = ((formatsModule as any).default?.default ?? (formatsModule as any).default) as any;

/**
 * Source family names (plural, as `SourcePage.family` and the `raw_<family>` tables name
 * them) → schema file name. A family may also be named by its schema file name, and `_`
 * may stand for `-` (`work_queues`).
 */
export const KHOROS_FAMILY_SCHEMAS: Readonly<Record<string, string>> = {
  customers: 'customer',
  'custom-fields': 'custom-field-declaration',
  'custom-field-declarations': 'custom-field-declaration',
  authors: 'author',
  agents: 'agent',
  teams: 'team',
  brands: 'brand',
  initiatives: 'initiative',
  campaigns: 'campaign',
  plans: 'campaign',
  cases: 'case',
  conversations: 'conversation',
  'kb-articles': 'kb-article',
  'kb-categories': 'kb-category',
  'kb-boards': 'kb-board',
  'kb-images': 'kb-image',
  'work-queues': 'work-queue',
  tags: 'tag',
  'automation-rules': 'automation-rule',
  slas: 'sla',
  'analytics-conversations': 'analytics-conversation',
  'analytics-authors': 'analytics-author',
  'analytics-agents': 'analytics-agent',
};

/**
 * Reads and compiles every `*.json` schema of `dir` with one ajv instance (`allErrors`,
 * strict mode, union types, ajv-formats), and answers `validatorFor(family)`. Compiling
 * takes tens of milliseconds: call it once per run. An unknown family is a programming
 * error and throws a RangeError naming the known ones.
 *
 * @default dir this module's folder
 * @example
 * const validatorFor = loadKhorosSchemas();
 * const validate = validatorFor('cases');
 * validate({ id: '00012345', interactions: [] }); // true
 */
export function loadKhorosSchemas(dir: URL = new URL('.', import.meta.url)): (family: string) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    validators.set(file.slice(0, -'.json'.length), ajv.compile(JSON.parse(readFileSync(new URL(file, dir), 'utf8'))));
  }
  return (family) => {
    const name = family.replaceAll('_', '-');
    const validate = validators.get(KHOROS_FAMILY_SCHEMAS[name] ?? name);
    if (!validate) throw new RangeError(`No Khoros schema for family "${family}": known are ${[...validators.keys(), ...Object.keys(KHOROS_FAMILY_SCHEMAS)].join(', ')}`);
    return validate;
  };
}
