/**
 * Profiles the staged source in DuckDB: per family, per field path, how many rows carry a
 * value, how many distinct values, the most frequent ones, the longest, and the type the
 * values convert to, with the values that do not. `map propose` proposes a map from it;
 * `map confirm` records its hash (`profileHash`) and import refuses a workspace whose
 * profile no longer has the same shape.
 *
 * Families profiled: `customers`, `cases` (without `interactions`), `interactions` (the
 * cases' arrays, unnested), `authors` (`handles` kept whole), `conversations` (without
 * `messages`; `primaryMessage` kept whole) and `kb_articles` (a few fields only: the LiQL
 * shape is mostly query links).
 *
 * Paths: objects are flattened to dotted paths (`assignedAgent.email`, `properties.plan`);
 * arrays are one value each (their JSON text, `[]` counting as empty). A JSON null, an
 * absent key, a blank string, `[]` and `{}` all count as "no value".
 *
 * Type inference, over the non-empty values (`Classes` below are the SQL twins of
 * `convert-value.ts`, which converts at transform time):
 *
 * - boolean: JSON true/false, or the text `true`/`false` (any case);
 * - integer: a JSON number with no fraction, or text `-?(0|[1-9][0-9]{0,14})` (no leading
 *   zero: `00012345` is an id, not a number), within ±2^53;
 * - float: any JSON number, or decimal text (`-12.5`, `1e3`);
 * - date: ISO-8601 text, a day (`2025-02-28`) or an instant (`2025-02-28T10:00:00Z`,
 *   seconds, fraction and offset optional), that is a real calendar day and time
 *   (`2025-02-31` is not). Slashed or dotted days (`31/02/2025`) are ambiguous and never
 *   dates;
 * - options: a declared `single_sel_list` (its declared values), or undeclared text with
 *   2 to 12 distinct values of at most 40 characters, each seen 3 times on average;
 * - string: anything else; empty: no value at all.
 *
 * A declared custom field keeps its declared type (`number` → integer if every numeric
 * value is whole, else float; `checkbox` → boolean; `date` → date; `single_sel_list` →
 * options; `text`/`textarea` → string) as long as most of its values (more than half)
 * convert; the rest are `failing`: quarantined at transform time, never a reason to widen
 * the field to string. An undeclared field takes the first of boolean, integer, float and
 * date that at least 98% of its values convert to, then options, then string.
 *
 * Memory: a family is expanded (`json_tree`) a slice of `SLICE_ROWS` raw rows at a time,
 * each slice adding its counts per (path, text, JSON type) to a TEMP table; every figure
 * (counts, distinct values, longest, samples, failing values, options) is then derived
 * from those summed counts, exactly as from one expansion of the whole family. What grows
 * with the data is the distinct values, not the records expanded at once.
 */
import { createHash } from 'node:crypto';
import type { Workspace } from '../workspace/workspace.ts';
import type { FieldProfile, InferredType, ProfileShape, SourceProfile } from './source-profile.ts';

/** Inference thresholds (see the file comment). */
export const PROFILE_RULES = Object.freeze({
  /** A declared type holds when more than this share of the values convert. */
  declaredShare: 0.5,
  /** An undeclared field takes a narrow type when at least this share converts. */
  inferredShare: 0.98,
  /** Undeclared text with at most this many distinct values may be options. */
  optionsMax: 12,
  /** ... each value at most this long ... */
  optionsLongest: 40,
  /** ... and seen at least this many times on average. */
  optionsRepeat: 3,
  samples: 5,
  failing: 20,
});

/** How one family's rows are read. */
interface FamilySpec {
  family: string;
  /** The raw table the rows come from; profiled in slices of its rows (see `SLICE_ROWS`). */
  table: string;
  /** SELECT giving `k` (row key) and `doc` (JSON) per row of `table` that passes `where`. */
  from: (where: string) => string;
  /** CRM object whose declarations (`raw_custom_fields`) apply. */
  declared?: 'customer' | 'case';
  /** Paths kept whole (JSON text) rather than flattened. */
  opaque?: string[];
  /** Only these paths. */
  only?: string[];
}

