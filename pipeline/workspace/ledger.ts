/**
 * The write ledger (`ledger` table): one row per Intercom write, so a killed run resumes
 * without duplicates and rollback knows everything the migration wrote.
 *
 * The protocol: `recordIntent` BEFORE the request is sent, `recordDone` (with the Intercom
 * id) or `recordFailed` as soon as it returns. A kill between the two leaves an `intent`
 * row: the write may or may not have landed, and the next run lists it with `inFlight`,
 * looks Intercom up by the row's key and settles it (`recordDone` with the id it found, or
 * `recordFailed` when it did not land) before it writes anything new for that key.
 *
 * Every call is a statement through the workspace's queue (`Workspace.query`), which
 * DuckDB commits on its own: when the promise resolves, the row is in the write-ahead log
 * and survives a kill. Intents and dones sent while an earlier one is being committed share
 * the next statement (`ledger-batch.ts`), so concurrent writers are not held to one commit
 * each. The functions take the workspace rather than widening the `Workspace` interface (as
 * `mapping-versions.ts` does); `ledgered` wraps the protocol around one request, and
 * `lastWrites` answers a chunk of keys in one query. Analysts read the table with plain SQL:
 * `SELECT object_type, operation, status, count(*) FROM ledger GROUP BY ALL`.
 */
import { FatalError, IntercomRateLimitError, IntercomRequestError } from '../errors.ts';
import { microBatch, perKey } from './ledger-batch.ts';
import { payloadHash } from './ledger-hash.ts';
import type { Workspace } from './workspace.ts';

/** Where a write stands: sent or about to be (`intent`), answered with success (`done`), or refused (`failed`). */
export type LedgerStatus = 'intent' | 'done' | 'failed';

/**
 * What a write did. Rollback reads it: a `create` is undone by a delete, an `update` by
 * writing its before-image back, `tag` by `untag`, a `part` cannot be undone alone (its
 * conversation is deleted). `provision` marks other setup writes. Other words are allowed.
 */
export type LedgerOperation = 'create' | 'update' | 'delete' | 'tag' | 'untag' | 'part' | 'provision' | (string & {});

/** A write about to be sent. */
export interface LedgerIntent {
  /** The run sending it. @default workspace.runId */
  runId?: string;
  /** The Intercom object written: `contact`, `conversation`, `tag`, `data_attribute`, `collection`, ... */
  objectType: string;
  /** What the write is for on the Khoros side (customer id, case id, `kb_boards/<id>`, an attribute or tag name). */
  khorosKey: string;
  operation: LedgerOperation;
  /** `payloadHash(body)`: hex sha256 of the request body's canonical JSON. */
  payloadHash: string;
  /** The request, without host or credentials, e.g. `POST /tags`. @default null */
  endpoint?: string | null;
  /**
   * For updates: every field the write changes, with its value before. May be given here
   * (known before sending, so it survives a kill after the write landed) or at `recordDone`.
   */
  beforeImage?: unknown;
}

/** How a write ended well. */
export interface LedgerDone {
  /** The Intercom id of the object written (for a sub-object: `<parent id>/<id>`). */
  intercomId: string;
  /** For updates: the fields changed, with their old values (kept from the intent when omitted). */
  beforeImage?: unknown;
}

/** One row of the ledger. */
export interface LedgerEntry {
  /** Order of the intents (a sequence): rollback undoes writes by descending `seq`. */
  seq: number;
  runId: string;
  objectType: string;
  khorosKey: string;
  operation: string;
  endpoint: string | null;
  payloadHash: string;
  status: LedgerStatus;
  intercomId: string | null;
  beforeImage: unknown;
  error: string | null;
  /** When the intent was recorded (just before the request was sent). */
  recordedAt: Date;
  /** When the answer was recorded; null while in flight. */
  settledAt: Date | null;
}

/** The ledger refused a call: an unknown `seq`, or a write settled the other way. */
export class LedgerError extends FatalError {}

interface Row {
  seq: number;
  run_id: string;
  object_type: string;
  khoros_key: string;
  operation: string;
  endpoint: string | null;
  payload_hash: string;
  status: LedgerStatus;
  intercom_id: string | null;
  before_image: unknown;
  error: string | null;
  recorded_at: Date;
  settled_at: Date | null;
}

const COLUMNS = 'seq, run_id, object_type, khoros_key, operation, endpoint, payload_hash, status, intercom_id, before_image, error, recorded_at, settled_at';
/** Longest error text kept: the first lines say what went wrong; bodies stay out. */
const MAX_ERROR = 2000;

