/**
 * The `runs` table: one row per run of a stage, so every staged row's `_run_id` can be
 * traced to when it ran, with which arguments, and how it ended. A run that is still
 * `running` after its process died was killed.
 */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunStatus, Workspace } from './workspace.ts';

/**
 * A new run id: the start time (sortable) and a random suffix.
 *
 * @example
 * newRunId(new Date('2025-03-01T10:00:00Z')); // '20250301T100000Z-9f3a1c'
 */
export function newRunId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Registers a run as `running`. Reusing a run id (resuming a killed run under the same id)
 * marks it running again and keeps its first start time.
 *
 * @example
 * await registerRun(connection, { runId: 'r1', stage: 'export', args: { scale: 'small' }, at: new Date() });
 */
export async function registerRun(connection: DuckDBConnection, run: { runId: string; stage: string; args: unknown; at: Date }): Promise<void> {
  await connection.run(
    `INSERT INTO runs VALUES ($1, $2, $3::TIMESTAMPTZ, NULL, 'running', $4)
     ON CONFLICT (run_id) DO UPDATE SET status = 'running', finished_at = NULL, stage = excluded.stage, args = excluded.args`,
    [run.runId, run.stage, run.at.toISOString(), JSON.stringify(run.args ?? null)],
  );
}

/**
 * Marks a run finished.
 *
 * @example
 * await finishRun(connection, 'r1', 'succeeded', new Date());
 */
export async function finishRun(connection: DuckDBConnection, runId: string, status: RunStatus, at: Date): Promise<void> {
  await connection.run('UPDATE runs SET status = $2, finished_at = $3::TIMESTAMPTZ WHERE run_id = $1', [runId, status, at.toISOString()]);
}

/**
 * Merges `patch` into this run's recorded arguments (`runs.args`): what a stage learns once
 * it runs (an import's partial scope, its transforms), for later stages to read.
 *
 * @example
 * await markRun(workspace, { partial: { onlyKeys: 12 } });
 */
export async function markRun(workspace: Workspace, patch: Record<string, unknown>): Promise<void> {
  await workspace.query(`UPDATE runs SET args = json_merge_patch(coalesce(args, '{}'::JSON), $2::JSON) WHERE run_id = $1`, [workspace.runId, JSON.stringify(patch)]);
}
