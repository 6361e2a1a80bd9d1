/**
 * Reads what earlier import runs wrote, from the workspace's write ledger
 * (`pipeline/workspace/ledger.ts`: one row per Intercom write, `object_type`, `khoros_key`,
 * `operation`, `payload_hash`, `status`, `intercom_id`, ordered by `seq`), when the workspace
 * has one: for each Khoros key, its latest record-level write that is done (an operation
 * starting with `create`, `update` or `upsert`), unless a later removal (`delete`,
 * `rollback`, `restore`, `archive`) undid it. Parts, tagging and writes still in flight
 * (`intent`) or refused (`failed`) are not record-level writes and are left out.
 *
 * A workspace without the table (no import ran yet, or a tool version before the ledger)
 * reads as empty, so the plan works either way.
 */
import type { Workspace } from '../workspace/workspace.ts';

/** The latest record-level write of one Khoros record. */
export interface LedgerRecord {
  objectType: string;
  khorosKey: string;
  intercomId: string | null;
  operation: string;
  /** The hash the import recorded: `payloadHash` of the body sent, or `buildPayloadHash` of the whole result. */
  payloadHash: string | null;
  runId: string | null;
  at: Date | null;
  /** Position in write order (`seq`, else the time in ms). */
  order: number;
}

const REQUIRED = ['object_type', 'khoros_key', 'intercom_id', 'operation', 'payload_hash'];
const WRITE = '^(create|update|upsert)';
const REMOVAL = '^(delete|rollback|restore|archive)';

/**
 * Whether the workspace has a ledger this reader understands (the table and its key columns).
 *
 * @example
 * if (await hasLedger(workspace)) console.log('earlier import runs are taken into account');
 */
export async function hasLedger(workspace: Workspace): Promise<boolean> {
  const names = await ledgerColumns(workspace);
  return REQUIRED.every((c) => names.has(c));
}

/**
 * How many record-level writes the ledger holds as done (0 without a ledger), for reports.
 *
 * @example
 * await countLedgerWrites(workspace); // 0 before the first import
 */
export async function countLedgerWrites(workspace: Workspace): Promise<number> {
  const columns = await ledgerColumns(workspace);
  if (!REQUIRED.every((c) => columns.has(c))) return 0;
  const [row] = await workspace.query<{ n: number }>(
    `SELECT count(*) AS n FROM ledger WHERE regexp_matches(lower(operation), '${WRITE}') ${columns.has('status') ? `AND status = 'done'` : ''}`);
  return Number(row?.n ?? 0);
}

async function ledgerColumns(workspace: Workspace): Promise<Set<string>> {
  const columns = await workspace.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'ledger' AND table_schema = 'main'`);
  return new Set(columns.map((c) => c.name));
}

/**
 * The latest write per key among `objectTypes`, for `keys` (or every key when omitted).
 * Returns an empty map when the workspace has no ledger.
 *
 * @example
 * const written = await readLedgerState(workspace, ['contact'], ['C0000002', 'C0000003']);
 * written.get('C0000002')?.payloadHash; // '3f0c…'
 */
export async function readLedgerState(workspace: Workspace, objectTypes: readonly string[], keys?: readonly string[]): Promise<Map<string, LedgerRecord>> {
  const out = new Map<string, LedgerRecord>();
  if (keys && keys.length === 0) return out;
  const columns = await ledgerColumns(workspace);
  if (!REQUIRED.every((c) => columns.has(c))) return out;
  // Written for the ledger of pipeline/workspace/ledger.ts (`seq`, `status`, `recorded_at`), and tolerant of
  // a plainer one (`at` instead, no status).
  const at = columns.has('settled_at') ? 'coalesce(settled_at, recorded_at)' : columns.has('recorded_at') ? 'recorded_at' : columns.has('at') ? '"at"' : 'NULL::TIMESTAMPTZ';
  const order = columns.has('seq') ? 'seq DESC' : `${at} DESC NULLS LAST`;
  const done = columns.has('status') ? `AND status = 'done'` : '';
  const runId = columns.has('run_id') ? 'run_id' : 'NULL::VARCHAR';
  const position = columns.has('seq') ? 'CAST(seq AS DOUBLE)' : `coalesce(epoch_ms(${at}), 0)::DOUBLE`;
  const rows = await workspace.query<{
    object_type: string; khoros_key: string; intercom_id: string | null; operation: string; payload_hash: string | null; run_id: string | null;
    written_at: Date | null; position: number;
  }>(
    `SELECT object_type, khoros_key, intercom_id, operation, payload_hash, run_id, written_at, position FROM (
       SELECT object_type, CAST(khoros_key AS VARCHAR) AS khoros_key, CAST(intercom_id AS VARCHAR) AS intercom_id, CAST(operation AS VARCHAR) AS operation,
         CAST(payload_hash AS VARCHAR) AS payload_hash, ${runId} AS run_id, ${at} AS written_at, ${position} AS position,
         row_number() OVER (PARTITION BY object_type, khoros_key ORDER BY ${order}) AS n
       FROM ledger
       WHERE object_type IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))
         AND (regexp_matches(lower(operation), '${WRITE}') OR regexp_matches(lower(operation), '${REMOVAL}')) ${done}
         ${keys ? `AND CAST(khoros_key AS VARCHAR) IN (SELECT unnest(from_json($2::JSON, '["VARCHAR"]')))` : ''}
     ) WHERE n = 1 AND regexp_matches(lower(operation), '${WRITE}')`,
    keys ? [JSON.stringify(objectTypes), JSON.stringify(keys)] : [JSON.stringify(objectTypes)]);
  for (const r of rows) {
    const record: LedgerRecord = {
      objectType: r.object_type, khorosKey: r.khoros_key, intercomId: r.intercom_id, operation: r.operation,
      payloadHash: r.payload_hash, runId: r.run_id, at: r.written_at instanceof Date ? r.written_at : null, order: Number(r.position) || 0,
    };
    // Two object types for one key (an article written as an internal article after a map change): the latest wins.
    const had = out.get(r.khoros_key);
    if (!had || record.order >= had.order) out.set(r.khoros_key, record);
  }
  return out;
}
