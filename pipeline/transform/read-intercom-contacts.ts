/**
 * Finds the Intercom contacts that already stand for staged Khoros customers: the ones whose
 * `external_id` is the customer's (written by an earlier import), else the ones whose email
 * equals the customer's, compared case-insensitively as Intercom does (a user before a lead,
 * as only users are unique by email). Import updates those instead of creating duplicates;
 * the plan lists what the update would change.
 *
 * Request arithmetic: ONE walk of `GET /contacts` (cursor, `per_page` 150, Intercom's
 * maximum): `ceil(contacts in Intercom / 150)` requests, at least one, whatever the number
 * of customers. Looking each customer up instead (`GET /contacts/find_by_external_id/{id}`
 * plus a `POST /contacts/search` by email) would cost two requests per customer: 200,000 for
 * the `large` scale against about 34 pages for its 5,000 Intercom contacts. Each page is
 * matched against the staged customers in the workspace (one small join per page against a
 * temporary table of the customers' external ids and emails), and the matches are kept in
 * another temporary table of the workspace (DuckDB: under its memory cap, spilled to disk
 * beyond it), read back per chunk of customers (`matchesOf`). The process holds one page
 * and one chunk, not the matches: after an import of `large`, the walk that precedes the
 * conversations matches all 100,000 contacts.
 *
 * Customers whose emails differ only in letter case are one contact in Intercom: only the
 * first of them (by customer id) is matched by email; `sharedEmails` lists the groups, so
 * the others can be queued for reconciliation.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { paginateCursor } from '../intercom/paginate.ts';
import type { Mapping } from '../mapping/mapping.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** The Intercom contact fields an update may change. */
export interface ExistingContact {
  id: string;
  role: 'user' | 'lead';
  external_id: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  /** The avatar's image URL. */
  avatar: string | null;
  signed_up_at: number | null;
  last_seen_at: number | null;
  owner_id: string | null;
  unsubscribed_from_emails: boolean | null;
  custom_attributes: Record<string, unknown>;
}

/** An Intercom contact matched to a customer, and how. */
export interface MatchedContact {
  contact: ExistingContact;
  matchedBy: 'external_id' | 'email';
}

/** What `readIntercomContacts` found. */
export interface IntercomContactIndex {
  /**
   * The Intercom contacts of these customers (customer id → its contact), in one query of
   * the workspace; customers without one are absent.
   */
  matchesOf(customerIds: readonly string[]): Promise<Map<string, MatchedContact>>;
  /** Lower-cased email → the customer ids sharing it (only emails two or more customers share), in id order. */
  sharedEmails: ReadonlyMap<string, readonly string[]>;
  /** Customers matched, contacts listed, and requests spent. */
  matched: number;
  listed: number;
  requests: number;
  /** Drops the matches' temporary table (`matchesOf` answers nothing after). Idempotent. */
  release(): Promise<void>;
}

/**
 * An index that matched nothing, for a caller that takes contacts from elsewhere (verify:
 * from the ledger).
 *
 * @example
 * (await emptyContactIndex().matchesOf(['C0000001'])).size; // 0
 */
export function emptyContactIndex(): IntercomContactIndex {
  return { matchesOf: async () => new Map(), sharedEmails: new Map(), matched: 0, listed: 0, requests: 0, release: async () => {} };
}

/** Options of `readIntercomContacts`. */
export interface ReadIntercomContactsOptions {
  workspace: Workspace;
  intercom: IntercomClient;
  /** The confirmed map: which customer fields give `external_id` and `email`. */
  mapping: Mapping;
  /** @default CONTACTS_PER_PAGE (150, Intercom's maximum) */
  perPage?: number;
}

type Obj = Record<string, any>;

/** Contacts per page of the walk (Intercom's maximum). */
export const CONTACTS_PER_PAGE = 150;

/** Walks so far in this process: each gets its own temporary tables. */
let walks = 0;

/**
 * Walks the Intercom contacts once and matches them to the staged customers.
 *
 * @example
 * const index = await readIntercomContacts({ workspace, intercom, mapping });
 * (await index.matchesOf(['C0000006'])).get('C0000006'); // { contact: { id: '8018f34f02af33082700c647', email: 'VERONICA.DICKI6@MAIL.EXAMPLE', ... }, matchedBy: 'email' }
 * await index.release();
 */
