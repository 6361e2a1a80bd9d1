/**
 * The tags import will ask for, named from the staged records by the map's rules, the same
 * way the transforms name them (`transform-case.ts`, `transform-conversation.ts`,
 * `evaluate-fields.ts`):
 *
 * - a case's brand, when the map gives it no Intercom brand id (`brand_id` row) and Intercom
 *   has no brand of its name: the brand's rows' tag rules, else `objects.brands.tagRule`;
 * - a case's initiative and campaign: their rows' tag rules, else the object maps' rules;
 * - a Care conversation's tags (`tags[].tagId`, named by the staged Care tags): the `tags` rows' rules;
 * - every other tag row of customers, authors, cases and conversations: one tag per
 *   distinct value at its source path (each item of a list).
 *
 * Values are read with `SELECT DISTINCT` per path, so the work grows with the distinct
 * values, not with the records.
 */
import type { FieldMap, Mapping } from '../mapping/mapping.ts';
import { evaluateFields } from '../transform/evaluate-fields.ts';
import { tagName } from '../transform/tag-name.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** One tag to provision. */
export interface PlannedTag {
  name: string;
  /** Why: the first rule and record that named it, e.g. `brand brand-litware-labs (objects.brands.tagRule)`. */
  detail: string;
}

/** What planning found besides the tags. */
export interface TagPlan {
  tags: PlannedTag[];
  /** Ids the records point at that no staged record names (`initiative 3199`): their tags cannot be named. */
  unresolved: string[];
}

/** Case fields whose tags the brand, initiative and campaign maps name. */
const OWNED_BY_OBJECT_MAPS = new Set(['brandId', 'initiativeId', 'campaignId']);
const FAMILIES = ['customers', 'authors', 'cases', 'conversations'] as const;

/**
 * Plans the tags.
 *
 * @example
 * const { tags } = await planTags(workspace, mapping, [{ id: '9000002', name: 'Proseware Kitchen' }]);
 * tags.map((t) => t.name); // ['brand: Litware Labs', 'initiative: Holiday Peak', 'campaign: Customer Care: models', 'billing', ...]
 */
