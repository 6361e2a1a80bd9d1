/**
 * Brands, initiatives and campaigns: the declared ones (their directories) and how many
 * staged cases reference each, so the team sees which are in use, which are declared but
 * unused, and which ids cases reference without a declaration. A case names its campaign
 * by the Marketing plan's `campaignId`, not by the plan's own id.
 */
import type { Workspace } from '../workspace/workspace.ts';
import { readPayloads, type FamilyState } from './read-family-state.ts';
import type { CatalogEntry, CatalogReport } from './report.ts';

/** One catalog: its family, the id field cases use, the `cases` view column. */
interface Catalog {
  family: string;
  /** The field of a declared record that cases reference. */
  idField: string;
  column: 'brand_id' | 'initiative_id' | 'campaign_id';
}

const CATALOGS: Record<'brands' | 'initiatives' | 'campaigns', Catalog> = {
  brands: { family: 'brands', idField: 'id', column: 'brand_id' },
  initiatives: { family: 'initiatives', idField: 'id', column: 'initiative_id' },
  campaigns: { family: 'campaigns', idField: 'campaignId', column: 'campaign_id' },
};

/**
 * The three catalogs, most used first; declared-but-unused entries count 0 once cases
 * are staged, and every count is null before.
 *
 * @example
 * (await readCatalog(workspace, state)).brands; // [{ id: 'brand-proseware-kitchen', name: 'Proseware Kitchen', cases: 9, declared: true }, ...]
 */
export async function readCatalog(workspace: Workspace, state: FamilyState): Promise<CatalogReport> {
  const casesStatus = state.status('cases');
  const read = async ({ family, idField, column }: Catalog): Promise<CatalogEntry[]> => {
    const declared = await readPayloads<Record<string, unknown>>(workspace, state, family);
    const names = new Map<string, string | null>();
    for (const record of declared) {
      const id = record[idField];
      if (id !== undefined && id !== null && id !== '' && !names.has(String(id))) names.set(String(id), typeof record.name === 'string' ? record.name : null);
    }
    const used = casesStatus === 'not exported yet'
      ? new Map<string, number>()
      : new Map((await workspace.query<{ id: string; n: number }>(`SELECT ${column} AS id, count(*) AS n FROM cases WHERE ${column} IS NOT NULL GROUP BY ALL`)).map((r) => [r.id, r.n]));
    const counted = casesStatus !== 'not exported yet';
    const entries: CatalogEntry[] = [...names].map(([id, name]) => ({ id, name, cases: counted ? used.get(id) ?? 0 : null, declared: true }));
    for (const [id, n] of used) if (!names.has(id)) entries.push({ id, name: null, cases: n, declared: false });
    return entries.sort((a, b) => (b.cases ?? 0) - (a.cases ?? 0) || a.id.localeCompare(b.id));
  };
  return { casesStatus, brands: await read(CATALOGS.brands), initiatives: await read(CATALOGS.initiatives), campaigns: await read(CATALOGS.campaigns) };
}