export async function readIntercomContacts(options: ReadIntercomContactsOptions): Promise<IntercomContactIndex> {
  const { workspace, intercom, mapping } = options;
  const { externalId, email } = customerKeyExpressions(mapping);
  const sharedEmails = new Map<string, string[]>();
  const shared = await workspace.query<{ email: string; keys: string[] }>(
    `SELECT lower(trim(${email})) AS email, list(key ORDER BY key) AS keys FROM raw_customers
     WHERE nullif(trim(${email}), '') IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY 1`);
  for (const row of shared) sharedEmails.set(row.email, row.keys);

  // The customers' match keys, extracted once into a temporary table (it lives with the
  // connection, never in the file), so each page is a small join, not a scan of the payloads.
  const suffix = `${workspace.runId.replace(/[^A-Za-z0-9]/g, '_')}_${++walks}`;
  const keys = `k2i_customer_match_keys_${suffix}`;
  const candidates = `k2i_contact_candidates_${suffix}`;
  const found = `k2i_contact_matches_${suffix}`;
  await workspace.query(`CREATE OR REPLACE TEMP TABLE ${keys} AS
    SELECT key, ${externalId} AS external_id, lower(trim(${email})) AS email FROM raw_customers`);
  // Every candidate, ranked: by external id (0), else a user by email (1), else a lead by email (2); `seq` keeps the walk's order for ties.
  await workspace.query(`CREATE OR REPLACE TEMP TABLE ${candidates} (key VARCHAR, rank INTEGER, seq BIGINT, how VARCHAR, contact VARCHAR)`);
  let listed = 0;
  let requests = 0;
  let seq = 0;
  const counting: IntercomClient = { ...intercom, request: (method, path, o) => { requests += 1; return intercom.request(method, path, o); } };
  try {
    for await (const page of paginateCursor<Obj>(counting, '/contacts', { perPage: options.perPage ?? CONTACTS_PER_PAGE })) {
      listed += page.length;
      const contacts = page.filter((c) => c && typeof c === 'object' && typeof c.id === 'string').map(existingContact);
      const externalIds = contacts.flatMap((c) => (c.external_id ? [c.external_id] : []));
      const emails = contacts.flatMap((c) => (c.email ? [c.email.trim().toLowerCase()] : []));
      if (externalIds.length === 0 && emails.length === 0) continue;
      const matches = await workspace.query<{ key: string; how: 'external_id' | 'email'; value: string }>(
        `SELECT key, 'external_id' AS how, external_id AS value FROM ${keys}
           WHERE external_id IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))
         UNION ALL
         SELECT key, 'email', email FROM ${keys}
           WHERE email IN (SELECT unnest(from_json($2::JSON, '["VARCHAR"]')))`,
        [JSON.stringify(externalIds), JSON.stringify(emails)]);
      const rows: { key: string; rank: number; seq: number; how: string; contact: string }[] = [];
      for (const m of matches) {
        if (m.how === 'email' && (sharedEmails.get(m.value)?.[0] ?? m.key) !== m.key) continue;
        const contact = contacts.find((c) => (m.how === 'external_id' ? c.external_id === m.value : c.email?.trim().toLowerCase() === m.value));
        if (!contact) continue;
        rows.push({ key: m.key, rank: m.how === 'external_id' ? 0 : contact.role === 'user' ? 1 : 2, seq: seq++, how: m.how, contact: JSON.stringify(contact) });
      }
      if (rows.length > 0) {
        await workspace.query(`INSERT INTO ${candidates} SELECT r.key, r.rank, r.seq, r.how, r.contact
          FROM (SELECT unnest(from_json($1::JSON, '[{"key":"VARCHAR","rank":"INTEGER","seq":"BIGINT","how":"VARCHAR","contact":"VARCHAR"}]')) AS r)`, [JSON.stringify(rows)]);
      }
    }
    // The best match per customer; the first found among equals.
    await workspace.query(`CREATE OR REPLACE TEMP TABLE ${found} AS
      SELECT key, how, contact FROM ${candidates} QUALIFY row_number() OVER (PARTITION BY key ORDER BY rank, seq) = 1`);
  } catch (error) {
    await workspace.query(`DROP TABLE IF EXISTS ${found}`);
    throw error;
  } finally {
    await workspace.query(`DROP TABLE IF EXISTS ${keys}`);
    await workspace.query(`DROP TABLE IF EXISTS ${candidates}`);
  }
  const [{ n }] = await workspace.query<{ n: number | bigint }>(`SELECT count(*) AS n FROM ${found}`);
  let released = false;
  return {
    async matchesOf(customerIds) {
      const out = new Map<string, MatchedContact>();
      if (released || customerIds.length === 0) return out;
      const rows = await workspace.query<{ key: string; how: 'external_id' | 'email'; contact: string }>(
        `SELECT key, how, contact FROM ${found} WHERE key IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`, [JSON.stringify(customerIds)]);
      for (const row of rows) out.set(row.key, { contact: JSON.parse(row.contact) as ExistingContact, matchedBy: row.how });
      return out;
    },
    sharedEmails, matched: Number(n), listed, requests,
    async release() {
      if (released) return;
      released = true;
      await workspace.query(`DROP TABLE IF EXISTS ${found}`);
    },
  };
}

/**
 * SQL expressions over `raw_customers` giving the customer's external id and email as the
 * map's rows read them (`key` and `payload.email` by default). The paths are bound as
 * quoted JSON paths, so a field name cannot break the query.
 *
 * @example
 * customerKeyExpressions(mapping); // { externalId: 'key', email: `json_extract_string(payload, '$."email"')` }
 */
export function customerKeyExpressions(mapping: Mapping): { externalId: string; email: string } {
  const rows = mapping?.objects?.customers?.fields ?? [];
  const sourceOf = (standard: string) => rows.find((r) => r?.target && 'standard' in r.target && r.target.standard === standard && typeof r.source === 'string')?.source;
  const path = (source: string) => `json_extract_string(payload, '${`$${source.split('.').map((k) => `.${JSON.stringify(k)}`).join('')}`.replaceAll("'", "''")}')`;
  const external = sourceOf('external_id');
  const email = sourceOf('email') ?? 'email';
  return { externalId: external === undefined || external === 'id' ? 'key' : path(external), email: path(email) };
}

function existingContact(c: Obj): ExistingContact {
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    id: c.id,
    role: c.role === 'lead' ? 'lead' : 'user',
    external_id: text(c.external_id),
    email: text(c.email) || null,
    name: text(c.name),
    phone: text(c.phone),
    avatar: typeof c.avatar === 'string' ? c.avatar : text(c.avatar?.image_url),
    signed_up_at: time(c.signed_up_at),
    last_seen_at: time(c.last_seen_at),
    owner_id: text(c.owner_id),
    unsubscribed_from_emails: typeof c.unsubscribed_from_emails === 'boolean' ? c.unsubscribed_from_emails : null,
    custom_attributes: c.custom_attributes && typeof c.custom_attributes === 'object' ? { ...c.custom_attributes } : {},
  };
}
