/**
 * Turns rollback's options into its scope, refusing what cannot be meant: none of `--run`,
 * `--all` and `--sample` (rolling back everything must be asked for by name), more than one,
 * a run the workspace does not have, a rollback run (its writes are undos; rollback does not
 * undo itself), or `--sample` in a workspace without sample runs.
 */
import { ConfigError } from '../errors.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { RollbackScope } from './plan-rollback.ts';
import { ledgerTypesOf } from './rollback-kinds.ts';

/** The options that choose what a rollback undoes. */
export interface ScopeOptions {
  /** Undo one run's writes. */
  runId?: string;
  /** Undo every run's writes. */
  all?: boolean;
  /** Undo the writes of every run marked sample (`migrate --sample N`: `runs.args.sample`). */
  sample?: boolean;
  /** Kinds (`contacts`, `conversations`, `articles`, `tags`, `attributes`; comma-separated allowed). @default every kind */
  only?: readonly string[];
}

/**
 * Checks the options (and the run against the workspace's `runs`); answers the scope.
 * Throws `ConfigError` naming the option and the value.
 *
 * @example
 * await resolveScope(workspace, { all: true, only: ['tags'] }); // { objectTypes: ['tag', 'conversation_tag'] }
 * await resolveScope(workspace, {}); // throws: rollback needs --run ID (one run's writes) or --all (every run's writes)
 */
export async function resolveScope(workspace: Workspace, options: ScopeOptions): Promise<RollbackScope> {
  checkChoice(options);
  const objectTypes = options.only === undefined ? undefined : ledgerTypesOf(options.only);
  if (options.sample === true) {
    const runIds = await sampleRuns(workspace);
    if (runIds.length === 0) throw new ConfigError('--sample: the workspace has no sample runs (khoros2intercom migrate --sample N makes them); nothing to undo');
    return { runIds, ...(objectTypes ? { objectTypes } : {}) };
  }
  if (options.runId === undefined) return objectTypes ? { objectTypes } : {};
  const runId = options.runId;
  const [run] = await workspace.query<{ stage: string }>('SELECT stage FROM runs WHERE run_id = $1', [runId]);
  if (!run) {
    const writers = await workspace.query<{ run_id: string; stage: string }>(
      `SELECT r.run_id, r.stage FROM runs r WHERE r.run_id IN (SELECT DISTINCT run_id FROM ledger) AND r.stage <> 'rollback' ORDER BY r.started_at`);
    const known = writers.map((w) => `${w.run_id} (${w.stage})`).join(', ') || 'none: nothing was written to Intercom';
    throw new ConfigError(`--run ${runId}: the workspace has no such run; runs that wrote to Intercom: ${known}`);
  }
  if (run.stage === 'rollback') throw new ConfigError(`--run ${runId}: that is a rollback run; its writes are undos, which rollback does not undo`);
  return { runId, ...(objectTypes ? { objectTypes } : {}) };
}

/** The condition on `runs` of a sample migration's runs (a positive integer `args.sample`); rollback runs are never one. */
export const SAMPLE_RUN = `(stage <> 'rollback' AND TRY_CAST(json_extract_string(args, '$.sample') AS BIGINT) >= 1)`;

/**
 * The ids of every run marked sample, oldest first.
 *
 * @example
 * await sampleRuns(workspace); // ['20250301T100000Z-9f3a1c', '20250301T100004Z-0b2d7e', ...]
 */
export async function sampleRuns(workspace: Workspace): Promise<string[]> {
  const rows = await workspace.query<{ run_id: string }>(`SELECT run_id FROM runs WHERE ${SAMPLE_RUN} ORDER BY started_at, run_id`);
  return rows.map((r) => r.run_id);
}

/**
 * The checks that need no workspace (the CLI runs them before opening one): exactly one of
 * `runId`, `all` and `sample`, and known `--only` kinds.
 *
 * @example
 * checkChoice({ runId: 'r1', all: true }); // throws: --run r1 and --all: give one of them
 */
export function checkChoice(options: ScopeOptions): void {
  if (options.sample === true && (options.runId !== undefined || options.all === true)) {
    throw new ConfigError(`--sample and ${options.runId !== undefined ? `--run ${options.runId}` : '--all'}: give one of them (--sample undoes the sample migrations' runs)`);
  }
  if (options.runId !== undefined && options.all === true) {
    throw new ConfigError(`--run ${options.runId} and --all: give one of them (--run undoes one run's writes, --all every run's)`);
  }
  if (options.runId === undefined && options.all !== true && options.sample !== true) {
    throw new ConfigError('rollback needs --run ID (undo one run\'s writes), --all (undo every run\'s writes) or --sample (undo the sample migrations); --preview lists what any would do');
  }
  if (options.runId !== undefined && (typeof options.runId !== 'string' || options.runId.trim() === '')) {
    throw new ConfigError(`--run ${JSON.stringify(options.runId)}: give a run id (the runs table lists them)`);
  }
  if (options.only !== undefined) ledgerTypesOf(options.only);
}
