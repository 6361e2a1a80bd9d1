/**
 * Reads a field map file: YAML, validated against `schemas/mapping.schema.json` with every
 * problem reported at once, each naming its YAML path, its line and the value found, so a
 * person editing the file by hand knows where to look.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import schema from '../../schemas/mapping.schema.json' with { type: 'json' };
import { ConfigError, MappingError } from '../errors.ts';
import type { Mapping } from './mapping.ts';

const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
const validate = ajv.compile<Mapping>(schema);

/**
 * Parses and validates map text; `source` names the file in messages.
 *
 * @example
 * const mapping = parseMapping(await readFile('mapping.yaml', 'utf8'), 'mapping.yaml');
 */
export function parseMapping(text: string, source = 'mapping'): Mapping {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => `line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
    throw new MappingError('mapping_invalid', `${source} is not valid YAML:\n${problems.map((p) => `- ${p}`).join('\n')}`, problems);
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (validate(data)) return data;
  const problems = describe(validate.errors ?? [], data, doc, lines);
  throw new MappingError('mapping_invalid',
    `${source} does not follow the map schema (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `- ${p}`).join('\n')}`, problems);
}

/**
 * Reads and validates a map file.
 *
 * @example
 * const mapping = await readMapping('mapping.yaml');
 * mapping.policies.fallbackAdminId; // '7100000'
 */
export async function readMapping(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--mapping ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error}); run map propose to write one`);
  }
  return parseMapping(text, path);
}

/** `/objects/customers/fields/3/target` → `objects.customers.fields[3].target`. */
export function yamlPath(pointer: string): string {
  let out = '';
  for (const part of pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out || '(top level)';
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: any = data;
  for (const part of pointer.split('/').slice(1)) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  return node;
}

function lineOf(doc: Document, lines: LineCounter, pointer: string): number | undefined {
  const keys = pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  let node: unknown = doc.contents;
  for (const key of keys) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node)) node = node.get(Number(key), true);
    else break;
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line per problem: path, line, what is wrong, the value found. */
function describe(errors: ErrorObject[], data: unknown, doc: Document, lines: LineCounter): string[] {
  // An `if/then` failure repeats its `then` errors; an `anyOf` failure lists each branch's
  // `required`: keep the informative ones.
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const kept = errors.filter((e) => e.keyword !== 'if' && !anyOfs.some((a) => e !== a && e.schemaPath.startsWith(`${a.schemaPath}/`)));
  const out = new Set<string>();
  for (const e of kept) {
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const pointer = extra === undefined ? e.instancePath : `${e.instancePath}/${extra}`;
    const line = lineOf(doc, lines, pointer);
    const at = `${yamlPath(pointer)}${line ? ` (line ${line})` : ''}`;
    let message: string;
    if (extra !== undefined) message = 'is not a known key here';
    else if (e.keyword === 'anyOf') {
      const branches = (e.schema as { required?: string[] }[]).map((b) => (b.required ?? []).join(' + '));
      message = `must have one of the keys ${branches.join(', ')}`;
    } else if (e.keyword === 'enum') message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    else if (e.keyword === 'const') message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    else message = e.message ?? e.keyword;
    const value = extra === undefined && e.keyword !== 'required' ? `; found ${shown(valueAt(data, e.instancePath))}` : '';
    out.add(`${at}: ${message}${value}`);
  }
  return [...out];
}
