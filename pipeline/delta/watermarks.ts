/**
 * Delta watermarks (`delta_watermarks`): per family group, the time up to which Khoros's
 * changes are in the workspace. A delta reads changes from `watermark - overlap` and, once
 * it has completed (staged and imported), moves the watermark to the time it started
 * reading. The first watermark of a group is the full export's: the start of the earliest
 * run that staged one of the group's rows (the export asked for everything up to then; a
 * sample migration's export stages everything too). Delta applies changes to a migrated
 * workspace: it refuses until a full import (or migrate) has succeeded, a sample one
 * (`runs.args.sample`) does not count, since its import wrote only the sample, nor does any
 * import marked partial (`import/partial-import.ts`: limited to some keys, or without the articles).
 */
import { ConfigError } from '../errors.ts';
import { NOT_PARTIAL_RUN } from '../import/partial-import.ts';
import { rawTableName } from '../workspace/raw-table.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** The families a delta reads, each with its own watermark. */
export const DELTA_GROUPS = {
  /** Care: `authors/changed`, then per-author conversation windows. */
  care: ['authors', 'conversations'],
  /** CRM cases: `GET /crm/cases?updatedSince=`. */
  cases: ['cases'],
  /** CRM customers: the bulk list (no change filter), compared with the staged copies. */
  customers: ['customers'],
  /** KB articles: LiQL has no change filter the migration relies on; listed again and compared. */
  kb: ['kb_articles'],
} as const;

export type DeltaGroup = keyof typeof DELTA_GROUPS;

/**
 * The watermark of each group (epoch ms): the stored one, else the full export's.
 * A ConfigError when a group has neither (nothing was exported).
 *
 * @example
 * const marks = await readWatermarks(workspace); // { care: 1767225600000, cases: …, customers: …, kb: … }
 */
export async function readWatermarks(workspace: Workspace): Promise<Record<DeltaGroup, { at: number; from: 'delta' | 'export' }>> {
  const stored = new Map((await workspace.query<{ family: string; watermark: Date }>('SELECT family, watermark FROM delta_watermarks'))
    .map((r) => [r.family, r.watermark.getTime()]));
  const [full] = await workspace.query<{ n: bigint }>(
    // migrate runs its import as a run of stage `import` too; its own `migrate` runs are checks (one that stopped at the confirmation step counts for nothing).
    // A partial import (`onlyKeys`, no articles: `import/partial-import.ts`) does not count either.
    `SELECT count(*) AS n FROM runs WHERE stage = 'import' AND status = 'succeeded' AND json_extract_string(args, '$.sample') IS NULL AND ${NOT_PARTIAL_RUN}`,
  );
  if (Number(full.n) === 0) {
    throw new ConfigError('delta: no full import (or migrate) has succeeded in this workspace (a sample migration, or an import limited to some keys or without the articles, does not count); delta applies changes to a migrated workspace: run import or migrate first');
  }
  const out = {} as Record<DeltaGroup, { at: number; from: 'delta' | 'export' }>;
  for (const group of Object.keys(DELTA_GROUPS) as DeltaGroup[]) {
    const mark = stored.get(group);
    if (mark !== undefined) {
      out[group] = { at: mark, from: 'delta' };
      continue;
    }
    const first = await exportWatermark(workspace, DELTA_GROUPS[group]);
    if (first === null) {
      throw new ConfigError(`delta: nothing of ${DELTA_GROUPS[group].join(', ')} was exported into this workspace; run export (or migrate) first`);
    }
    out[group] = { at: first, from: 'export' };
  }
  return out;
}

/** The start of the earliest run whose rows are staged in one of `families`; null when none are. */
async function exportWatermark(workspace: Workspace, families: readonly string[]): Promise<number | null> {
  let earliest: number | null = null;
  for (const family of families) {
    const table = rawTableName(family);
    const [row] = await workspace.query<{ at: Date | null }>(
      `SELECT min(r.started_at) AS at FROM runs AS r WHERE r.run_id IN (SELECT DISTINCT _run_id FROM ${table})`,
    ).catch(() => [{ at: null }]);
    const at = row?.at ? row.at.getTime() : null;
    if (at !== null && (earliest === null || at < earliest)) earliest = at;
  }
  if (earliest !== null) return earliest;
  // Nothing staged for the group (an empty family): the first successful export run.
  const [run] = await workspace.query<{ at: Date | null }>(
    `SELECT min(started_at) AS at FROM runs WHERE stage IN ('export', 'migrate') AND status = 'succeeded'`,
  );
  return run?.at ? run.at.getTime() : null;
}

/**
 * Moves the watermarks, after a delta completed.
 *
 * @example
 * await writeWatermarks(workspace, { care: startedAt, cases: startedAt });
 */
export async function writeWatermarks(workspace: Workspace, marks: Partial<Record<DeltaGroup, number>>): Promise<void> {
  for (const [family, at] of Object.entries(marks)) {
    await workspace.query(
      `INSERT INTO delta_watermarks VALUES ($1, $2::TIMESTAMPTZ, $3, $4::TIMESTAMPTZ)
       ON CONFLICT (family) DO UPDATE SET watermark = excluded.watermark, run_id = excluded.run_id, updated_at = excluded.updated_at`,
      [family, new Date(at as number).toISOString(), workspace.runId, new Date().toISOString()],
    );
  }
}
