/**
 * One stage as one run of the workspace, as the CLI's commands run them: open the file as a
 * run of `stage` (its `runs` row carries `args`), run the body, finish the run as succeeded
 * or failed, and close the file, whatever happens. Pipelines composed in scripts use it so
 * that every stage they run is recorded, resumable and visible to analysts, as the CLI's are.
 */
import { collectGarbage } from './collect-garbage.ts';
import { openWorkspace, type OpenWorkspaceOptions } from './open-workspace.ts';
import type { Workspace } from './workspace.ts';

/**
 * Runs `body` in a run of its own and answers its value; a throw marks the run failed and
 * is thrown again.
 *
 * @param status the run's outcome from the body's value (a stage that finished with refused writes may be `failed`) @default succeeded
 * @param duckdb the workspace's DuckDB settings (the config's `duckdb`) @default WORKSPACE_MEMORY_LIMIT, one thread per core
 * @example
 * const summary = await withRun('migration.duckdb', 'export', { via: 'my-script' },
 *   (workspace) => runExport({ config, workspace }), undefined, config.duckdb);
 */
export async function withRun<T>(
  path: string, stage: string, args: unknown, body: (workspace: Workspace) => Promise<T>,
  status: (value: T) => 'succeeded' | 'failed' = () => 'succeeded',
  duckdb: Pick<OpenWorkspaceOptions, 'memoryLimit' | 'threads'> = {},
): Promise<T> {
  const workspace = await openWorkspace(path, { ...duckdb, stage, args });
  try {
    const value = await body(workspace);
    await workspace.finishRun(status(value));
    return value;
  } catch (error) {
    await workspace.finishRun('failed').catch(() => {});
    throw error;
  } finally {
    await workspace.close();
    // The stage's garbage goes now, before the next stage grows its own (`collect-garbage.ts`).
    collectGarbage();
  }
}