const FAMILIES: readonly FamilySpec[] = [
  { family: 'customers', table: 'raw_customers', from: (where) => `SELECT key AS k, payload AS doc FROM raw_customers WHERE ${where}`, declared: 'customer' },
  {
    family: 'cases', table: 'raw_cases', declared: 'case',
    from: (where) => `SELECT key AS k, json_merge_patch(payload, '{"interactions":null}') AS doc FROM raw_cases WHERE ${where}`,
  },
  {
    family: 'interactions', table: 'raw_cases',
    // Unnested in the select list, which streams: a lateral `unnest(...) WITH ORDINALITY`
    // is decorrelated into a join that holds every case's payload at once.
    from: (where) => `SELECT key || '/' || generate_subscripts(a, 1) AS k, unnest(a) AS doc
      FROM (SELECT key, k2i_array(payload->'interactions') AS a FROM raw_cases WHERE ${where})`,
  },
  { family: 'authors', table: 'raw_authors', from: (where) => `SELECT key AS k, payload AS doc FROM raw_authors WHERE ${where}`, opaque: ['handles'] },
  {
    family: 'conversations', table: 'raw_conversations', opaque: ['primaryMessage'],
    from: (where) => `SELECT key AS k, json_merge_patch(payload, '{"messages":null}') AS doc FROM raw_conversations WHERE ${where}`,
  },
  {
    family: 'kb_articles', table: 'raw_kb_articles', from: (where) => `SELECT key AS k, payload AS doc FROM raw_kb_articles WHERE ${where}`,
    only: ['id', 'subject', 'language', 'visibility', 'post_time', 'board.id', 'author.login'],
  },
];

/**
 * Raw rows per slice. `json_tree` keeps a copy of the whole record beside every field it
 * extracts, so the expansion's memory follows the number of records expanded at once.
 */
export const SLICE_ROWS = 500;

/** The TEMP table the slices' partial counts accumulate in (`path`, `t`, `jt`, `n`). */
const PARTS = 'k2i_profile_parts';

/** A declared custom field (`raw_custom_fields` payload `fields[]`). */
interface Declared {
  name: string;
  label?: string;
  type: string;
  options: string[];
  /** Option value → label. */
  labels: Record<string, string>;
}

/** One path's aggregate, as the SQL returns it. */
interface PathRow {
  path: string;
  non_null: number;
  distinct_values: number;
  longest: number;
  only_text: boolean;
  n_bool: number;
  n_int: number;
  n_float: number;
  n_date: number;
  n_opt: number;
  samples: string[];
  values: string[];
  fail_bool: string[];
  fail_int: string[];
  fail_float: string[];
  fail_date: string[];
  fail_opt: string[];
}

// The SQL twins of convert-value.ts; `t` is the value as text, `jt` its JSON type.
const INT_TEXT = `regexp_full_match(t, '-?(0|[1-9][0-9]{0,14})')`;
const FLOAT_TEXT = `regexp_full_match(t, '-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?')`;
const ISO_DAY = `regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(t AS DATE) IS NOT NULL`;
const ISO_INSTANT = `regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')
  AND TRY_CAST(t AS TIMESTAMPTZ) IS NOT NULL AND TRY_CAST(substr(t, 1, 10) AS DATE) IS NOT NULL`;
const CLASSES = `
  (jt = 'BOOLEAN' OR (jt = 'VARCHAR' AND lower(t) IN ('true', 'false'))) AS c_bool,
  ((jt IN ('BIGINT', 'UBIGINT', 'DOUBLE') AND TRY_CAST(t AS DOUBLE) = trunc(TRY_CAST(t AS DOUBLE)) AND abs(TRY_CAST(t AS DOUBLE)) <= 9007199254740991)
    OR (jt = 'VARCHAR' AND ${INT_TEXT})) AS c_int,
  (jt IN ('BIGINT', 'UBIGINT', 'DOUBLE') OR (jt = 'VARCHAR' AND ${FLOAT_TEXT})) AS c_float,
  (jt = 'VARCHAR' AND ((${ISO_DAY}) OR (${ISO_INSTANT}))) AS c_date`;

/**
 * Counts one slice's values into `PARTS`: a row per (path, text, JSON type) with how many
 * times it occurs in the rows whose rowid is within [`$1`, `$2`]. Summed over the slices,
 * these are exactly the counts of the whole family, from which `familySql` derives the rest.
 */
