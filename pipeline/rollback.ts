/**
 * The `rollback` stage: undoes what provision and import wrote to Intercom, from the write
 * ledger, newest write first (reverse dependency order). It deletes what the tool created
 * (conversations, whose parts and tags go with them; contacts; articles, internal articles,
 * collections and sections; tags; the migration-assets conversation and lead), writes the
 * before-images of pre-existing contacts it updated back (a field absent before is set to
 * null), writes back the options of pre-existing list attributes it extended, archives the
 * data attributes, conversation attributes and list options it created (Intercom's API cannot
 * delete them), removes tags it applied to conversations that stay, and touches nothing it
 * did not write.
 *
 * Each undo is a ledger row of its own (see `rollback/send-undo.ts`), so a rollback killed at
 * any point and rerun resumes: what is undone is skipped, what was in flight is sent again
 * (every undo is idempotent; a 404 means already gone), and a second rollback finds nothing
 * left to undo.
 *
 * Writes import or provision left in flight (`intent`: a kill between request and answer)
 * are settled first where the undo is safe either way (writing a before-image back, untagging,
 * deleting the conversation a part was sent to). A create left in flight is not: only its
 * answer names the object, and finding it again takes the transformed record (external id,
 * original times, titles) that only its stage has. So rollback refuses to start while the
 * scope holds one, naming them and the stage to rerun (which settles them by looking them up),
 * rather than guess or leave an object behind unnoticed. `preview` lists them instead.
 *
 * `sample` undoes every run marked sample (`migrate --sample N`), its provision's writes with
 * its import's, so Intercom is left as before the sample. It refuses (`SampleDependedOnError`,
 * nothing undone, also when previewed) once a run that is not a sample wrote after a sample
 * write still to undo: a full migration reuses the tags and attributes the sample's
 * provision created and the contacts its import wrote. Then `--all` (or `--run`) it is.
 */
import { FatalError } from './errors.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { planRollback, type LeftWrites, type PlannedUndo, type UnsettledWrite } from './rollback/plan-rollback.ts';
import { laterNonSampleWrites, SampleDependedOnError } from './rollback/later-writes.ts';
import { resolveScope } from './rollback/resolve-scope.ts';
import { sendUndos, type SentUndo } from './rollback/send-undos.ts';
import type { UndoAction } from './rollback/undo-rule.ts';
import type { Workspace } from './workspace/workspace.ts';

export { ROLLBACK_KINDS } from './rollback/rollback-kinds.ts';

/** Options of `runRollback`. */
export interface RunRollbackOptions {
  /** The workspace, opened for this run (its run id stamps the undo rows). */
  workspace: Workspace;
  /** The paced Intercom client (`createIntercomClient`). */
  intercom: IntercomClient;
  /** Undo this run's writes (a provision, import or retry run). */
  runId?: string;
  /** Undo every run's writes. Exactly one of `runId`, `all` and `sample`. */
  all?: boolean;
  /** Undo every sample migration's runs (marked `sample` in `runs.args`), provision's writes included; refused once a non-sample run wrote after them. */
  sample?: boolean;
  /** Only these kinds: `contacts`, `conversations`, `articles`, `tags`, `attributes` (see `ROLLBACK_KINDS`). @default every kind */
  only?: readonly string[];
  /** List what would be done; write nothing (to Intercom or the ledger). @default false */
  preview?: boolean;
  /** Undos in flight at once (within one object type). @default 16 */
  concurrency?: number;
  /** Called as each undo ends. */
  onProgress?: (progress: RollbackProgress) => void;
}

/** Progress of a rollback. */
export interface RollbackProgress {
  sent: number;
  total: number;
  last: { seq: number; objectType: string; action: UndoAction; intercomId: string; status: 'done' | 'gone' | 'failed' };
}

/** One undo, as `preview` lists it. */
export interface RollbackStep {
  /** The ledger write it undoes. */
  seq: number;
  runId: string;
  objectType: string;
  khorosKey: string;
  intercomId: string;
  action: UndoAction;
  /** The request, e.g. `DELETE /conversations/42`. */
  endpoint: string;
  /** An earlier rollback sent it and was killed before the answer: it is sent again. */
  resend?: true;
}

/** What a rollback did (or, previewed, would do). */
export interface RollbackSummary {
  /** This run's id (its undo rows carry it). */
  runId: string;
  scope: { run: string | null; objectTypes: string[] | null; sampleRuns?: string[] };
  preview: boolean;
  /** Previewed: every undo it would send, in order. */
  steps?: RollbackStep[];
  counts: {
    /** Undos planned (requests to send). */
    planned: number;
    deleted: number;
    restored: number;
    archived: number;
    untagged: number;
    /** Of those: Intercom no longer had the object (404), recorded done. */
    gone: number;
    /** Undos Intercom refused (see `failures`). */
    failed: number;
    /** Writes that go with a removed container (parts, conversation updates and tags). */
    covered: number;
    /** Writes an earlier rollback undid. */
    alreadyUndone: number;
    /** Writes that cannot be undone (see `left`). */
    left: number;
  };
  failures: { seq: number; objectType: string; intercomId: string; action: UndoAction; endpoint: string; error: string }[];
  left: LeftWrites[];
  /** Writes left in flight by their stage, which block a rollback (listed by `preview`). */
  unsettled: UnsettledWrite[];
  /** Nothing failed and nothing was left that rollback could not explain. */
  complete: boolean;
  intercomRequests: number;
}

