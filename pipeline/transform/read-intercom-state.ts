/**
 * Reads the Intercom workspace as the import and the plan need it before the first write:
 * admins, brands, tags, contact data attributes, conversation attributes, help centers and
 * help-center collections. Read-only, through the paced client.
 *
 * Request arithmetic: six GETs (`/admins`, `/brands`, `/tags`,
 * `/data_attributes?model=contact&include_archived=true`,
 * `/conversations/attributes?include_archived=true`, `/help_center/help_centers`: none of
 * them is paged in 2.16) plus `max(1, ceil(collections / 150))` pages of
 * `/help_center/collections`. Contacts are read separately (`readIntercomContacts`).
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { paginatePages } from '../intercom/paginate.ts';

/** An admin. */
export interface IntercomAdminState {
  id: string;
  email: string | null;
  name: string | null;
}

/** A contact data attribute (custom or built in). */
export interface IntercomDataAttributeState {
  /** Null for built-in attributes, which some answers give no id. */
  id: string | null;
  name: string;
  dataType: string;
  /** List options, when the attribute has them. */
  options: string[] | null;
  archived: boolean;
  custom: boolean;
}

/** A 2.16 conversation attribute. */
export interface IntercomConversationAttributeState {
  id: string;
  name: string;
  dataType: string;
  /** Labels of its live options, when a list. */
  options: string[] | null;
  archived: boolean;
}

/** A help center. */
export interface IntercomHelpCenterState {
  id: string;
  locales: string[] | null;
  defaultLocale: string | null;
}

/** A help-center collection; a section is a collection with a parent. */
export interface IntercomCollectionState {
  id: string;
  name: string;
  parentId: string | null;
  helpCenterId: string | null;
}

/** What `readIntercomState` read. */
export interface IntercomState {
  admins: IntercomAdminState[];
  brands: { id: string; name: string; isDefault: boolean; helpCenterId: string | null }[];
  tags: { id: string; name: string }[];
  dataAttributes: IntercomDataAttributeState[];
  conversationAttributes: IntercomConversationAttributeState[];
  helpCenters: IntercomHelpCenterState[];
  collections: IntercomCollectionState[];
  /** Requests spent. */
  requests: number;
}

type Obj = Record<string, any>;
const text = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/**
 * Reads the state (seven requests, more with over 150 collections; see the file comment).
 *
 * @example
 * const state = await readIntercomState(createIntercomClient(config.intercom));
 * state.admins.map((a) => a.email); // ['gerald.rogahn@support.example', ...]
 */
export async function readIntercomState(intercom: IntercomClient): Promise<IntercomState> {
  let requests = 0;
  const get = <T>(path: string, searchParams?: Record<string, string>): Promise<T> => {
    requests += 1;
    return intercom.request<T>('GET', path, { searchParams });
  };
  const collections = async (): Promise<Obj[]> => {
    const out: Obj[] = [];
    // Collections are few (one per Khoros category and board): the whole list is kept.
    for await (const page of paginatePages<Obj>(countingClient(intercom, () => { requests += 1; }), '/help_center/collections', { perPage: 150 })) out.push(...page);
    return out;
  };
  const [admins, brands, tags, dataAttributes, conversationAttributes, helpCenters, collectionList] = await Promise.all([
    get<{ admins?: Obj[] }>('/admins'),
    get<{ data?: Obj[] }>('/brands'),
    get<{ data?: Obj[] }>('/tags'),
    get<{ data?: Obj[] }>('/data_attributes', { model: 'contact', include_archived: 'true' }),
    get<{ data?: Obj[] }>('/conversations/attributes', { include_archived: 'true' }),
    get<{ data?: Obj[] }>('/help_center/help_centers'),
    collections(),
  ]);
  return {
    admins: (admins?.admins ?? []).map((a) => ({ id: String(a.id), email: text(a.email), name: text(a.name) })),
    brands: (brands?.data ?? []).map((b) => ({ id: String(b.id), name: String(b.name ?? ''), isDefault: b.is_default === true, helpCenterId: text(b.help_center_id) })),
    tags: (tags?.data ?? []).map((t) => ({ id: String(t.id), name: String(t.name ?? '') })),
    dataAttributes: (dataAttributes?.data ?? []).map((a) => ({
      id: text(a.id), name: String(a.name ?? ''), dataType: String(a.data_type ?? ''), options: Array.isArray(a.options) ? a.options.map((o: unknown) => String(typeof o === 'object' && o !== null ? (o as Obj).value : o)) : null,
      archived: a.archived === true, custom: a.custom !== false,
    })),
    conversationAttributes: (conversationAttributes?.data ?? []).map((a) => ({
      id: String(a.id), name: String(a.name ?? ''), dataType: String(a.data_type ?? ''), archived: a.archived === true,
      options: Array.isArray(a.options) ? a.options.filter((o: Obj) => o && o.archived !== true).map((o: Obj) => String(o.label ?? '')) : null,
    })),
    helpCenters: (helpCenters?.data ?? []).map((h) => ({
      id: String(h.id), locales: Array.isArray(h.locales) ? h.locales.map(String) : null, defaultLocale: text(h.default_locale),
    })),
    collections: collectionList.map((c) => ({ id: String(c.id), name: String(c.name ?? ''), parentId: text(c.parent_id), helpCenterId: text(c.help_center_id) })),
    requests,
  };
}

/** The client, counting each request it sends (for the request arithmetic in reports). */
function countingClient(intercom: IntercomClient, count: () => void): IntercomClient {
  return {
    baseUrl: intercom.baseUrl,
    request(method, path, options) {
      count();
      return intercom.request(method, path, options);
    },
    stats: () => intercom.stats(),
  };
}
