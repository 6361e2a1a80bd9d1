/**
 * Plans a rollback from the ledger: every write of the chosen runs and object types, newest
 * first (reverse dependency order: parts before their conversation, conversations before
 * their contact, articles before their collection, everything before the attributes and
 * tags provision made), each classified by `undoRule`:
 *
 * - already undone by an earlier rollback → skipped;
 * - goes with a container this rollback (or an earlier one) removes → `covered`, no request;
 * - has an undo request → planned (an earlier rollback's undo of it left in flight by a kill
 *   is resent under the same ledger row);
 * - an `intent` rollback cannot settle → `unsettled`;
 * - otherwise → `left`, with the reason.
 *
 * Only rows of provision and import count (`done`, or `intent` where the rule allows):
 * `failed` writes did not land, and rollback's own rows are never undone. Memory: the ledger
 * is read a page at a time; the plan holds one entry per undo request, not per part.
 */
import type { LedgerEntry } from '../workspace/ledger.ts';
import { writesOf } from '../workspace/ledger.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { readUndoState, UNDO_OPERATIONS } from './read-undo-state.ts';
import { undoRule, type UndoRequest } from './undo-rule.ts';

/** What a rollback covers. */
export interface RollbackScope {
  /** One run's writes; every run's when absent (and `runIds` too). */
  runId?: string;
  /** These runs' writes (`--sample`: the sample migrations' runs). */
  runIds?: readonly string[];
  /** Ledger object types; all when absent. */
  objectTypes?: readonly string[];
}

/** One undo to send. */
export interface PlannedUndo extends UndoRequest {
  /** The write it undoes. */
  seq: number;
  /** The run of that write. */
  runId: string;
  objectType: string;
  khorosKey: string;
  /** An earlier rollback's undo of this write, left in flight (killed): resent under that row. */
  pendingSeq?: number;
}

/** Writes that cannot be undone for one reason, grouped. */
export interface LeftWrites {
  objectType: string;
  operation: string;
  reason: string;
  /** True when the operation is not in rollback's table at all. */
  unknown: boolean;
  count: number;
  /** The first 20 of their seqs, newest first. */
  seqs: number[];
}

/** A write whose outcome rollback cannot settle. */
export interface UnsettledWrite extends Pick<LedgerEntry, 'seq' | 'runId' | 'objectType' | 'khorosKey' | 'operation' | 'endpoint'> {
  reason: string;
}

/** The plan. */
export interface RollbackPlan {
  /** In the order to send them (descending `seq` of what they undo). */
  undos: PlannedUndo[];
  /** Writes that go with a container being (or already) removed. */
  covered: number;
  /** Writes earlier rollbacks undid. */
  alreadyUndone: number;
  left: LeftWrites[];
  unsettled: UnsettledWrite[];
}

/** Object types whose create is a container for other writes. */
const CONTAINER_TYPES = ['contact', 'assets_contact', 'conversation', 'assets_conversation', 'article', 'internal_article', 'data_attribute', 'conversation_attribute'];
const PAGE = 10_000;
const SAMPLE = 20;

/**
 * Plans the rollback of `scope`.
 *
 * @example
 * const plan = await planRollback(workspace, { runId: '20250301T100000Z-9f3a1c', objectTypes: ['tag', 'conversation_tag'] });
 * plan.undos.map((u) => `${u.method} ${u.path}`); // ['DELETE /conversations/12/tags/7', ..., 'DELETE /tags/7']
 */
