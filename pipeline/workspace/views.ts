/**
 * Typed views for analysts over the raw tables: one column per field an analyst filters
 * on, timestamps as TIMESTAMPTZ (CRM-spec ISO strings and Care epoch milliseconds alike),
 * custom fields as one JSON column. Views hold no data, so `createViews` replaces them on
 * every open: a view changes with the code, without a migration. The raw tables they read
 * exist from migration 2 on, so a fresh workspace has empty views rather than errors.
 * Shapes: `simulators/dataset/types.ts`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { RECONCILIATION_VIEWS } from './reconciliation-views.ts';

/** Care epoch milliseconds → TIMESTAMPTZ; ISO text → TIMESTAMPTZ; case ids → canonical form. */
const MACROS = [
  `CREATE OR REPLACE MACRO k2i_ms(x) AS to_timestamp(TRY_CAST(x AS DOUBLE) / 1000)`,
  `CREATE OR REPLACE MACRO k2i_ts(x) AS TRY_CAST(x AS TIMESTAMPTZ)`,
  // The SQL twin of operators/parse-case-id.ts: legacy `00004711` → `L-4711`, new
  // `CASE-004711` → `N-4711`, `CASE-2025-000123` → `N-2025-123`, anything else NULL.
  `CREATE OR REPLACE MACRO k2i_unpad(digits) AS coalesce(nullif(ltrim(digits, '0'), ''), '0')`,
  `CREATE OR REPLACE MACRO canonical_case_id(id) AS CASE
     WHEN regexp_full_match(id, '[0-9]{8}') THEN 'L-' || k2i_unpad(id)
     WHEN regexp_full_match(id, 'CASE-[0-9]{6,}') THEN 'N-' || k2i_unpad(substr(id, 6))
     WHEN regexp_full_match(id, 'CASE-[0-9]{4}-[0-9]{6,}') THEN 'N-' || substr(id, 6, 4) || '-' || k2i_unpad(substr(id, 11))
     END`,
  // The naive key a migration must not link on (digits only, no leading zeros).
  `CREATE OR REPLACE MACRO naive_case_key(id) AS ltrim(regexp_replace(id, '[^0-9]', '', 'g'), '0')`,
  // A JSON array or an empty one, so unnest never fails on a missing or odd field.
  `CREATE OR REPLACE MACRO k2i_array(j) AS CAST(CASE WHEN json_type(j) = 'ARRAY' THEN j ELSE '[]' END AS JSON[])`,
];

/** Removes the named top-level keys (what is left of a CRM record is its custom fields). */
const without = (keys: string[]) => `json_merge_patch(payload, '${JSON.stringify(Object.fromEntries(keys.map((k) => [k, null])))}')`;

const CUSTOMER_FIELDS = ['id', 'email', 'url', 'displayName', 'screenName', 'location', 'gender', 'phoneNumbers', 'created', 'lastUpdated'];
const CASE_FIELDS = ['id', 'number', 'customerId', 'title', 'description', 'url', 'status', 'priority', 'assignedAgent', 'brandId',
  'initiativeId', 'campaignId', 'workQueueId', 'tags', 'created', 'lastUpdated', 'interactions', 'canonicalId'];

