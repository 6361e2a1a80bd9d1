/**
 * Turns rollback's options into its scope, refusing what cannot be meant: neither `--run`
 * nor `--all` (rolling back everything must be asked for by name), both, a run the workspace
 * does not have, or a rollback run (its writes are undos; rollback does not undo itself).
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

/**
 * The checks that need no workspace (the CLI runs them before opening one): exactly one of
 * `runId` and `all`, and known `--only` kinds.
 *
 * @example
 * checkChoice({ runId: 'r1', all: true }); // throws: --run r1 and --all: give one of them
 */
export function checkChoice(options: ScopeOptions): void {
  if (options.runId !== undefined && options.all === true) {
    throw new ConfigError(`--run ${options.runId} and --all: give one of them (--run undoes one run's writes, --all every run's)`);
  }
  if (options.runId === undefined && options.all !== true) {
    throw new ConfigError('rollback needs --run ID (undo one run\'s writes) or --all (undo every run\'s writes); --preview lists what either would do');
  }
  if (options.runId !== undefined && (typeof options.runId !== 'string' || options.runId.trim() === '')) {
    throw new ConfigError(`--run ${JSON.stringify(options.runId)}: give a run id (the runs table lists them)`);
  }
  if (options.only !== undefined) ledgerTypesOf(options.only);
}