export async function planRollback(workspace: Workspace, scope: RollbackScope): Promise<RollbackPlan> {
  const types = scope.objectTypes ? new Set(scope.objectTypes) : undefined;
  const selected = (entry: Pick<LedgerEntry, 'objectType'>) => types === undefined || types.has(entry.objectType);
  const runs = scope.runIds ? new Set(scope.runIds) : undefined;
  const { latest, removed } = await readUndoState(workspace);

  // Containers this rollback removes: done creates in scope (their undo is planned below, or done already).
  const covering = new Set(removed);
  const creates = await workspace.query<{ seq: number; object_type: string; khoros_key: string; endpoint: string | null; intercom_id: string | null }>(
    `SELECT seq, object_type, khoros_key, endpoint, intercom_id FROM ledger
     WHERE status = 'done' AND operation = 'create' AND object_type IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))
       AND ($2::VARCHAR IS NULL OR run_id = $2) AND ($3::VARCHAR IS NULL OR run_id IN (SELECT unnest(CAST(json($3) AS VARCHAR[]))))`,
    [JSON.stringify(CONTAINER_TYPES.filter((t) => selected({ objectType: t }))), scope.runId ?? null, runs ? JSON.stringify([...runs]) : null]);
  for (const row of creates) {
    const rule = undoRule({ objectType: row.object_type, khorosKey: row.khoros_key, operation: 'create', endpoint: row.endpoint, status: 'done', intercomId: row.intercom_id, beforeImage: null });
    if (rule.creates) covering.add(rule.creates);
  }

  const plan: RollbackPlan = { undos: [], covered: 0, alreadyUndone: 0, left: [], unsettled: [] };
  const left = new Map<string, LeftWrites>();
  for (let page = await writesOf(workspace, scope.runId, { limit: PAGE }); page.length > 0;
    page = await writesOf(workspace, scope.runId, { limit: PAGE, beforeSeq: page.at(-1)!.seq })) {
    for (const entry of page) {
      if (entry.status === 'failed' || !selected(entry) || isUndo(entry) || (runs !== undefined && !runs.has(entry.runId))) continue;
      const undo = latest.get(entry.seq);
      if (undo?.status === 'done') {
        plan.alreadyUndone += 1;
        continue;
      }
      const rule = undoRule(entry);
      if (rule.container !== undefined && covering.has(rule.container)) plan.covered += 1;
      else if (rule.unsettled) {
        plan.unsettled.push({ seq: entry.seq, runId: entry.runId, objectType: entry.objectType, khorosKey: entry.khorosKey, operation: entry.operation, endpoint: entry.endpoint, reason: rule.reason ?? 'in flight' });
      } else if (rule.undo) {
        plan.undos.push({ ...rule.undo, seq: entry.seq, runId: entry.runId, objectType: entry.objectType, khorosKey: entry.khorosKey, ...(undo?.status === 'intent' ? { pendingSeq: undo.seq } : {}) });
      } else leave(left, entry, rule.reason ?? 'no undo', rule.unknown === true);
    }
  }
  await deferArchives(workspace, plan, latest, covering, (entry, reason) => leave(left, entry, reason, false));
  plan.left = [...left.values()];
  return plan;
}

function leave(left: Map<string, LeftWrites>, entry: Pick<LedgerEntry, 'seq' | 'objectType' | 'operation'>, reason: string, unknown: boolean): void {
  const key = `${entry.objectType}\u0000${entry.operation}\u0000${reason}`;
  const group = left.get(key) ?? { objectType: entry.objectType, operation: entry.operation, reason, unknown, count: 0, seqs: [] };
  group.count += 1;
  if (group.seqs.length < SAMPLE) group.seqs.push(entry.seq);
  left.set(key, group);
}

/**
 * Keeps the data attributes that pre-existing contacts' before-images still need: writing a
 * value back to an archived attribute is refused (400), so an attribute is archived only
 * once no update of a contact that stays (in any run) is left to write back with it. Those
 * archives move to `left` until the contacts are rolled back (`--only contacts`, or all).
 */
async function deferArchives(workspace: Workspace, plan: RollbackPlan, latest: Map<number, { status: string }>, covering: ReadonlySet<string>,
  defer: (entry: Pick<LedgerEntry, 'seq' | 'objectType' | 'operation'>, reason: string) => void): Promise<void> {
  if (!plan.undos.some((u) => u.objectType === 'data_attribute' && u.action === 'archive')) return;
  const restoring = new Set(plan.undos.filter((u) => u.action === 'restore').map((u) => u.seq));
  const updates = await workspace.query<{ seq: number; intercom_id: string | null; endpoint: string | null; before_image: unknown }>(
    `SELECT seq, intercom_id, endpoint, before_image FROM ledger WHERE object_type = 'contact' AND operation = 'update' AND status IN ('done', 'intent')`);
  const needed = new Set<string>();
  for (const update of updates) {
    const contact = update.intercom_id ?? /^PUT \/contacts\/([^/\s]+)$/.exec(update.endpoint ?? '')?.[1];
    if (latest.get(Number(update.seq))?.status === 'done' || restoring.has(Number(update.seq)) || covering.has(`contact:${contact}`)) continue;
    if (update.before_image === null || typeof update.before_image !== 'object') continue;
    for (const field of Object.keys(update.before_image)) if (field.startsWith('custom_attributes.')) needed.add(field.slice('custom_attributes.'.length).toLowerCase());
  }
  plan.undos = plan.undos.filter((undo) => {
    if (undo.objectType !== 'data_attribute' || undo.action !== 'archive' || !needed.has(undo.khorosKey.toLowerCase())) return true;
    defer({ seq: undo.seq, objectType: undo.objectType, operation: 'create' }, 'contacts updated with it are not written back yet (an archived attribute cannot take their old values): roll back contacts first, or with it');
    return false;
  });
}

/** Whether a row is one of rollback's own (the SQL twin is `IS_UNDO_ROW` of `read-undo-state.ts`). */
function isUndo(entry: LedgerEntry): boolean {
  return UNDO_OPERATIONS.includes(entry.operation) && entry.beforeImage !== null && typeof entry.beforeImage === 'object' && 'undoes' in entry.beforeImage;
}
