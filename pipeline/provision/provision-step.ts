/**
 * One provision step under the write ledger: make sure one object exists in Intercom.
 * Found already → nothing written. Missing → one write: intent, request, done with the
 * Intercom id (or failed when Intercom refused it). An earlier run's write for the same key
 * that is still in flight (killed between request and answer) is settled first: done with
 * the id Intercom has, or failed when Intercom has nothing (it did not land), before the
 * write is sent again. So a killed provision, rerun, ends with one of each object.
 */
import { IntercomRequestError } from '../errors.ts';
import { ledgered, recordDone, recordFailed, type LedgerDone, type LedgerEntry } from '../workspace/ledger.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { ProvisionedObject, ProvisionObjectType } from './provision-report.ts';

/** What every step shares: the workspace (ledger), the earlier runs' in-flight writes, the report's objects. */
export interface ProvisionContext {
  workspace: Workspace;
  /** In-flight intents of earlier runs, by `stepKey`; a step takes (and settles) its own. */
  pending: Map<string, LedgerEntry[]>;
  /** The report's objects, in the order the steps ran. */
  objects: ProvisionedObject[];
}

/** One step. */
export interface ProvisionStep<T> {
  objectType: ProvisionObjectType;
  key: string;
  name: string;
  /** `create`, or `update` for a change to an existing object. @default 'create' */
  operation?: 'create' | 'update';
  /** Which earlier in-flight writes of the key it settles, when not all of `operation` (`pendingOperation`). @default operation */
  pendingAs?: string;
  /** Why the object is needed (kept in the report). */
  detail?: string;
  /** The Intercom id of the object if the setup read at the start has it (for an update: if the change is there already). */
  existing(): string | undefined;
  /** The write, when it is missing; without one a missing object is skipped. */
  write?: {
    endpoint: string;
    payload: unknown;
    /** For updates: the fields changed, with their values before. */
    beforeImage?: unknown;
    send(): Promise<T>;
    settle(answer: T): LedgerDone;
  };
  /** Extra report fields (a collection's parent). */
  report?: Partial<ProvisionedObject>;
}

/**
 * The key of in-flight writes: object type, key and operation.
 *
 * @example
 * stepKey('tag', 'VIP', 'create'); // 'tag\u0000VIP\u0000create'
 */
export function stepKey(objectType: string, key: string, operation: string): string {
  return `${objectType}\u0000${key}\u0000${operation}`;
}

/**
 * The operation a write is settled under (`stepKey`): its own, except `unarchive` for an
 * update whose before-image is `{archived: true}` (an attribute provision unarchived), so
 * that write and an options update of the same attribute do not settle each other.
 *
 * @example
 * pendingOperation({ operation: 'update', beforeImage: { archived: true } }); // 'unarchive'
 */
export function pendingOperation(write: Pick<LedgerEntry, 'operation' | 'beforeImage'>): string {
  const before = write.beforeImage;
  return write.operation === 'update' && before !== null && typeof before === 'object' && (before as { archived?: unknown }).archived === true ? 'unarchive' : write.operation;
}

/**
 * Runs a step; answers the object's Intercom id, or undefined when Intercom refused the
 * write (recorded in the report as `failed`). Errors other than a refusal (an outage, a
 * rate limit that did not end) stop provision: rerun it; what was written is in the ledger.
 *
 * @example
 * const id = await provisionStep(context, { objectType: 'tag', key: 'VIP', name: 'VIP', existing: () => tagIds.get('vip'),
 *   write: { endpoint: 'POST /tags', payload, send: () => intercom.request('POST', '/tags', { json: payload, idempotent: true }),
 *     settle: (tag) => ({ intercomId: tag.id }) } });
 */
export async function provisionStep<T>(context: ProvisionContext, step: ProvisionStep<T>): Promise<string | undefined> {
  const operation = step.operation ?? 'create';
  const base = { objectType: step.objectType, key: step.key, name: step.name, ...(step.detail ? { detail: step.detail } : {}), ...step.report };
  const key = stepKey(step.objectType, step.key, step.pendingAs ?? operation);
  const pending = context.pending.get(key) ?? [];
  const found = step.existing();
  // A step that cannot write leaves earlier in-flight writes of its key to the report's notes.
  if (found !== undefined || step.write) context.pending.delete(key);
  if (found !== undefined) {
    for (const write of pending) await recordDone(context.workspace, write.seq, { intercomId: found });
    context.objects.push({ ...base, action: pending.length ? 'reconciled' : 'existing', intercomId: found, ...(pending.length ? { ledgerSeq: pending.at(-1)!.seq } : {}) });
    return found;
  }
  if (!step.write) {
    skipStep(context, step, `not found in Intercom`);
    return undefined;
  }
  for (const write of pending) {
    await recordFailed(context.workspace, write.seq, `did not land: Intercom had no ${step.objectType} ${JSON.stringify(step.key)} when run ${context.workspace.runId} reconciled it`);
  }
  const { write } = step;
  try {
    const { entry } = await ledgered(context.workspace, {
      objectType: step.objectType, khorosKey: step.key, operation, endpoint: write.endpoint, payload: write.payload,
      beforeImage: write.beforeImage, send: write.send, settle: write.settle,
    });
    context.objects.push({ ...base, action: operation === 'update' ? 'updated' : 'created', intercomId: entry.intercomId, ledgerSeq: entry.seq });
    return entry.intercomId ?? undefined;
  } catch (error) {
    if (!(error instanceof IntercomRequestError)) throw error;
    context.objects.push({ ...base, action: 'failed', intercomId: null, error: error.message });
    return undefined;
  }
}

/**
 * Records a step that was not attempted because something it needs is missing.
 *
 * @example
 * skipStep(context, { objectType: 'collection', key: 'kb_boards/b1', name: 'Billing' }, 'its parent collection failed');
 */
export function skipStep(context: ProvisionContext, step: Pick<ProvisionStep<unknown>, 'objectType' | 'key' | 'name' | 'detail'>, why: string): void {
  context.objects.push({ objectType: step.objectType, key: step.key, name: step.name, action: 'skipped', intercomId: null, error: why });
}