/** Writes left in flight in the scope: rollback would have to guess whether they landed. */
export class RollbackBlockedError extends FatalError {
  constructor(readonly unsettled: readonly UnsettledWrite[], stages: ReadonlyMap<string, string>) {
    const runs = [...new Set(unsettled.map((u) => u.runId))].map((run) => `${run} (${stages.get(run) ?? 'unknown stage'})`);
    const rerun = [...new Set(unsettled.map((u) => stages.get(u.runId)).filter((s): s is string => s !== undefined))];
    const sample = unsettled.slice(0, 5).map((u) => `${u.seq} ${u.operation} ${u.objectType} ${JSON.stringify(u.khorosKey)}`).join('; ');
    super('rollback_blocked',
      `${unsettled.length} write${unsettled.length === 1 ? ' is' : 's are'} still in flight (${sample}${unsettled.length > 5 ? '; …' : ''}) from run ${runs.join(', ')}: ` +
      `${unsettled[0].reason}. Rerun khoros2intercom ${rerun.join(' / ') || 'the stage that wrote them'} to settle them (it looks each one up in Intercom), ` +
      'then roll back again; nothing was undone. --preview lists them all.');
  }
}

const PAST: Record<UndoAction, 'deleted' | 'restored' | 'archived' | 'untagged'> = { delete: 'deleted', restore: 'restored', archive: 'archived', untag: 'untagged' };

/**
 * Runs (or previews) a rollback and answers its summary.
 *
 * @example
 * const summary = await runRollback({ workspace, intercom: createIntercomClient(config.intercom), all: true, preview: true });
 * for (const step of summary.steps!) console.log(step.seq, step.objectType, step.intercomId, step.action);
 */
export async function runRollback(options: RunRollbackOptions): Promise<RollbackSummary> {
  const { workspace, intercom } = options;
  const scope = await resolveScope(workspace, options);
  const requestsBefore = intercom.stats().requests;
  const plan = await planRollback(workspace, scope);
  if (options.sample === true) {
    const pending = [...plan.undos.map((u) => u.seq), ...plan.unsettled.map((u) => u.seq)];
    const later = pending.length === 0 ? [] : await laterNonSampleWrites(workspace, scope.runIds ?? [], Math.min(...pending));
    if (later.length > 0) throw new SampleDependedOnError(later);
  }
  const summary: RollbackSummary = {
    runId: workspace.runId, preview: options.preview === true,
    scope: { run: scope.runId ?? null, objectTypes: scope.objectTypes ? [...scope.objectTypes] : null, ...(scope.runIds ? { sampleRuns: [...scope.runIds] } : {}) },
    counts: {
      planned: plan.undos.length, deleted: 0, restored: 0, archived: 0, untagged: 0, gone: 0, failed: 0,
      covered: plan.covered, alreadyUndone: plan.alreadyUndone, left: plan.left.reduce((n, group) => n + group.count, 0),
    },
    failures: [], left: plan.left, unsettled: plan.unsettled, complete: false, intercomRequests: 0,
  };
  if (options.preview) {
    summary.steps = plan.undos.map(step);
    summary.complete = plan.unsettled.length === 0 && !plan.left.some((group) => group.unknown);
    return summary;
  }
  if (plan.unsettled.length > 0) throw new RollbackBlockedError(plan.unsettled, await stagesOf(workspace, plan.unsettled.map((u) => u.runId)));

  let sent = 0;
  const results = await sendUndos(plan.undos, {
    workspace, intercom, concurrency: options.concurrency,
    onUndo: ({ undo, outcome }) => {
      sent += 1;
      options.onProgress?.({ sent, total: plan.undos.length, last: { seq: undo.seq, objectType: undo.objectType, action: undo.action, intercomId: undo.target, status: outcome.status } });
    },
  });
  tally(summary, results);
  summary.complete = summary.counts.failed === 0 && !plan.left.some((group) => group.unknown);
  summary.intercomRequests = intercom.stats().requests - requestsBefore;
  return summary;
}

function step(undo: PlannedUndo): RollbackStep {
  return {
    seq: undo.seq, runId: undo.runId, objectType: undo.objectType, khorosKey: undo.khorosKey, intercomId: undo.target, action: undo.action,
    endpoint: `${undo.method} ${undo.path}`, ...(undo.pendingSeq !== undefined ? { resend: true as const } : {}),
  };
}

function tally(summary: RollbackSummary, results: readonly SentUndo[]): void {
  for (const { undo, outcome } of results) {
    if (outcome.status === 'failed') {
      summary.counts.failed += 1;
      summary.failures.push({ seq: undo.seq, objectType: undo.objectType, intercomId: undo.target, action: undo.action, endpoint: `${undo.method} ${undo.path}`, error: outcome.error });
      continue;
    }
    summary.counts[PAST[undo.action]] += 1;
    if (outcome.status === 'gone') summary.counts.gone += 1;
  }
}

/** The stage of each run id. */
async function stagesOf(workspace: Workspace, runIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await workspace.query<{ run_id: string; stage: string }>(
    'SELECT run_id, stage FROM runs WHERE run_id IN (SELECT unnest(CAST(json($1) AS VARCHAR[])))', [JSON.stringify([...new Set(runIds)])]);
  return new Map(rows.map((r) => [r.run_id, r.stage]));
}
