/**
 * A partial import, marked on its run: one limited to some keys (`onlyKeys`: a sample, one
 * brand) or without the KB articles. The mark (`runs.args.partial`, what was left out) is
 * what lets `delta` tell a migrated workspace from a partly migrated one: a delta applies
 * every change since the export, so after a partial import it would create in Intercom the
 * records the import left out.
 */
import { markRun } from '../workspace/runs.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** SQL over `runs`: the run is not marked partial. */
export const NOT_PARTIAL_RUN = `json_extract(args, '$.partial') IS NULL`;

/**
 * Marks this run partial when the import leaves something out.
 *
 * @example
 * await markPartialImport(workspace, { onlyKeys: new Set(['C-1', 'C-2']), articles: false });
 * // runs.args.partial: { "onlyKeys": 2, "articles": false }
 */
export async function markPartialImport(workspace: Workspace, scope: { onlyKeys?: ReadonlySet<string>; articles?: boolean }): Promise<void> {
  const partial = {
    ...(scope.onlyKeys ? { onlyKeys: scope.onlyKeys.size } : {}),
    ...(scope.articles === false ? { articles: false } : {}),
  };
  if (Object.keys(partial).length > 0) await markRun(workspace, { partial });
}
