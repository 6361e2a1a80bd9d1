/**
 * The `cutover` stage: the checklist that ends a migration, each step recorded in the
 * workspace (`cutover_steps`: step, status, time, who confirmed it, what it found), in order,
 * each only once the ones before it are done:
 *
 * 1. `freeze`: Khoros writes are frozen, confirmed by a person (`confirmFrozen`, their
 *    name); refused without it (ConfigError: nothing else runs);
 * 2. `final-delta`: a last delta (with the case sweep, the only way deleted cases show);
 * 3. `verify`: verify, full (or the sample), green;
 * 4. `automation-handoff`: the automation inventory (rules, work queues, SLAs; the one
 *    discover reports) handed to whoever rebuilds it in Intercom, confirmed by a person
 *    (`confirmAutomation`).
 *
 * Resumable: a step done is skipped by the next run (its row stays as it was); a failed or
 * pending one is run again. The run is complete when every step is done.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { runDelta } from './delta.ts';
import { readAutomation } from './discover/read-automation.ts';
import { readFamilyState } from './discover/read-family-state.ts';
import { defaultReportDir } from './discover/write-report.ts';
import { ConfigError } from './errors.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import type { KhorosClientOptions } from './khoros/create-khoros-clients.ts';
import { runVerify } from './verify.ts';
import type { Workspace } from './workspace/workspace.ts';

/** The steps, in order. */
export const CUTOVER_STEPS = ['freeze', 'final-delta', 'verify', 'automation-handoff'] as const;
export type CutoverStepName = (typeof CUTOVER_STEPS)[number];

/** One step as `cutover_steps` holds it. */
export interface CutoverStep {
  step: CutoverStepName;
  status: 'done' | 'failed' | 'pending';
  at: string;
  by: string | null;
  detail: unknown;
  /** Whether this run did it (false: done by an earlier run, skipped). */
  ranNow: boolean;
}

/** Options of `runCutover`. */
export interface CutoverOptions {
  config: Config;
  workspace: Workspace;
  mappingPath: string;
  intercom: IntercomClient;
  /** Who confirms that Khoros writes are frozen (required). */
  confirmFrozen?: string;
  /** Who confirms the automation inventory was handed off. */
  confirmAutomation?: string;
  /** Verify the sample rather than everything. @default false */
  sampleVerify?: boolean;
  /** The workspace file, to name discover's report. */
  workspacePath?: string;
  clients?: KhorosClientOptions;
  overlapMinutes?: number;
  onProgress?: (message: string) => void;
}

/** What a cutover run answers. */
export interface CutoverResult {
  steps: CutoverStep[];
  /** Every step done. */
  complete: boolean;
}

/**
 * Runs the checklist from the first step not done.
 *
 * @example
 * const result = await runCutover({ config, workspace, mappingPath, intercom, confirmFrozen: 'Dana Reyes' });
 * result.complete; // false until the automation hand-off is confirmed
 */
export async function runCutover(options: CutoverOptions): Promise<CutoverResult> {
  const { workspace } = options;
  const progress = options.onProgress ?? (() => undefined);
  const recorded = await readSteps(workspace);
  const steps: CutoverStep[] = [];
  for (const [position, step] of CUTOVER_STEPS.entries()) {
    const earlier = recorded.get(step);
    if (earlier?.status === 'done') {
      steps.push({ ...earlier, ranNow: false });
      continue;
    }
    progress(`cutover: ${step}`);
    const outcome = await runStep(step, options);
    const row: CutoverStep = { step, status: outcome.status, at: new Date().toISOString(), by: outcome.by ?? null, detail: outcome.detail, ranNow: true };
    await workspace.query(
      `INSERT INTO cutover_steps VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, $6, $7)
       ON CONFLICT (step) DO UPDATE SET status = excluded.status, recorded_at = excluded.recorded_at, confirmed_by = excluded.confirmed_by,
         detail = excluded.detail, run_id = excluded.run_id`,
      [step, position + 1, row.status, row.at, row.by, JSON.stringify(row.detail ?? null), workspace.runId],
    );
    steps.push(row);
    if (row.status !== 'done') {
      if (step === 'freeze') throw new ConfigError(String((row.detail as { reason: string }).reason));
      break;
    }
  }
  return { steps, complete: steps.length === CUTOVER_STEPS.length && steps.every((s) => s.status === 'done') };
}

/** The steps recorded so far. */
export async function readSteps(workspace: Workspace): Promise<Map<CutoverStepName, Omit<CutoverStep, 'ranNow'>>> {
  const rows = await workspace.query<{ step: CutoverStepName; status: CutoverStep['status']; recorded_at: Date; confirmed_by: string | null; detail: unknown }>(
    'SELECT step, status, recorded_at, confirmed_by, detail FROM cutover_steps ORDER BY position',
  );
  return new Map(rows.map((r) => [r.step, { step: r.step, status: r.status, at: r.recorded_at.toISOString(), by: r.confirmed_by, detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail }]));
}

async function runStep(step: CutoverStepName, options: CutoverOptions): Promise<{ status: CutoverStep['status']; by?: string; detail: unknown }> {
  const { workspace, config, intercom, mappingPath } = options;
  switch (step) {
    case 'freeze': {
      const by = options.confirmFrozen?.trim();
      if (!by) {
        return { status: 'failed', detail: { reason: '--confirm-frozen: the name of the person confirming that writes to Khoros are frozen is required before the final delta (an agent still answering in Khoros after it would be lost)' } };
      }
      return { status: 'done', by, detail: { confirmed: 'Khoros writes frozen' } };
    }
    case 'final-delta': {
      const summary = await runDelta({ config, workspace, mappingPath, intercom, sweepCases: true, clients: options.clients, overlapMinutes: options.overlapMinutes, onProgress: options.onProgress });
      return {
        status: 'done',
        detail: { runId: summary.runId, writes: summary.writes, staged: summary.staged, removals: summary.removals.length, quarantined: summary.import.conversations.quarantined + summary.import.contacts.quarantined, inFlight: summary.import.inFlight },
      };
    }
    case 'verify': {
      const result = await runVerify({ workspace, config, intercom, mappingPath, mode: options.sampleVerify ? 'sample' : 'full', workspacePath: options.workspacePath });
      return {
        status: result.pass ? 'done' : 'failed',
        detail: { mode: result.mode, pass: result.pass, findings: result.findingCount, failedThresholds: result.thresholds.filter((t) => !t.pass).map((t) => `${t.name}: ${t.actual} (limit ${t.limit})`) },
      };
    }
    case 'automation-handoff': {
      const automation = await readAutomation(workspace, await readFamilyState(workspace));
      const report = options.workspacePath ? join(defaultReportDir(options.workspacePath), 'discover.md') : null;
      const inventory = {
        rules: automation.rules.length, workQueues: automation.workQueues.length, slas: automation.slas.length,
        report: report && existsSync(report) ? report : null,
      };
      const by = options.confirmAutomation?.trim();
      if (!by) return { status: 'pending', detail: { ...inventory, reason: '--confirm-automation: the name of the person who took over the automation inventory (rebuilt in Intercom Workflows) is required' } };
      return { status: 'done', by, detail: inventory };
    }
  }
}
