/**
 * Custom fields per CRM object, from the staged declarations (`raw_custom_fields`, one
 * record per object): name, label, type, searchable flag and list options, and, once the
 * object's records are staged, how many of them carry a value (a field nobody fills may
 * not be worth an Intercom attribute).
 */
import type { Workspace } from '../workspace/workspace.ts';
import { readPayloads, type FamilyState } from './read-family-state.ts';
import type { CustomFieldObject } from './report.ts';

/** A declared field as `GET /meta/object/{object}` gives it (schema `custom-field-declaration`). */
interface DeclaredField {
  name: string;
  label?: string;
  type?: string;
  searchable?: boolean;
  listValues?: { name: unknown; value: unknown }[];
}

/** The raw table holding each CRM object's records. */
const RECORDS_OF: Record<string, string> = { customer: 'customers', case: 'cases' };

/**
 * The declarations, with fill counts where the object is staged.
 *
 * @example
 * const [customer] = await readCustomFields(workspace, state);
 * customer.fields[0]; // { name: 'accountTier', type: 'single_sel_list', searchable: true, options: [...], filled: 18 }
 */
export async function readCustomFields(workspace: Workspace, state: FamilyState): Promise<CustomFieldObject[]> {
  const declarations = await readPayloads<{ name: string; fields?: DeclaredField[] }>(workspace, state, 'custom_fields');
  const objects: CustomFieldObject[] = [];
  for (const declaration of declarations) {
    const fields = (declaration.fields ?? []).filter((f) => typeof f?.name === 'string');
    const family = RECORDS_OF[declaration.name];
    const filled = family && state.status(family) !== 'not exported yet' && fields.length ? await fillCounts(workspace, family, fields.map((f) => f.name)) : null;
    objects.push({
      object: declaration.name,
      fields: fields.map((f, i) => ({
        name: f.name,
        label: f.label ?? f.name,
        type: f.type ?? 'unknown',
        searchable: f.searchable === true,
        options: (f.listValues ?? []).map((o) => ({ name: String(o.name), value: String(o.value) })),
        filled: filled?.[i] ?? null,
      })),
    });
  }
  // Customer before case, as the CRM declares them; any other object after.
  const rank = (o: CustomFieldObject) => { const i = Object.keys(RECORDS_OF).indexOf(o.object); return i < 0 ? Infinity : i; };
  return objects.sort((a, b) => rank(a) - rank(b) || a.object.localeCompare(b.object));
}

/** Records with a non-null value, per field, in one scan (names bound as parameters). */
async function fillCounts(workspace: Workspace, family: string, names: string[]): Promise<number[]> {
  const columns = names.map((_, i) => `count(*) FILTER (WHERE json_extract(payload, $${i + 1}) IS NOT NULL AND json_type(json_extract(payload, $${i + 1})) <> 'NULL') AS f${i}`);
  const [row] = await workspace.query<Record<string, number>>(`SELECT ${columns.join(', ')} FROM raw_${family}`, names.map((n) => `$."${n.replaceAll('"', '\\"')}"`));
  return names.map((_, i) => Number(row?.[`f${i}`] ?? 0));
}
