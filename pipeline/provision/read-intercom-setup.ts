/**
 * Lists, once per run, everything in the Intercom workspace that provision compares the map
 * with: contact and company data attributes (archived included: their names stay taken),
 * conversation attributes (2.16) with their options, tags, help-center collections, admins,
 * brands, help centers, and teams when the map names any. Provision then creates only what
 * is missing, so a second run sends no write at all.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { paginatePages } from '../intercom/paginate.ts';

/** A contact or company data attribute. */
export interface DataAttribute {
  id?: number | string;
  name: string;
  full_name?: string;
  model: string;
  data_type: string;
  /** Intercom answers strings; some versions answer `{value}` objects. */
  options?: (string | { value: string })[];
  custom?: boolean;
  archived?: boolean;
}

/** A 2.16 conversation attribute. */
export interface ConversationAttribute {
  id: number | string;
  name: string;
  data_type: string;
  options?: { id?: string; label: string; archived?: boolean }[];
  archived?: boolean;
}

/** A help-center collection (a section is one with a parent). */
export interface Collection {
  id: string | number;
  name: string;
  parent_id: string | number | null;
  help_center_id: string | number | null;
}

/** What the workspace has. */
export interface IntercomSetup {
  dataAttributes: DataAttribute[];
  conversationAttributes: ConversationAttribute[];
  tags: { id: string; name: string }[];
  collections: Collection[];
  admins: { id: string; email: string | null; name?: string }[];
  brands: { id: string; name: string }[];
  helpCenters: { id: string; locales: string[]; default: boolean }[];
  /** Null when not read (the map names no team). */
  teams: { id: string; name: string }[] | null;
}

/**
 * Reads the setup through the paced client (GETs, retried by its table).
 *
 * @example
 * const setup = await readIntercomSetup(intercom, { teams: false });
 * setup.tags.length; // 5
 */
export async function readIntercomSetup(intercom: IntercomClient, options: { teams: boolean }): Promise<IntercomSetup> {
  const [contact, company, conversation, tags, collections, admins, brands, helpCenters, teams] = await Promise.all([
    intercom.request<{ data?: DataAttribute[] }>('GET', '/data_attributes', { searchParams: { model: 'contact', include_archived: true } }),
    intercom.request<{ data?: DataAttribute[] }>('GET', '/data_attributes', { searchParams: { model: 'company', include_archived: true } }),
    intercom.request<{ data?: ConversationAttribute[] }>('GET', '/conversations/attributes', { searchParams: { include_archived: true } }),
    intercom.request<{ data?: { id: string | number; name: string }[] }>('GET', '/tags'),
    listCollections(intercom),
    intercom.request<{ admins?: { id: string | number; email?: string | null; name?: string }[] }>('GET', '/admins'),
    intercom.request<{ data?: { id: string | number; name: string }[] }>('GET', '/brands'),
    intercom.request<{ data?: { id: string | number; locales?: string[]; default?: boolean }[] }>('GET', '/help_center/help_centers'),
    options.teams ? intercom.request<{ teams?: { id: string | number; name: string }[] }>('GET', '/teams') : Promise.resolve(null),
  ]);
  return {
    // The model comes from the request: some answers leave it out.
    dataAttributes: [...(contact.data ?? []).map((a) => ({ ...a, model: 'contact' })), ...(company.data ?? []).map((a) => ({ ...a, model: 'company' }))],
    conversationAttributes: conversation.data ?? [],
    tags: (tags.data ?? []).map((t) => ({ id: String(t.id), name: t.name })),
    collections,
    admins: (admins.admins ?? []).map((a) => ({ id: String(a.id), email: a.email ?? null, name: a.name })),
    brands: (brands.data ?? []).map((b) => ({ id: String(b.id), name: b.name })),
    helpCenters: (helpCenters.data ?? []).map((h) => ({ id: String(h.id), locales: [...(h.locales ?? [])], default: h.default === true })),
    teams: teams ? (teams.teams ?? []).map((t) => ({ id: String(t.id), name: t.name })) : null,
  };
}

/**
 * Every help-center collection (page-number list, 50 a page).
 *
 * @example
 * (await listCollections(intercom)).filter((c) => c.parent_id === null); // top-level collections
 */
export async function listCollections(intercom: IntercomClient): Promise<Collection[]> {
  const all: Collection[] = [];
  for await (const page of paginatePages<Collection>(intercom, '/help_center/collections', { perPage: 50 })) all.push(...page);
  return all;
}

/**
 * The option values of a data attribute, whichever shape Intercom answered.
 *
 * @example
 * optionValues({ name: 'tier', model: 'contact', data_type: 'string', options: ['a', { value: 'b' }] }); // ['a', 'b']
 */
export function optionValues(attribute: Pick<DataAttribute, 'options'>): string[] {
  return (attribute.options ?? []).map((o) => (typeof o === 'string' ? o : o?.value)).filter((v): v is string => typeof v === 'string');
}