function fromRow(row: Row): LedgerEntry {
  return {
    seq: Number(row.seq), runId: row.run_id, objectType: row.object_type, khorosKey: row.khoros_key, operation: row.operation,
    endpoint: row.endpoint, payloadHash: row.payload_hash, status: row.status, intercomId: row.intercom_id,
    beforeImage: row.before_image ?? null, error: row.error, recordedAt: row.recorded_at, settledAt: row.settled_at,
  };
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`ledger: ${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Records a write about to be sent; answers its `seq`. Call it before the request: a kill
 * after the request left leaves this `intent` row for the next run to reconcile.
 *
 * @example
 * const seq = await recordIntent(workspace, { objectType: 'tag', khorosKey: 'brand: Litware Labs', operation: 'create',
 *   payloadHash: payloadHash({ name: 'brand: Litware Labs' }), endpoint: 'POST /tags' });
 */
export async function recordIntent(workspace: Workspace, intent: LedgerIntent): Promise<number> {
  const hash = text('payloadHash', intent.payloadHash);
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new TypeError(`ledger: payloadHash must be 64 lower-case hex digits (payloadHash(body)), got ${JSON.stringify(hash)}`);
  const row: IntentRow = [text('runId', intent.runId ?? workspace.runId), text('objectType', intent.objectType), text('khorosKey', intent.khorosKey),
    text('operation', intent.operation), intent.endpoint ?? null, hash, json(intent.beforeImage), new Date().toISOString()];
  return intents(workspace)(row);
}

/** An intent's values, in the column order of `insertIntents`. */
type IntentRow = [runId: string, objectType: string, khorosKey: string, operation: string, endpoint: string | null, hash: string, beforeImage: string | null, at: string];

/** Most rows one ledger statement carries. */
const BATCH = 500;

const intents = perKey((workspace: Workspace) => microBatch((rows: readonly IntentRow[]) => insertIntents(workspace, rows), BATCH));

/** Inserts intents in one statement; answers their `seq`s in the rows' order. */
async function insertIntents(workspace: Workspace, rows: readonly IntentRow[]): Promise<number[]> {
  const values = rows.map((_, r) => `(${[0, 1, 2, 3, 4, 5].map((c) => `$${r * 8 + c + 1}`).join(', ')}, 'intent', $${r * 8 + 7}::JSON, $${r * 8 + 8}::TIMESTAMPTZ)`);
  const inserted = await workspace.query<{ seq: number; object_type: string; khoros_key: string; operation: string }>(
    `INSERT INTO ledger (run_id, object_type, khoros_key, operation, endpoint, payload_hash, status, before_image, recorded_at)
     VALUES ${values.join(', ')} RETURNING seq, object_type, khoros_key, operation`,
    rows.flat(),
  );
  // RETURNING lists the rows as inserted; pair them by content all the same, in case it ever does not.
  const byContent = new Map<string, number[]>();
  for (const r of [...inserted].sort((a, b) => Number(a.seq) - Number(b.seq))) {
    const key = JSON.stringify([r.object_type, r.khoros_key, r.operation]);
    byContent.set(key, [...(byContent.get(key) ?? []), Number(r.seq)]);
  }
  return rows.map((row) => byContent.get(JSON.stringify([row[1], row[2], row[3]]))!.shift()!);
}

/**
 * Records that a write succeeded, with the Intercom id it created or changed. An intent of
 * an earlier run may be settled (reconciliation), and so may a `failed` row that a lookup
 * later found in Intercom. Idempotent: settling a `done` row again with the same id is a
 * no-op; with another id it throws `LedgerError`.
 *
 * @example
 * await recordDone(workspace, seq, { intercomId: '6000010' });
 * await recordDone(workspace, seq, { intercomId: '42', beforeImage: { options: ['bronze', 'silver'] } });
 */
export async function recordDone(workspace: Workspace, seq: number, done: LedgerDone): Promise<LedgerEntry> {
  const id = text('intercomId', done.intercomId === undefined || done.intercomId === null ? done.intercomId : String(done.intercomId));
  const updated = await dones(workspace)([seq, id, json(done.beforeImage), new Date().toISOString()]);
  if (updated) return updated;
  const current = await entry(workspace, seq);
  if (current.status === 'done' && current.intercomId === id) return current;
  throw new LedgerError('ledger_already_settled', `ledger: write ${seq} is already done with Intercom id ${current.intercomId}; cannot record ${id}`);
}

/** A done's values, in the column order of `settleDone`. */
type DoneRow = [seq: number, intercomId: string, beforeImage: string | null, at: string];

const dones = perKey((workspace: Workspace) => microBatch((rows: readonly DoneRow[]) => settleDone(workspace, rows), BATCH));

/**
 * Marks intents (or failed writes) done in one statement; answers each row's entry, or
 * undefined when its write was not an intent or failed (the caller looks at it alone). A
 * `seq` given twice is settled by its first row only.
 */
async function settleDone(workspace: Workspace, rows: readonly DoneRow[]): Promise<(LedgerEntry | undefined)[]> {
  const seen = new Set<number>();
  const first = new Set(rows.filter((row) => !seen.has(row[0]) && Boolean(seen.add(row[0]))));
  const values = [...first].map((_, r) => `($${r * 4 + 1}::BIGINT, $${r * 4 + 2}::VARCHAR, $${r * 4 + 3}::VARCHAR, $${r * 4 + 4}::VARCHAR)`);
  const updated = await workspace.query<Row>(
    `UPDATE ledger SET status = 'done', intercom_id = v.intercom_id, before_image = coalesce(v.before_image::JSON, ledger.before_image), error = NULL,
       settled_at = v.settled_at::TIMESTAMPTZ
     FROM (VALUES ${values.join(', ')}) AS v(seq, intercom_id, before_image, settled_at)
     WHERE ledger.seq = v.seq AND ledger.status IN ('intent', 'failed')
     RETURNING ${COLUMNS.split(', ').map((c) => `ledger.${c}`).join(', ')}`,
    [...first].flat(),
  );
  const bySeq = new Map(updated.map((row) => [Number(row.seq), fromRow(row)]));
  return rows.map((row) => (first.has(row) ? bySeq.get(row[0]) : undefined));
}

/**
 * Records that a write was refused, so it did not land (Intercom answered a 4xx, or the
 * request never left). A write whose outcome is unknown stays an `intent` instead (see
 * `ledgered`). Throws `LedgerError` for a write already done.
 *
 * @example
 * await recordFailed(workspace, seq, error); // error: "IntercomRequestError: Intercom refused POST /tags (400 …)"
 */
export async function recordFailed(workspace: Workspace, seq: number, error: unknown): Promise<LedgerEntry> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const [row] = await workspace.query<Row>(
    `UPDATE ledger SET status = 'failed', error = $2, settled_at = $3::TIMESTAMPTZ WHERE seq = $1 AND status IN ('intent', 'failed')
     RETURNING ${COLUMNS}`,
    [seq, message.slice(0, MAX_ERROR), new Date().toISOString()],
  );
  if (row) return fromRow(row);
  const current = await entry(workspace, seq);
  throw new LedgerError('ledger_already_settled', `ledger: write ${seq} is already done (Intercom id ${current.intercomId}); it cannot fail`);
}

/**
 * Intents never settled: writes that may or may not have landed, oldest first. The run
 * that starts after a kill reconciles these (by looking Intercom up) before writing.
 *
 * @example
 * for (const write of await inFlight(workspace, 'contact')) await reconcile(write);
 */
export async function inFlight(workspace: Workspace, objectType?: string): Promise<LedgerEntry[]> {
  const rows = await workspace.query<Row>(
    `SELECT ${COLUMNS} FROM ledger WHERE status = 'intent' AND ($1::VARCHAR IS NULL OR object_type = $1) ORDER BY seq`,
    [objectType ?? null],
  );
  return rows.map(fromRow);
}

/**
 * The latest write for a key (of one operation, if given), whatever its status; null when
 * none, or when a rollback undid it since (rollback's own rows are not writes here). `status` says whether it is done (its `intercomId` is the object), in flight, or failed.
 *
 * @example
 * const last = await lastWrite(workspace, 'contact', 'C0000002', 'create');
 * if (last?.status === 'done') skip(last.intercomId);
 */
export async function lastWrite(workspace: Workspace, objectType: string, khorosKey: string, operation?: string): Promise<LedgerEntry | null> {
  const [row] = await workspace.query<Row>(
    `SELECT ${COLUMNS} FROM ledger WHERE object_type = $1 AND khoros_key = $2 AND ($3::VARCHAR IS NULL OR operation = $3) AND ${NOT_UNDONE}
     ORDER BY seq DESC LIMIT 1`,
    [objectType, khorosKey, operation ?? null],
  );
  return row ? fromRow(row) : null;
}

/**
 * The latest write of each of `keys` (of one operation, if given; rolled-back ones left out as
 * `lastWrite` does), in one query: what an
 * import chunk asks before it writes (a done key is skipped, an intent is reconciled).
 * Keys without a write are absent from the map.
 *
 * @example
 * const written = await lastWrites(workspace, 'contact', chunk.map((c) => c.id), 'create');
 * const todo = chunk.filter((c) => written.get(c.id)?.status !== 'done');
 */
export async function lastWrites(workspace: Workspace, objectType: string, keys: readonly string[], operation?: string): Promise<Map<string, LedgerEntry>> {
  if (keys.length === 0) return new Map();
  const rows = await workspace.query<Row>(
    `SELECT ${COLUMNS} FROM ledger
     WHERE object_type = $1 AND khoros_key IN (SELECT unnest(CAST(json($2) AS VARCHAR[]))) AND ($3::VARCHAR IS NULL OR operation = $3) AND ${NOT_UNDONE}
     QUALIFY row_number() OVER (PARTITION BY khoros_key ORDER BY seq DESC) = 1`,
    [objectType, JSON.stringify(keys.map(String)), operation ?? null],
  );
  return new Map(rows.map((row) => [row.khoros_key, fromRow(row)]));
}

/** Operations of rollback's rows (`pipeline/rollback/`): each undoes the writes of its key before it. */
export const UNDO_OPERATIONS: ReadonlySet<string> = new Set(['delete', 'restore', 'archive', 'untag']);

/**
 * SQL condition on `ledger`: the row is a write (not a rollback's row) that no rollback row
 * undid since (one on its key, or on the key it is a sub-key of: `<key>#…`).
 */
export const NOT_UNDONE = `operation NOT IN (${[...UNDO_OPERATIONS].map((o) => `'${o}'`).join(', ')})
  AND NOT EXISTS (SELECT 1 FROM ledger AS undo WHERE undo.operation IN (${[...UNDO_OPERATIONS].map((o) => `'${o}'`).join(', ')}) AND undo.seq > ledger.seq
    AND (undo.khoros_key = ledger.khoros_key OR starts_with(ledger.khoros_key, undo.khoros_key || '#')))`;

/** The writes of a chunk of records, read once: what an import chunk asks of the ledger, answered from memory. */
export interface RecordWrites {
  /** The latest write of a key (of one operation, if given), as `lastWrite` answers; null when none. */
  last(objectType: string, khorosKey: string, operation?: string): LedgerEntry | null;
  /** The latest `done` write of a key that names an Intercom id; null when none. */
  lastDone(objectType: string, khorosKey: string): LedgerEntry | null;
  /** The latest write of every key starting with `prefix` (sub-keys of a record: `<key>#state:`), oldest first by `seq`. */
  under(objectType: string, prefix: string): LedgerEntry[];
}

/**
 * Every write of `objectTypes` for a chunk of records, in one query: the records' own keys
 * and their sub-keys (`<key>#<part>`: parts, tags), so an import chunk does not ask the
 * ledger once per step (each such query scans the table: fine for a few, quadratic for a
 * migration). The answer is a snapshot: writes recorded after it are not in it, which suits
 * a chunk whose every record is handled once.
 *
 * A rollback's row (`UNDO_OPERATIONS`) on a key wipes the writes of that key and of its
 * sub-keys before it, whatever their object type (a deleted conversation takes its parts and
 * tags along): to an import, a rolled-back record was never written.
 *
 * @example
 * const writes = await recordWrites(workspace, ['conversation', 'conversation_part'], ['L-4711']);
 * writes.last('conversation_part', 'L-4711#0')?.status; // 'done'
 */
export async function recordWrites(workspace: Workspace, objectTypes: readonly string[], recordKeys: readonly string[]): Promise<RecordWrites> {
  const byKey = new Map<string, LedgerEntry[]>();
  if (recordKeys.length > 0) {
    const rows = await workspace.query<Row>(
      `WITH keys AS (SELECT unnest(CAST(json($2) AS VARCHAR[])) AS k)
       SELECT ${COLUMNS} FROM ledger
       WHERE object_type IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))
         AND (khoros_key IN (SELECT k FROM keys) OR regexp_replace(khoros_key, '#[^#]*$', '') IN (SELECT k FROM keys))
         AND ${NOT_UNDONE}
       ORDER BY seq`,
      [JSON.stringify(objectTypes.map(String)), JSON.stringify(recordKeys.map(String))],
    );
    for (const row of rows) {
      const id = `${row.object_type}\u0000${row.khoros_key}`;
      const list = byKey.get(id) ?? [];
      list.push(fromRow(row));
      byKey.set(id, list);
    }
  }
  const latest = (objectType: string, khorosKey: string, accept: (entry: LedgerEntry) => boolean): LedgerEntry | null => {
    const list = byKey.get(`${objectType}\u0000${khorosKey}`) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (accept(list[i])) return list[i];
    return null;
  };
  return {
    last: (objectType, khorosKey, operation) => latest(objectType, khorosKey, (e) => operation === undefined || e.operation === operation),
    lastDone: (objectType, khorosKey) => latest(objectType, khorosKey, (e) => e.status === 'done' && e.intercomId !== null),
    under: (objectType, prefix) => {
      const out: LedgerEntry[] = [];
      const head = `${objectType}\u0000${prefix}`;
      for (const [id, list] of byKey) if (id.startsWith(head) && list.length) out.push(list[list.length - 1]);
      return out.sort((a, b) => a.seq - b.seq);
    },
  };
}

/** A page of `writesOf`. */
export interface WritesPage {
  /** Only writes before this `seq` (the last `seq` of the previous page). @default all */
  beforeSeq?: number;
  /** Most rows answered. @default 10000 */
  limit?: number;
}

/**
 * The writes of one run (or of every run), newest first: the order rollback undoes them
 * in, children (parts, sections) before what they belong to. Pages keep memory bounded.
 *
 * @example
 * let page = await writesOf(workspace, runId);
 * while (page.length) {
 *   for (const write of page) await undo(write);
 *   page = await writesOf(workspace, runId, { beforeSeq: page.at(-1)!.seq });
 * }
 */
export async function writesOf(workspace: Workspace, runId?: string, page: WritesPage = {}): Promise<LedgerEntry[]> {
  const limit = page.limit ?? 10_000;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError(`ledger: limit must be a positive integer, got ${limit}`);
  const rows = await workspace.query<Row>(
    `SELECT ${COLUMNS} FROM ledger WHERE ($1::VARCHAR IS NULL OR run_id = $1) AND ($2::BIGINT IS NULL OR seq < $2)
     ORDER BY seq DESC LIMIT ${limit}`,
    [runId ?? null, page.beforeSeq ?? null],
  );
  return rows.map(fromRow);
}

/** One ledger row by `seq`; `LedgerError` when there is none. */
async function entry(workspace: Workspace, seq: number): Promise<LedgerEntry> {
  const [row] = await workspace.query<Row>(`SELECT ${COLUMNS} FROM ledger WHERE seq = $1`, [seq]);
  if (!row) throw new LedgerError('ledger_unknown_write', `ledger: there is no write ${seq}`);
  return fromRow(row);
}

/** A write to send under the ledger. */
export interface LedgeredWrite<T> extends Omit<LedgerIntent, 'payloadHash'> {
  /** The request body: its hash is recorded. */
  payload: unknown;
  /** Sends the request; its answer is the call's. */
  send(): Promise<T>;
  /** The Intercom id (and before-image) the answer gives. */
  settle(answer: T): LedgerDone;
}

/**
 * Sends one write under the ledger protocol: intent, request, then done with the id the
 * answer gives, or failed. Only an answer that proves nothing was written (a 4xx refusal,
 * `IntercomRequestError`, or 429s to the end, `IntercomRateLimitError`) records `failed`;
 * any other error (`IntercomWriteUncertainError`, an outage after a 5xx, an abort) leaves
 * the intent in flight, as a kill would, for the next run to reconcile. Errors are rethrown.
 *
 * @example
 * const tag = await ledgered(workspace, {
 *   objectType: 'tag', khorosKey: 'VIP', operation: 'create', endpoint: 'POST /tags', payload: { name: 'VIP' },
 *   send: () => intercom.request<{ id: string }>('POST', '/tags', { json: { name: 'VIP' }, idempotent: true }),
 *   settle: (answer) => ({ intercomId: answer.id }),
 * });
 */
export async function ledgered<T>(workspace: Workspace, write: LedgeredWrite<T>): Promise<{ answer: T; entry: LedgerEntry }> {
  const { payload, send, settle, ...intent } = write;
  const seq = await recordIntent(workspace, { ...intent, payloadHash: payloadHash(payload) });
  let answer: T;
  try {
    answer = await send();
  } catch (error) {
    if (error instanceof IntercomRequestError || error instanceof IntercomRateLimitError) await recordFailed(workspace, seq, error);
    throw error;
  }
  return { answer, entry: await recordDone(workspace, seq, settle(answer)) };
}