function sliceSql(spec: FamilySpec): string {
  const opaque = spec.opaque ?? [];
  const keep = [
    `fullkey <> '$'`,
    `fullkey NOT LIKE '%[%'`,
    `(type <> 'OBJECT'${opaque.map((p) => ` OR fullkey = '$.${p}'`).join('')})`,
    ...opaque.map((p) => `NOT starts_with(fullkey, '$.${p}.') AND NOT starts_with(fullkey, '$.${p}[')`),
    ...(spec.only ? [`fullkey IN (${spec.only.map((p) => `'$.${p}'`).join(', ')})`] : []),
  ];
  return `
    INSERT INTO ${PARTS}
    WITH docs AS (${spec.from('rowid BETWEEN $1 AND $2')}),
    nodes AS (
      SELECT regexp_replace(substr(t.fullkey, 3), '"', '', 'g') AS path, t.type AS jt,
        CASE WHEN t.type = 'VARCHAR' THEN t.value->>'$' ELSE CAST(t.value AS VARCHAR) END AS t
      FROM docs AS d, json_tree(d.doc) AS t
      WHERE ${keep.join(' AND ')}
    )
    SELECT path, t, jt, count(*) AS n FROM nodes GROUP BY ALL`;
}

/** The per-path aggregate query over the counts in `PARTS`. `$1` is a JSON list of `[path, option]` pairs. */
function familySql(): string {
  const rank = (c: string) => `row_number() OVER (PARTITION BY path, e, ${c} ORDER BY n DESC, t)`;
  const failing = (c: string, alias: string) =>
    `coalesce(list(t ORDER BY r_${c}) FILTER (WHERE NOT e AND NOT ${c} AND r_${c} <= ${PROFILE_RULES.failing}), []) AS ${alias}`;
  return `
    WITH vals AS (
      -- Empty values (null, blank, [], {}) are kept, flagged \`e\`, so an always-empty path is still a field.
      SELECT path, t, jt, CAST(sum(n) AS BIGINT) AS n,
        (jt = 'NULL' OR (jt = 'VARCHAR' AND regexp_full_match(t, '\\s*')) OR (jt = 'ARRAY' AND t = '[]') OR (jt = 'OBJECT' AND t = '{}')) AS e
      FROM ${PARTS} GROUP BY path, t, jt
    ),
    declared AS (
      SELECT e->>0 AS path, e->>1 AS opt FROM (SELECT unnest(CAST($1 AS JSON[])) AS e)
    ),
    classed AS (
      SELECT v.*, ${CLASSES},
        (v.t IN (SELECT opt FROM declared WHERE declared.path = v.path)) AS c_opt,
        length(v.t) AS len
      FROM vals AS v
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY path, e ORDER BY n DESC, t) AS r_all,
        row_number() OVER (PARTITION BY path, e ORDER BY t) AS r_alpha,
        ${['c_bool', 'c_int', 'c_float', 'c_date', 'c_opt'].map((c) => `${rank(c)} AS r_${c}`).join(',\n        ')}
      FROM classed
    )
    SELECT path, coalesce(sum(n) FILTER (WHERE NOT e), 0) AS non_null, count(DISTINCT t) FILTER (WHERE NOT e) AS distinct_values,
      coalesce(max(len) FILTER (WHERE NOT e), 0) AS longest, coalesce(bool_and(jt = 'VARCHAR') FILTER (WHERE NOT e), false) AS only_text,
      ${['bool', 'int', 'float', 'date', 'opt'].map((c) => `coalesce(sum(n) FILTER (WHERE NOT e AND c_${c}), 0) AS n_${c}`).join(', ')},
      coalesce(list(t ORDER BY r_all) FILTER (WHERE NOT e AND r_all <= ${PROFILE_RULES.samples + 2}), []) AS samples,
      coalesce(list(t ORDER BY r_alpha) FILTER (WHERE NOT e AND r_alpha <= ${PROFILE_RULES.optionsMax + 2}), []) AS values,
      ${failing('c_bool', 'fail_bool')}, ${failing('c_int', 'fail_int')}, ${failing('c_float', 'fail_float')},
      ${failing('c_date', 'fail_date')}, ${failing('c_opt', 'fail_opt')}
    FROM ranked
    GROUP BY path
    ORDER BY path`;
}

