/**
 * The resolved lookups the transforms read: everything that links a Khoros record to an
 * Intercom object and is only known after discovery, provisioning or an earlier import step
 * (admins by email, brand and tag ids, contact ids, article ids and URLs, hosted images).
 * Pure data, built once per import chunk from the workspace; the transforms never ask an
 * API. Every table is a `ReadonlyMap`, so a key such as `__proto__` is just a key.
 */
import type { Author } from '../../simulators/dataset/types.ts';

/** An Intercom contact already written for a Khoros customer. */
export interface ResolvedContact {
  /** Intercom contact id (24 hex characters). */
  id: string;
  role: 'user' | 'lead';
}

/** Where migrated KB articles of a board go (the board's Intercom collection or section). */
export interface ArticleParent {
  id: number;
  type: 'collection' | 'section';
}

/** An Intercom article already written for a Khoros article. */
export interface ResolvedArticle {
  id: string;
  /** Its public (or internal) URL: what links to the Khoros article are rewritten to. */
  url: string;
}

/** The lookups. */
export interface Lookups {
  /** Agent email, lower case and trimmed → Intercom admin id (only agents with an admin). */
  adminByEmail: ReadonlyMap<string, string>;
  /** Admin that takes the parts, notes, assignments and articles of agents with no admin, and performs the migration's own actions (tags, state). */
  fallbackAdminId: string;
  /** Intercom brand name (lower case) → brand id, or null when the workspace has no such brand (the brand becomes a tag). */
  intercomBrandByName: ReadonlyMap<string, string | null>;
  /** Tag name (lower case; Intercom tag names are case-insensitive) → Intercom tag id, once provisioned. */
  tagIdByName: ReadonlyMap<string, string>;
  /** Khoros brand id → brand name. */
  brandNames: ReadonlyMap<string, string>;
  /** Khoros Marketing initiative id → name. */
  initiativeNames: ReadonlyMap<string, string>;
  /** Khoros campaign id (a Plan's `campaignId`) → name. */
  campaignNames: ReadonlyMap<string, string>;
  /** Care tag id (`tags[].tagId` on conversations) → tag name. */
  careTagNames: ReadonlyMap<string, string>;
  /** Khoros customer id → the Intercom contact written for it (resolved at import). */
  contactByCustomer: ReadonlyMap<string, ResolvedContact>;
  /** Khoros customer id → its Care authors (linked through `handles.crm[].id`), for profile enrichment. */
  authorsByCustomer: ReadonlyMap<string, readonly Author[]>;
  /** Care author (Person) id → Khoros customer id, for Care conversations. */
  customerByAuthor: ReadonlyMap<string, string>;
  /** Khoros article id → the Intercom article written for it; absent on a first pass. */
  articleByKhorosId: ReadonlyMap<string, ResolvedArticle>;
  /** Community image id → URL where the image is hosted for Intercom. */
  imageUrlById: ReadonlyMap<string, string>;
  /** Khoros agent / Community user id → agent email, for article authors. */
  agentEmailById: ReadonlyMap<string, string>;
  /** Community board id → the Intercom collection or section its articles go to. */
  articleParentByBoard: ReadonlyMap<string, ArticleParent>;
  /** Locale of the help center's default content. @default 'en' */
  defaultLocale: string;
  /** Locales enabled on the help center; null when unknown (no check). @default null */
  helpCenterLocales: readonly string[] | null;
  /** Community host whose `/t5/…` links and images are rewritten; null: any host. @default null */
  communityHost: string | null;
}

/** What `buildLookups` takes: plain objects or maps, everything optional but the fallback admin. */
export type LookupsInit = { fallbackAdminId: string } & {
  [K in Exclude<keyof Lookups, 'fallbackAdminId'>]?: Lookups[K] extends ReadonlyMap<string, infer V>
    ? ReadonlyMap<string, V> | Readonly<Record<string, V>> | Iterable<readonly [string, V]>
    : Lookups[K];
};

const MAP_KEYS = [
  'adminByEmail', 'intercomBrandByName', 'tagIdByName', 'brandNames', 'initiativeNames', 'campaignNames', 'careTagNames', 'contactByCustomer',
  'authorsByCustomer', 'customerByAuthor', 'articleByKhorosId', 'imageUrlById', 'agentEmailById', 'articleParentByBoard',
] as const;

/** Tables whose keys are compared case-insensitively (lower-cased here once). */
const LOWER_KEYS = new Set<string>(['adminByEmail', 'intercomBrandByName', 'tagIdByName']);

/**
 * Builds `Lookups` from maps, entry lists or plain objects (own keys only), filling the
 * rest with empty tables and the defaults; keys of the case-insensitive tables (admin
 * emails, brand names, tag names) are trimmed and lower-cased. The result is frozen.
 *
 * @example
 * const lookups = buildLookups({
 *   fallbackAdminId: '7200000',
 *   adminByEmail: { 'Gerald.Rogahn@support.example': '7100000' },
 *   contactByCustomer: { C0000002: { id: '95afb19fcbf4d5b30bff273a', role: 'user' } },
 * });
 * lookups.adminByEmail.get('gerald.rogahn@support.example'); // '7100000'
 */
export function buildLookups(init: LookupsInit): Lookups {
  const tables = Object.fromEntries(
    MAP_KEYS.map((key) => {
      const entries = toEntries(init[key] as unknown);
      const lower = LOWER_KEYS.has(key);
      return [key, new Map(entries.map(([k, v]) => [lower ? k.trim().toLowerCase() : k, v]))];
    }),
  );
  return Object.freeze({
    ...tables,
    fallbackAdminId: init.fallbackAdminId,
    defaultLocale: init.defaultLocale ?? 'en',
    helpCenterLocales: init.helpCenterLocales ?? null,
    communityHost: init.communityHost ?? null,
  }) as Lookups;
}

function toEntries(source: unknown): [string, unknown][] {
  if (source === undefined || source === null) return [];
  if (source instanceof Map) return [...source.entries()];
  if (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(source as Iterable<[string, unknown]>)];
  return Object.keys(source as object).map((k) => [k, (source as Record<string, unknown>)[k]]);
}
