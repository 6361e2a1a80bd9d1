/**
 * What every planner of `runPlan` shares: the workspace and the Intercom state read once,
 * the run's lookups, and `record`, which stores a chunk's items and counts them.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import type { Mapping } from '../mapping/mapping.ts';
import type { Finding } from '../transform/findings.ts';
import type { Lookups } from '../transform/lookups.ts';
import type { IntercomContactIndex } from '../transform/read-intercom-contacts.ts';
import type { IntercomState } from '../transform/read-intercom-state.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { PlanItem } from './plan-item.ts';

/** A planned item with what the summary counts beside it. */
export interface PlannedEntry {
  item: PlanItem;
  findings?: readonly Finding[];
  quarantined?: number;
  parts?: number;
  attachments?: number;
}

/** The planners' context. */
export interface PlanContext {
  workspace: Workspace;
  /** Read-only use: GETs and searches. */
  intercom: IntercomClient;
  mapping: Mapping;
  /** The run's lookups (author tables empty: read per chunk). */
  lookups: Lookups;
  state: IntercomState;
  contacts: IntercomContactIndex;
  /** Whether the workspace has a ledger to read. */
  ledger: boolean;
  planId: string;
  /** Unix seconds the plan runs at (snoozes). */
  now: number;
  /** Records per chunk. */
  chunkSize: number;
  /** Stores a chunk's items in `plans` and counts them. */
  record(entries: readonly PlannedEntry[]): Promise<void>;
}

/**
 * The findings of a result as the `detail` column keeps them: rule, action, count.
 *
 * @example
 * compactFindings(result.findings); // [{ rule: 'admin-missing', action: 'fallback-admin', count: 2 }]
 */
export function compactFindings(findings: readonly Finding[]): { rule: string; action: string; count: number }[] {
  return findings.map((f) => ({ rule: f.rule, action: f.action, count: f.count }));
}