export async function planTags(workspace: Workspace, mapping: Mapping, intercomBrands: readonly { name: string }[]): Promise<TagPlan> {
  const tags = new Map<string, PlannedTag>();
  const unresolved = new Set<string>();
  const add = (name: string, detail: string) => {
    if (name && !tags.has(name.toLowerCase())) tags.set(name.toLowerCase(), { name, detail });
  };
  const tables = new Set((await workspace.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'raw_%'`)).map((t) => t.name));
  const has = (family: string) => tables.has(`raw_${family}`);
  const names = async (family: string, idField?: string) => {
    if (!has(family)) return new Map<string, string>();
    const id = idField ? `coalesce(payload->>'${idField}', key)` : 'key';
    const rows = await workspace.query<{ id: string; name: string }>(`SELECT ${id} AS id, payload->>'name' AS name FROM raw_${family} WHERE payload->>'name' IS NOT NULL`);
    return new Map(rows.map((r) => [r.id, r.name]));
  };

  const cases = mapping.objects.cases;
  const caseRows = (source: string) => (cases?.fields ?? []).filter((row) => row?.source === source);
  const skipped = (source: string) => caseRows(source).some((row) => row.target && 'skip' in row.target);
  const rulesOf = (source: string, fallback: string): [string, string][] => {
    const own = caseRows(source).flatMap((row) => (row.target && 'tag' in row.target ? [row.target.tag] : []));
    return own.length ? own.map((rule) => [rule, `objects.cases ${source} row`]) : [[fallback, `the ${source.replace('Id', '')} map's tagRule`]];
  };
  if (has('cases')) {
    if (!skipped('brandId')) {
      const brandNames = await names('brands');
      const intercom = new Set(intercomBrands.map((b) => b.name.trim().toLowerCase()));
      const brandRows = caseRows('brandId').filter((row) => row.target && 'standard' in row.target && row.target.standard === 'brand_id');
      for (const raw of await distinctValues(workspace, 'cases', 'brandId')) {
        if (raw === null || raw === undefined || raw === '') continue;
        const mapped = evaluateFields({ brandId: raw }, brandRows, 'conversation').find((f) => f.status === 'value')?.value;
        if (typeof mapped === 'string' && mapped) continue;
        const name = brandNames.get(String(raw));
        if (name === undefined) {
          unresolved.add(`brand ${String(raw)}`);
          continue;
        }
        if (intercom.has(name.trim().toLowerCase())) continue;
        for (const [rule, why] of rulesOf('brandId', mapping.objects.brands?.tagRule ?? 'brand: {name}')) {
          add(tagName(rule, { name, value: name, id: String(raw) }), `brand ${String(raw)} has no Intercom brand (${why})`);
        }
      }
    }
    const objectTags = [
      ['initiativeId', 'initiative', await names('initiatives'), mapping.objects.initiatives?.tagRule ?? 'initiative: {name}'],
      ['campaignId', 'campaign', await names('campaigns', 'campaignId'), mapping.objects.campaigns?.tagRule ?? 'campaign: {name}'],
    ] as const;
    for (const [source, what, named, fallback] of objectTags) {
      if (skipped(source)) continue;
      for (const raw of await distinctValues(workspace, 'cases', source)) {
        if (typeof raw !== 'string' && typeof raw !== 'number') continue;
        const name = named.get(String(raw));
        if (name === undefined) {
          unresolved.add(`${what} ${String(raw)}`);
          continue;
        }
        for (const [rule, why] of rulesOf(source, fallback)) add(tagName(rule, { name, value: name, id: String(raw) }), `${what} ${String(raw)} (${why})`);
      }
    }
  }

  const careTagRows = (mapping.objects.conversations?.fields ?? []).filter((row) => row?.source === 'tags' && row.target && 'tag' in row.target);
  if (careTagRows.length && has('conversations')) {
    const careNames = await names('tags');
    const ids = await workspace.query<{ id: string }>(
      `SELECT DISTINCT unnest(json_extract_string(payload, '$.tags[*].tagId')) AS id FROM raw_conversations WHERE json_type(payload->'tags') = 'ARRAY'`);
    for (const { id } of ids.filter((r) => r.id !== null).sort((a, b) => a.id.localeCompare(b.id))) {
      const name = careNames.get(id);
      if (name === undefined) {
        unresolved.add(`Care tag ${id}`);
        continue;
      }
      for (const row of careTagRows) add(tagName((row.target as { tag: string }).tag, { name, value: name, id }), `Care tag ${id} (objects.conversations tags row)`);
    }
  }

  for (const family of FAMILIES) {
    if (!has(family)) continue;
    for (const row of mapping.objects[family]?.fields ?? []) {
      if (!row?.target || !('tag' in row.target)) continue;
      if (family === 'cases' && OWNED_BY_OBJECT_MAPS.has(row.source)) continue;
      if (family === 'conversations' && row.source === 'tags') continue;
      for (const value of await fieldValues(workspace, family, row)) {
        add(tagName(row.target.tag, { value, name: value }), `${family}.${row.source} value ${JSON.stringify(value)}`);
      }
    }
  }
  return { tags: [...tags.values()], unresolved: [...unresolved].sort() };
}

/** The distinct scalar values (each item of a list) a tag row names tags from, in a stable order. */
async function fieldValues(workspace: Workspace, family: string, row: FieldMap): Promise<string[]> {
  const out = new Set<string>();
  for (const whole of await distinctValues(workspace, family, row.source)) {
    const raw = typeof row.item === 'number' ? (Array.isArray(whole) ? whole[row.item] : undefined) : whole;
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v === 'string' ? v.trim() !== '' : typeof v === 'number' || typeof v === 'boolean') out.add(String(v));
    }
  }
  return [...out].sort();
}

/**
 * The distinct JSON values at a dotted path of the staged payloads (as `readPath` reads it:
 * an own key equal to the whole path first, then the nested steps; digits index lists), in
 * a stable order so every run plans the tags alike.
 */
async function distinctValues(workspace: Workspace, family: string, path: string): Promise<unknown[]> {
  const nested = `$${path.split('.').map((step) => (/^\d+$/.test(step) ? `[${step}]` : `.${JSON.stringify(step)}`)).join('')}`;
  const whole = `$.${JSON.stringify(path)}`;
  const rows = await workspace.query<{ v: unknown }>(
    `SELECT DISTINCT coalesce(json_extract(payload, $1), json_extract(payload, $2)) AS v FROM raw_${family} ORDER BY v`, [whole, nested]);
  return rows.map((r) => r.v).filter((v) => v !== null && v !== undefined);
}
