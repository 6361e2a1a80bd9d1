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
 * temporary table of the customers' external ids and emails), and only matches are kept, so
 * memory follows the matches, not the size of either side.
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
  /** Customer id → its Intercom contact. */
  byCustomer: ReadonlyMap<string, MatchedContact>;
  /** Lower-cased email → the customer ids sharing it (only emails two or more customers share), in id order. */
  sharedEmails: ReadonlyMap<string, readonly string[]>;
  /** Contacts listed, and requests spent. */
  listed: number;
  requests: number;
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

/**
 * Walks the Intercom contacts once and matches them to the staged customers.
 *
 * @example
 * const index = await readIntercomContacts({ workspace, intercom, mapping });
 * index.byCustomer.get('C0000006'); // { contact: { id: '8018f34f02af33082700c647', email: 'VERONICA.DICKI6@MAIL.EXAMPLE', ... }, matchedBy: 'email' }
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
  const keys = `k2i_customer_match_keys_${workspace.runId.replace(/[^A-Za-z0-9]/g, '_')}`;
  await workspace.query(`CREATE OR REPLACE TEMP TABLE ${keys} AS
    SELECT key, ${externalId} AS external_id, lower(trim(${email})) AS email FROM raw_customers`);
  // Best match per customer: by external id (rank 0), else a user by email (1), else a lead by email (2).
  const best = new Map<string, { rank: number; match: MatchedContact }>();
  let listed = 0;
  let requests = 0;
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
      for (const m of matches) {
        if (m.how === 'email' && (sharedEmails.get(m.value)?.[0] ?? m.key) !== m.key) continue;
        const contact = contacts.find((c) => (m.how === 'external_id' ? c.external_id === m.value : c.email?.trim().toLowerCase() === m.value));
        if (!contact) continue;
        const rank = m.how === 'external_id' ? 0 : contact.role === 'user' ? 1 : 2;
        const had = best.get(m.key);
        if (!had || rank < had.rank) best.set(m.key, { rank, match: { contact, matchedBy: m.how } });
      }
    }
  } finally {
    await workspace.query(`DROP TABLE IF EXISTS ${keys}`);
  }
  return { byCustomer: new Map([...best].map(([key, { match }]) => [key, match])), sharedEmails, listed, requests };
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
