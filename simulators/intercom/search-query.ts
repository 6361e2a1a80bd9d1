/**
 * Intercom's search query DSL (`single_filter_search_request` /
 * `multiple_filter_search_request`), validated and compiled to a predicate. Shared by every
 * search endpoint: the caller says which fields exist and of what type.
 *
 * Rules from the 2.16 description: AND/OR groups nest at most 2 levels below the top group,
 * hold at most 15 filters each; operators by type — string `= != IN NIN ~ !~ ^ $`,
 * `tag_id`-like `= !=`, boolean `= != IN NIN`, integer/float all numeric, date `= < >` only,
 * matched by calendar day (UTC here: the simulated workspace's timezone). Simulator choices
 * where the description is silent: string matching ignores case; a field holding a list
 * matches when any item does; `null` as value matches a missing or empty field.
 */
import { IntercomError } from './context.ts';

/** The type of a searchable field; `tag` is an id list searchable by `=`/`!=` only. */
export type FieldType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'tag';

/** Which fields a search endpoint knows and how to read them. */
export interface SearchSchema {
  typeOf(field: string): FieldType | undefined;
  valueOf(doc: Record<string, any>, field: string): unknown;
}

type Predicate = (doc: Record<string, any>) => boolean;

const OPERATORS: Record<FieldType, string[]> = {
  string: ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'],
  tag: ['=', '!='],
  boolean: ['=', '!=', 'IN', 'NIN'],
  integer: ['=', '!=', 'IN', 'NIN', '<', '<=', '>', '>='],
  float: ['=', '!=', 'IN', 'NIN', '<', '<=', '>', '>='],
  date: ['=', '<', '>'],
};
const DAY = 86_400;

function invalid(message: string, field?: string): IntercomError {
  return new IntercomError(400, 'parameter_invalid', message, field);
}

function normalise(type: FieldType, value: unknown, field: string): unknown {
  if (value === null) return null;
  if (type === 'string' || type === 'tag') {
    if (typeof value === 'object') throw invalid(`The value for '${field}' must be a string`, field);
    return String(value).toLowerCase();
  }
  if (type === 'boolean') {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw invalid(`The value for '${field}' must be a boolean`, field);
  }
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || (type !== 'float' && !Number.isInteger(n))) {
    throw invalid(`The value for '${field}' must be ${type === 'date' ? 'a UNIX timestamp' : 'a number'}`, field);
  }
  return n;
}

function stored(type: FieldType, raw: unknown): unknown[] {
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== null && v !== undefined && v !== '');
  return values.map((v) => (type === 'string' || type === 'tag' ? String(v).toLowerCase() : v));
}

function compare(op: string, type: FieldType, have: unknown, want: unknown): boolean {
  if (type === 'date') {
    const day = Math.floor((want as number) / DAY) * DAY;
    const t = have as number;
    return op === '=' ? t >= day && t < day + DAY : op === '>' ? t >= day + DAY : t < day;
  }
  switch (op) {
    case '=': return have === want;
    case '<': return (have as number) < (want as number);
    case '<=': return (have as number) <= (want as number);
    case '>': return (have as number) > (want as number);
    case '>=': return (have as number) >= (want as number);
    case '~': return String(have).includes(String(want));
    case '^': return String(have).startsWith(String(want));
    case '$': return String(have).endsWith(String(want));
    default: return false;
  }
}

function single(node: Record<string, any>, schema: SearchSchema): Predicate {
  const field = node.field;
  const op = node.operator;
  if (typeof field !== 'string') throw invalid('field must be a string', 'field');
  const type = schema.typeOf(field);
  if (!type) throw invalid(`'${field}' is not a searchable field`, field);
  if (typeof op !== 'string' || !OPERATORS[type].includes(op)) {
    throw invalid(`The operator '${op}' is not supported for the field '${field}'`, field);
  }
  const listOp = op === 'IN' || op === 'NIN';
  if (listOp !== Array.isArray(node.value)) {
    throw invalid(listOp ? `The value for '${op}' must be an array` : `The value for '${field}' must not be an array`, field);
  }
  if (node.value === null && !['=', '!='].includes(op)) throw invalid(`The operator '${op}' needs a value`, field);
  const want = listOp ? (node.value as unknown[]).map((v) => normalise(type, v, field)) : normalise(type, node.value, field);
  return (doc) => {
    const have = stored(type, schema.valueOf(doc, field));
    if (want === null) return op === '=' ? have.length === 0 : have.length > 0;
    if (op === 'IN') return have.some((h) => (want as unknown[]).includes(h));
    if (op === 'NIN') return !have.some((h) => (want as unknown[]).includes(h));
    if (op === '!=') return !have.some((h) => h === want);
    if (op === '!~') return !have.some((h) => compare('~', type, h, want));
    return have.some((h) => compare(op, type, h, want));
  };
}

function compile(node: unknown, schema: SearchSchema, depth: number): Predicate {
  if (!node || typeof node !== 'object' || Array.isArray(node)) throw invalid('query must be an object', 'query');
  const q = node as Record<string, any>;
  if (!('field' in q) && (q.operator === 'AND' || q.operator === 'OR')) {
    if (depth > 2) throw invalid('Search queries can nest AND/OR filters at most 2 levels deep', 'query');
    if (!Array.isArray(q.value) || q.value.length === 0) throw invalid(`The ${q.operator} operator needs an array of filters`, 'query');
    if (q.value.length > 15) throw invalid(`An ${q.operator} group can hold at most 15 filters`, 'query');
    const parts = q.value.map((child: unknown) => compile(child, schema, depth + 1));
    return q.operator === 'AND' ? (doc) => parts.every((p: Predicate) => p(doc)) : (doc) => parts.some((p: Predicate) => p(doc));
  }
  return single(q, schema);
}

/**
 * Validates a `query` and returns its predicate; throws a 400 `IntercomError` when invalid.
 *
 * @example
 * const match = compileQuery({ operator: 'AND', value: [{ field: 'role', operator: '=', value: 'user' }] }, schema);
 * contacts.filter(match);
 */
export function compileQuery(query: unknown, schema: SearchSchema): Predicate {
  return compile(query, schema, 0);
}
