/**
 * Builds the `Lookups` import and plan transform with, from the Intercom workspace as it is
 * now (read through the paced client) and the staged workspace:
 *
 * - Intercom: admins by email, brands by name, tags by name, the help center's locales,
 *   collections and sections by name, and, when the ledger lists written articles, their
 *   URLs (`GET /articles`, page by page: `import/article-urls.ts`, as the articles' own pass);
 * - workspace: agents (Khoros and Community ids → email), brand, initiative and campaign
 *   names, Care tag names, authors by customer and customer by author, the Community host,
 *   and, from the write ledger when there is one, the articles and sections written before.
 *
 * Request arithmetic (the whole run, whatever the number of staged records):
 * `6 + max(1, ceil(collections / 150))` for the state (`readIntercomState`), and
 * `ceil(Intercom articles / 250)` only when the ledger lists written articles: 7 requests
 * for a workspace with no articles written yet.
 *
 * Memory: the tables that grow with the dataset are left to the chunks. `contactByCustomer`
 * is empty: a caller adds the chunk's contacts (`readIntercomContacts(...).matchesOf`, or
 * the ledger) with `buildChunkLookups`. The author tables grow with the staged authors;
 * `authors: 'none'` leaves them empty, for a caller that reads them per chunk
 * (`readAuthorLookups` + `buildChunkLookups`).
 */
import { articleUrls } from '../import/article-urls.ts';
import type { IntercomClient } from '../intercom/intercom-api.ts';
import type { Mapping } from '../mapping/mapping.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { buildLookups, type ArticleParent, type Lookups, type ResolvedContact } from './lookups.ts';
import { readAuthorLookups } from './read-author-lookups.ts';
import { readIntercomState, type IntercomState } from './read-intercom-state.ts';
import { readLedgerState } from './read-ledger-state.ts';

/** Ledger object types of articles. */
export const ARTICLE_LEDGER_TYPES = ['article', 'internal_article'] as const;
/** Ledger object types of the collections and sections boards map to (provision keys them `kb_boards/<id>`). */
export const BOARD_LEDGER_TYPES = ['section', 'collection'] as const;

/** Options of `buildImportLookups`. */
export interface BuildImportLookupsOptions {
  workspace: Workspace;
  intercom: IntercomClient;
  /** The confirmed map (fallback admin, customer key fields). */
  mapping: Mapping;
  /** The Intercom state, when the caller read it already. @default read here */
  state?: IntercomState;
  /** `all`: read every author link; `none`: leave the author tables empty (read per chunk). @default 'all' */
  authors?: 'all' | 'none';
}

/**
 * Reads Intercom and the workspace and builds the lookups.
 *
 * @example
 * const lookups = await buildImportLookups({ workspace, intercom: createIntercomClient(config.intercom), mapping });
 * lookups.adminByEmail.get('gerald.rogahn@support.litware.example'); // '7100002'
 */
