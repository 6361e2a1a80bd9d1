/**
 * Stores a plan in the workspace: its items in `plans` (one INSERT per chunk, the chunk's
 * rows passed as one JSON parameter), its summary in `plan_summaries` (a `running` row first,
 * so a plan that died half-way is recognisable, then `complete` with the summary).
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { PlanItem } from './plan-item.ts';
import type { PlanSummary } from './plan-summary.ts';

/** The writer of one plan. */
export interface PlanWriter {
  /** Stores items (call once per chunk). */
  write(items: readonly PlanItem[]): Promise<void>;
  /** Marks the plan complete with its summary. */
  complete(summary: PlanSummary): Promise<void>;
  /** Marks the plan failed (its rows stay, for diagnosis). */
  fail(): Promise<void>;
}

const SHAPE = JSON.stringify([{ object_type: 'VARCHAR', family: 'VARCHAR', khoros_key: 'VARCHAR', action: 'VARCHAR', intercom_id: 'VARCHAR', reason: 'VARCHAR', detail: 'JSON' }]);

/**
 * Registers the plan (`running`) and returns its writer.
 *
 * @example
 * const writer = await startPlan(workspace, { planId, mapVersion: 1, startedAt: new Date() });
 * await writer.write(items);
 * await writer.complete(summary);
 */
export async function startPlan(workspace: Workspace, plan: { planId: string; mapVersion: number; startedAt: Date }): Promise<PlanWriter> {
  const at = plan.startedAt.toISOString();
  await workspace.query(
    `INSERT INTO plan_summaries (plan_id, run_id, map_version, status, started_at) VALUES ($1, $2, $3, 'running', $4::TIMESTAMPTZ)`,
    [plan.planId, workspace.runId, plan.mapVersion, at]);
  const finish = (status: 'complete' | 'failed', summary: PlanSummary | null) => workspace.query(
    `UPDATE plan_summaries SET status = $2, finished_at = $3::TIMESTAMPTZ, summary = $4::JSON WHERE plan_id = $1`,
    [plan.planId, status, new Date().toISOString(), summary === null ? null : JSON.stringify(summary)]).then(() => undefined);
  return {
    async write(items) {
      if (items.length === 0) return;
      const rows = items.map((i) => ({
        object_type: i.objectType, family: i.family, khoros_key: i.khorosKey, action: i.action, intercom_id: i.intercomId, reason: i.reason, detail: i.detail,
      }));
      await workspace.query(
        `INSERT INTO plans (plan_id, run_id, object_type, family, khoros_key, action, intercom_id, reason, detail, created_at)
         SELECT $1, $2, r.object_type, r.family, r.khoros_key, r.action, r.intercom_id, r.reason, r.detail, $4::TIMESTAMPTZ
         FROM (SELECT unnest(from_json($3::JSON, '${SHAPE}')) AS r)`,
        [plan.planId, workspace.runId, JSON.stringify(rows), at]);
    },
    complete: (summary) => finish('complete', summary),
    fail: () => finish('failed', null),
  };
}
