/**
 * Where each family stands in a workspace: exported (every stream of it done), partial
 * (started), or not exported yet; how many records are staged and quarantined. Read once
 * per report, so every section agrees on what is staged.
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { FamilyStatus } from './report.ts';

/** The state of every family, read at one moment. */
export interface FamilyState {
  status(family: string): FamilyStatus;
  /** Rows in `raw_<family>` (0 when the table does not exist yet). */
  staged(family: string): number;
  /** Rows in `quarantine` for the family. */
  quarantined(family: string): number;
  /** Whether `raw_<family>` exists (the first page of a non-core family creates it). */
  hasTable(family: string): boolean;
  /** The status of several families read as one: exported when all are, not exported when none began. */
  combined(families: readonly string[]): FamilyStatus;
}

/**
 * Reads the checkpoints, raw-table sizes and quarantine counts.
 *
 * @example
 * const state = await readFamilyState(workspace);
 * state.status('cases'); // 'not exported yet'
 */
export async function readFamilyState(workspace: Workspace): Promise<FamilyState> {
  const streams = await workspace.query<{ family: string; done: boolean }>(
    `SELECT family, coalesce(TRY_CAST(state->>'done' AS BOOLEAN), false) AS done FROM checkpoints`,
  );
  const tables = await workspace.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name LIKE 'raw\\_%' ESCAPE '\\'`,
  );
  const families = tables.map((t) => t.name.slice(4)).filter((f) => /^[a-z][a-z0-9_]*$/.test(f));
  const staged = new Map<string, number>();
  if (families.length) {
    const counts = await workspace.query<{ family: string; n: number }>(families.map((f) => `SELECT '${f}' AS family, count(*) AS n FROM raw_${f}`).join(' UNION ALL '));
    for (const { family, n } of counts) staged.set(family, n);
  }
  const quarantine = new Map((await workspace.query<{ family: string; n: number }>('SELECT family, count(*) AS n FROM quarantine GROUP BY family')).map((r) => [r.family, r.n]));

  const status = (family: string): FamilyStatus => {
    const own = streams.filter((s) => s.family === family);
    if (own.length === 0) return 'not exported yet';
    return own.every((s) => s.done) ? 'exported' : 'partial';
  };
  return {
    status,
    staged: (family) => staged.get(family) ?? 0,
    quarantined: (family) => quarantine.get(family) ?? 0,
    hasTable: (family) => staged.has(family),
    combined(list) {
      const all = list.map(status);
      if (all.every((s) => s === 'exported')) return 'exported';
      if (all.every((s) => s === 'not exported yet')) return 'not exported yet';
      return 'partial';
    },
  };
}

/**
 * The payloads of a small family (directories, declarations), or none when its table does
 * not exist yet. Not for the big families: those are read with SQL aggregates.
 *
 * @example
 * const rules = await readPayloads<AutomationRule>(workspace, state, 'automation_rules');
 */
export async function readPayloads<T>(workspace: Workspace, state: FamilyState, family: string): Promise<T[]> {
  if (!state.hasTable(family)) return [];
  const rows = await workspace.query<{ payload: T }>(`SELECT payload FROM raw_${family} ORDER BY key`);
  return rows.map((r) => r.payload);
}