export async function buildImportLookups(options: BuildImportLookupsOptions): Promise<Lookups> {
  const { workspace, intercom, mapping } = options;
  const state = options.state ?? await readIntercomState(intercom);

  const agents = await optional(workspace.query<{ id: string | null; lsw: string; email: string | null }>(
    `SELECT payload->>'id' AS id, key AS lsw, payload->>'email' AS email FROM raw_agents WHERE payload->>'email' IS NOT NULL ORDER BY key`));
  const agentEmailById = new Map<string, string>();
  for (const a of agents) {
    if (!a.email) continue;
    if (a.id) agentEmailById.set(a.id, a.email);
    agentEmailById.set(a.lsw, a.email);
  }
  const names = (sql: string) => optional(workspace.query<{ id: string; name: string }>(sql)).then((rows) => rows.filter((r) => r.id && r.name).map((r) => [r.id, r.name] as const));
  const [brandNames, initiativeNames, campaignNames, careTagNames] = await Promise.all([
    names(`SELECT key AS id, payload->>'name' AS name FROM raw_brands ORDER BY key`),
    names(`SELECT key AS id, payload->>'name' AS name FROM raw_initiatives ORDER BY key`),
    names(`SELECT coalesce(payload->>'campaignId', key) AS id, payload->>'name' AS name FROM raw_campaigns ORDER BY key`),
    names(`SELECT coalesce(payload->>'tagId', key) AS id, payload->>'name' AS name FROM raw_tags ORDER BY key`),
  ]);
  const authors = options.authors === 'none' ? { authorsByCustomer: new Map(), customerByAuthor: new Map() } : await readAuthorLookups(workspace, 'all');

  // The help center of the default brand, else the first one.
  const defaultBrand = state.brands.find((b) => b.isDefault);
  const helpCenter = state.helpCenters.find((h) => h.id === defaultBrand?.helpCenterId) ?? state.helpCenters[0];
  const defaultLocale = helpCenter?.defaultLocale ?? (helpCenter?.locales?.includes('en') ? 'en' : helpCenter?.locales?.[0]) ?? 'en';

  return buildLookups({
    fallbackAdminId: String(mapping?.policies?.fallbackAdminId ?? ''),
    adminByEmail: state.admins.flatMap((a) => (a.email ? [[a.email, a.id] as const] : [])),
    intercomBrandByName: state.brands.map((b) => [b.name, b.id] as const),
    tagIdByName: state.tags.map((t) => [t.name, t.id] as const),
    brandNames, initiativeNames, campaignNames, careTagNames,
    contactByCustomer: new Map<string, ResolvedContact>(),
    authorsByCustomer: authors.authorsByCustomer,
    customerByAuthor: authors.customerByAuthor,
    // The same URLs the articles' own pass resolves (an article in another locale by its translated URL).
    articleByKhorosId: await articleUrls(workspace, intercom),
    agentEmailById,
    articleParentByBoard: await boardParents(workspace, state),
    defaultLocale,
    helpCenterLocales: helpCenter?.locales ?? null,
    communityHost: await communityHost(workspace),
  });
}

/** Board → its section or collection: the ledger's, else an Intercom collection named like the board. */
async function boardParents(workspace: Workspace, state: IntercomState): Promise<Map<string, ArticleParent>> {
  const out = new Map<string, ArticleParent>();
  const byName = new Map<string, ArticleParent>();
  for (const c of state.collections) {
    const id = Number(c.id);
    if (!Number.isSafeInteger(id) || id < 1) continue;
    const key = c.name.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, { id, type: c.parentId ? 'section' : 'collection' });
  }
  const boards = await optional(workspace.query<{ id: string; title: string | null }>(`SELECT key AS id, payload->>'title' AS title FROM raw_kb_boards ORDER BY key`));
  for (const board of boards) {
    const found = byName.get(String(board.title ?? '').trim().toLowerCase());
    if (found) out.set(board.id, found);
  }
  // Provision keys a board's section `kb_boards/<id>` (and a category's collection `kb_categories/<id>`).
  for (const record of (await readLedgerState(workspace, BOARD_LEDGER_TYPES)).values()) {
    const id = Number(record.intercomId);
    const board = record.khorosKey.startsWith('kb_boards/') ? record.khorosKey.slice('kb_boards/'.length) : record.khorosKey.includes('/') ? null : record.khorosKey;
    const live = state.collections.find((c) => c.id === record.intercomId);
    if (board !== null && Number.isSafeInteger(id) && id > 0) out.set(board, { id, type: live && !live.parentId ? 'collection' : 'section' });
  }
  return out;
}

/** The host of the staged articles' Community URLs (their links and images point there); null: any host. */
async function communityHost(workspace: Workspace): Promise<string | null> {
  const [row] = await optional(workspace.query<{ href: string }>(`SELECT payload->>'view_href' AS href FROM raw_kb_articles WHERE payload->>'view_href' IS NOT NULL LIMIT 1`));
  try {
    return row ? new URL(row.href).host : null;
  } catch {
    return null;
  }
}

/** Rows of a family table that may not exist (a family the export did not stage): none. */
async function optional<T>(rows: Promise<T[]>): Promise<T[]> {
  try {
    return await rows;
  } catch (error) {
    if (/does not exist/i.test(String((error as Error)?.message))) return [];
    throw error;
  }
}