/** The rowid ranges [lo, hi] of consecutive slices of `SLICE_ROWS` rows of a table. */
async function slices(workspace: Workspace, table: string): Promise<{ lo: number; hi: number }[]> {
  return workspace.query<{ lo: number; hi: number }>(
    `SELECT min(rowid) AS lo, max(rowid) AS hi
     FROM (SELECT rowid, (row_number() OVER (ORDER BY rowid) - 1) // ${SLICE_ROWS} AS slice FROM ${table})
     GROUP BY slice ORDER BY slice`,
  );
}

/** Every declared field per CRM object (`customer`, `case`). */
async function readDeclarations(workspace: Workspace): Promise<Record<string, Declared[]>> {
  const rows = await workspace.query<{ payload: { name?: unknown; fields?: unknown } }>(`SELECT payload FROM raw_custom_fields ORDER BY key`);
  const out: Record<string, Declared[]> = {};
  for (const { payload } of rows) {
    if (typeof payload?.name !== 'string' || !Array.isArray(payload.fields)) continue;
    out[payload.name] = payload.fields
      .filter((f): f is Record<string, unknown> => typeof f?.name === 'string')
      .map((f) => ({
        name: f.name as string,
        ...(typeof f.label === 'string' && f.label ? { label: f.label } : {}),
        type: typeof f.type === 'string' ? f.type : 'text',
        options: listValues(f.listValues).map((o) => o.value),
        labels: Object.fromEntries(listValues(f.listValues).filter((o) => o.name).map((o) => [o.value, o.name])),
      }));
  }
  return out;
}

/** A declaration's `listValues` as `{value, name}` text pairs, without empty values. */
function listValues(list: unknown): { value: string; name: string }[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((o) => ({ value: String((o as { value?: unknown })?.value ?? ''), name: String((o as { name?: unknown })?.name ?? '') }))
    .filter((o) => o.value !== '');
}

/** Distinct values in first-seen order (a value may appear with two JSON types). */
const unique = (values: readonly string[] | null | undefined) => [...new Set(values ?? [])];

/** The declared type's candidate, given how many numeric values are whole. */
function declaredCandidate(declared: Declared, row: PathRow): Exclude<InferredType, 'empty'> {
  switch (declared.type) {
    case 'number': return row.n_int === row.n_float ? 'integer' : 'float';
    case 'checkbox': return 'boolean';
    case 'date': return 'date';
    case 'single_sel_list': return 'options';
    default: return 'string';
  }
}

const VALID: Record<string, keyof PathRow> = { boolean: 'n_bool', integer: 'n_int', float: 'n_float', date: 'n_date' };
const FAILING: Record<string, keyof PathRow> = { boolean: 'fail_bool', integer: 'fail_int', float: 'fail_float', date: 'fail_date', options: 'fail_opt' };

/** Infers a path's type (see the file comment) and the values that do not convert. */
function infer(row: PathRow, declared: Declared | undefined): { type: InferredType; options?: string[]; failing: string[] } {
  const total = Number(row.non_null);
  if (total === 0) return { type: 'empty', failing: [] };
  const failingOf = (type: string) => unique(row[FAILING[type]] as string[]).slice(0, PROFILE_RULES.failing);
  if (declared) {
    const candidate = declaredCandidate(declared, row);
    if (candidate === 'string') return { type: 'string', failing: [] };
    const valid = Number(candidate === 'options' ? row.n_opt : row[VALID[candidate]]);
    if (valid / total > PROFILE_RULES.declaredShare) {
      return { type: candidate, ...(candidate === 'options' ? { options: declared.options } : {}), failing: failingOf(candidate) };
    }
  }
  for (const type of ['boolean', 'integer', 'float', 'date'] as const) {
    if (Number(row[VALID[type]]) / total >= PROFILE_RULES.inferredShare) return { type, failing: failingOf(type) };
  }
  const distinct = Number(row.distinct_values);
  if (row.only_text && distinct >= 2 && distinct <= PROFILE_RULES.optionsMax && Number(row.longest) <= PROFILE_RULES.optionsLongest
    && total >= distinct * PROFILE_RULES.optionsRepeat) {
    return { type: 'options', options: unique(row.values), failing: [] };
  }
  return { type: 'string', failing: [] };
}