/** View name → SELECT. Order matters where a view reads another. */
export const VIEWS: Readonly<Record<string, string>> = {
  customers: `SELECT key AS id, payload->>'email' AS email, payload->>'displayName' AS display_name,
    payload->>'screenName' AS screen_name, payload->>'location' AS location, payload->>'gender' AS gender,
    k2i_ts(payload->>'created') AS created, k2i_ts(payload->>'lastUpdated') AS last_updated,
    ${without(CUSTOMER_FIELDS)} AS custom_fields, _run_id, _extracted_at
    FROM raw_customers`,
  cases: `SELECT key AS id, coalesce(payload->>'canonicalId', canonical_case_id(key)) AS canonical_id, TRY_CAST(payload->>'number' AS BIGINT) AS number,
    payload->>'customerId' AS customer_id, payload->>'title' AS title, payload->>'status' AS status,
    TRY_CAST(payload->>'priority' AS INTEGER) AS priority, payload->'assignedAgent'->>'email' AS assigned_agent_email,
    payload->>'brandId' AS brand_id, payload->>'initiativeId' AS initiative_id, payload->>'campaignId' AS campaign_id,
    payload->>'workQueueId' AS work_queue_id, k2i_ts(payload->>'created') AS created,
    k2i_ts(payload->>'lastUpdated') AS last_updated, len(k2i_array(payload->'interactions')) AS interaction_count,
    ${without(CASE_FIELDS)} AS custom_fields, _run_id, _extracted_at
    FROM raw_cases`,
  // Unnested in the select list, which streams; a lateral `unnest(...) WITH ORDINALITY` is
  // decorrelated into a join that copies the whole case payload onto every interaction:
  // the 520-interaction case of `tiny` alone took over 256 MB for `min(created)`.
  interactions: `SELECT i.key AS case_id, i.value->>'id' AS id, i.position AS position, k2i_ts(i.value->>'created') AS created,
    i.value->>'direction' AS direction, i.value->>'kind' AS kind, i.value->>'service' AS service,
    i.value->'author'->>'name' AS author_name, i.value->'author'->>'email' AS author_email,
    TRY_CAST(i.value->'author'->>'brandOwned' AS BOOLEAN) AS brand_owned, i.value->>'body' AS body,
    len(k2i_array(i.value->'attachments')) AS attachment_count
    FROM (SELECT key, unnest(a) AS value, generate_subscripts(a, 1) AS position
      FROM (SELECT key, k2i_array(payload->'interactions') AS a FROM raw_cases)) AS i`,
  authors: `SELECT key AS id, TRY_CAST(payload->>'displayNumber' AS BIGINT) AS display_number,
    payload->'handles'->'crm'->0->>'id' AS customer_id,
    list_filter(CAST(json_extract_string(payload, '$.handles.*[*].name') AS VARCHAR[]), x -> x IS NOT NULL)[1] AS name,
    json_keys(payload->'handles') AS networks, coalesce(TRY_CAST(payload->>'brandOwned' AS BOOLEAN), false) AS brand_owned,
    coalesce(TRY_CAST(payload->>'deleted' AS BOOLEAN), false) AS deleted, payload->>'mergedIntoId' AS merged_into_id,
    len(k2i_array(payload->'tags')) AS tag_count, len(k2i_array(payload->'notes')) AS note_count,
    k2i_ms(payload->>'lastModified') AS last_modified, _run_id, _extracted_at
    FROM raw_authors`,
  agents: `SELECT key AS id, payload->>'name' AS name, payload->>'email' AS email, payload->>'lswUuid' AS lsw_uuid,
    payload->>'role' AS role, coalesce(TRY_CAST(payload->>'active' AS BOOLEAN), true) AS active,
    CAST(coalesce(payload->'teamIds', '[]') AS VARCHAR[]) AS team_ids,
    CAST(coalesce(payload->'initiativeIds', '[]') AS VARCHAR[]) AS initiative_ids, _run_id, _extracted_at
    FROM raw_agents`,
  conversations: `SELECT key AS id, TRY_CAST(payload->>'displayNumber' AS BIGINT) AS display_number, payload->>'status' AS status,
    TRY_CAST(payload->>'priority' AS INTEGER) AS priority, k2i_ms(payload->>'createDate') AS created,
    k2i_ms(payload->>'closeDate') AS closed, payload->'assignedToAgent'->>'email' AS assigned_agent_email,
    payload->'workQueue'->>'id' AS work_queue_id, payload->'channel'->>'network' AS network,
    CAST(coalesce(payload->'participants', '[]') AS VARCHAR[]) AS participant_ids,
    len(k2i_array(payload->'messages')) AS message_count, k2i_ms(payload->>'lastModified') AS last_modified, _run_id, _extracted_at
    FROM raw_conversations`,
  messages: `SELECT m.key AS conversation_id, m.value->>'lswUuid' AS id, m.position AS position, m.value->>'network' AS network,
    m.value->'author'->>'lswUuid' AS author_id, m.value->'author'->>'personId' AS person_id,
    m.value->'author'->>'name' AS author_name, TRY_CAST(m.value->'author'->>'brandOwned' AS BOOLEAN) AS brand_owned,
    k2i_ms(m.value->>'receiveDate') AS received, k2i_ms(m.value->>'publishDate') AS published,
    coalesce(m.value->>'text', m.value->>'postContent') AS text, TRY_CAST(m.value->>'isPrivate' AS BOOLEAN) AS is_private,
    len(k2i_array(m.value->'media')) AS media_count
    FROM (SELECT key, unnest(a) AS value, generate_subscripts(a, 1) AS position
      FROM (SELECT key, k2i_array(payload->'messages') AS a FROM raw_conversations)) AS m`,
  kb_articles: `SELECT key AS id, payload->>'subject' AS subject, payload->>'boardId' AS board_id,
    payload->>'visibility' AS visibility, payload->>'language' AS language, k2i_ts(payload->>'post_time') AS post_time,
    k2i_ts(payload->>'last_edit_time') AS last_edit_time, payload->'author'->>'id' AS author_id,
    payload->'author'->>'login' AS author_login, CASE WHEN json_type(payload->'labels') = 'ARRAY' THEN CAST(payload->'labels' AS VARCHAR[]) END AS labels,
    len(k2i_array(payload->'imageIds')) AS image_count, payload->>'teaser' AS teaser, payload->>'body' AS body,
    _run_id, _extracted_at
    FROM raw_kb_articles`,
  // The kind of a reason is its first line with array indexes as `*`:
  // `/interactions/*/created must match format "date-time"`.
  quarantine_summary: `SELECT family, regexp_replace(split_part(reason, chr(10), 1), '/[0-9]+(/| |$)', '/*\\1', 'g') AS reason_kind, count(*) AS records,
    min(quarantined_at) AS first_at, max(quarantined_at) AS last_at
    FROM quarantine GROUP BY ALL`,
  case_id_conflicts: `SELECT naive_case_key(id) AS naive_key, list_sort(list(DISTINCT id)) AS ids,
    list_sort(list(DISTINCT canonical_id)) AS canonical_ids, count(DISTINCT id) AS cases
    FROM cases GROUP BY ALL HAVING count(DISTINCT id) > 1`,
  // What the latest verify run found (reconciliation-views.ts).
  ...RECONCILIATION_VIEWS,
};

/**
 * Creates or replaces the macros and every view.
 *
 * @example
 * await createViews(connection);
 * await connection.run('SELECT status, count(*) FROM cases GROUP BY ALL');
 */
export async function createViews(connection: DuckDBConnection): Promise<void> {
  for (const macro of MACROS) await connection.run(macro);
  for (const [name, select] of Object.entries(VIEWS)) await connection.run(`CREATE OR REPLACE VIEW ${name} AS ${select}`);
}