/** Profiles one family. */
async function profileFamily(workspace: Workspace, spec: FamilySpec, declared: Declared[]): Promise<FieldProfile[]> {
  const pairs = declared.filter((d) => d.type === 'single_sel_list').flatMap((d) => d.options.map((o) => [d.name, o]));
  let total = 0;
  let result: PathRow[];
  await workspace.query(`CREATE OR REPLACE TEMP TABLE ${PARTS} (path VARCHAR, t VARCHAR, jt VARCHAR, n BIGINT)`);
  try {
    for (const { lo, hi } of await slices(workspace, spec.table)) {
      const range = [BigInt(lo), BigInt(hi)];
      const [{ rows }] = await workspace.query<{ rows: number }>(`SELECT count(*) AS rows FROM (${spec.from('rowid BETWEEN $1 AND $2')})`, range);
      total += Number(rows);
      await workspace.query(sliceSql(spec), range);
    }
    result = await workspace.query<PathRow>(familySql(), [JSON.stringify(pairs)]);
  } finally {
    await workspace.query(`DROP TABLE IF EXISTS ${PARTS}`);
  }
  const byName = new Map(declared.map((d) => [d.name, d]));
  // A path that is an object somewhere is profiled through its children (`assignedAgent` → `assignedAgent.email`).
  const parents = new Set(result.flatMap((r) => r.path.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  const fields: FieldProfile[] = [];
  const seen = new Set<string>();
  for (const row of result) {
    if (parents.has(row.path)) continue;
    seen.add(row.path);
    fields.push(fieldProfile(row.path, total, row, byName.get(row.path)));
  }
  // A declared field nobody filled is still a field of the object: profiled as empty.
  for (const d of declared) if (!seen.has(d.name)) fields.push(fieldProfile(d.name, total, undefined, d));
  return fields.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function fieldProfile(path: string, rows: number, row: PathRow | undefined, declared: Declared | undefined): FieldProfile {
  const nonNull = Number(row?.non_null ?? 0);
  const inferred = row ? infer(row, declared) : { type: 'empty' as const, failing: [] as string[] };
  const options = inferred.options ?? (declared?.type === 'single_sel_list' ? declared.options : undefined);
  return {
    path,
    custom: declared !== undefined,
    ...(declared ? { declaredType: declared.type } : {}),
    ...(declared?.label ? { label: declared.label } : {}),
    inferredType: inferred.type,
    rows,
    nullRate: rows === 0 ? 1 : round((rows - nonNull) / rows),
    distinct: Number(row?.distinct_values ?? 0),
    samples: unique(row?.samples).slice(0, PROFILE_RULES.samples),
    longest: Number(row?.longest ?? 0),
    ...(options ? { options: [...options] } : {}),
    ...(declared && Object.keys(declared.labels).length ? { optionLabels: { ...declared.labels } } : {}),
    failing: inferred.failing,
  };
}

/** Six decimals: enough for a rate, and stable across platforms. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Profiles the staged families of a workspace (see the file comment for the rules).
 *
 * @example
 * const profile = await profileSource(workspace);
 * profile.families.customers.find((f) => f.path === 'loyaltyNumber');
 * // { inferredType: 'integer', failing: ['N/A'], custom: true, declaredType: 'number', ... }
 */
export async function profileSource(workspace: Workspace): Promise<SourceProfile> {
  const declarations = await readDeclarations(workspace);
  const families: Record<string, FieldProfile[]> = {};
  for (const spec of FAMILIES) {
    families[spec.family] = await profileFamily(workspace, spec, spec.declared ? declarations[spec.declared] ?? [] : []);
  }
  return { families };
}

/**
 * The drift-defining part of a profile: family → path → inferred type.
 *
 * @example
 * profileShape(profile).customers.loyaltyNumber; // 'integer'
 */
export function profileShape(profile: SourceProfile): ProfileShape {
  const shape: ProfileShape = {};
  for (const family of Object.keys(profile.families).sort()) {
    const fields: Record<string, InferredType> = {};
    for (const field of [...profile.families[family]].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) fields[field.path] = field.inferredType;
    shape[family] = fields;
  }
  return shape;
}

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hex sha256 of the canonical JSON of the profile's shape: unchanged by new counts or
 * samples from a delta, changed by a new field or a changed type.
 *
 * @example
 * profileHash(profile); // '3f2a…' (64 hex digits)
 */
export function profileHash(profile: SourceProfile): string {
  return createHash('sha256').update(canonicalJson(profileShape(profile))).digest('hex');
}
