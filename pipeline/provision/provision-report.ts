/**
 * What `provision` reports: every object the confirmed map needs in Intercom, with what the
 * run did about it (found it, created it, added options, reconciled an earlier run's
 * in-flight write, or failed), and the list of what a person must create by hand because
 * Intercom has no API for it (admins, teams, brands, help-center languages) or because
 * the map and Intercom disagree. Printed as JSON, summarised for people, and stored in the
 * workspace (`provision_reports`) so import can read the Intercom ids it resolved.
 */
import type { Workspace } from '../workspace/workspace.ts';

/** The Intercom object types provision writes (the ledger's `object_type`). */
export type ProvisionObjectType = 'data_attribute' | 'conversation_attribute' | 'conversation_attribute_option' | 'tag' | 'collection';

/** What the run did about one object. */
export type ProvisionAction =
  /** It was there already: nothing written. */
  | 'existing'
  /** Created now (a ledger row, done). */
  | 'created'
  /** Changed now (a contact attribute's options; a ledger row with the before-image). */
  | 'updated'
  /** An earlier run's write was in flight; Intercom has it, and its ledger row is now done. */
  | 'reconciled'
  /** Intercom refused the write (its ledger row is failed); see `error`. */
  | 'failed'
  /** Not attempted: something it depends on is missing (see `error`). */
  | 'skipped';

/** One object the map needs. */
export interface ProvisionedObject {
  objectType: ProvisionObjectType;
  /**
   * Its key, as in the ledger: the attribute or tag name, `<attribute>/<option>` for a list
   * option, `kb_categories/<id>` or `kb_boards/<id>` for a collection.
   */
  key: string;
  /** The name it has in Intercom. */
  name: string;
  action: ProvisionAction;
  /** Intercom id (`<attribute id>/<option id>` for an option); null when it failed or was skipped. */
  intercomId: string | null;
  /** The ledger row of the write, when one was made or reconciled. */
  ledgerSeq?: number;
  /** Why it is needed, or what failed. */
  detail?: string;
  /** For collections: the parent's Intercom id (null: top level). */
  parentId?: string | null;
  error?: string;
}

/** Something a person must create or change in Intercom (or in the map). */
export interface ManualStep {
  kind: 'admin' | 'team' | 'brand' | 'locale' | 'help_center' | 'attribute';
  /** What is missing, e.g. `help-center locale he`. */
  missing: string;
  /** What to do about it. */
  action: string;
  /** Why the migration needs it. */
  why: string;
}

/** The report. */
export interface ProvisionReport {
  runId: string;
  /** The confirmed map version it provisioned. */
  mapVersion: number;
  /** The help center collections go to (null: the workspace has none). */
  helpCenter: { id: string; locales: string[] } | null;
  objects: ProvisionedObject[];
  /** What a person must do; empty when Intercom has everything. */
  manual: ManualStep[];
  /** Facts worth knowing that need no action (agents that go to the fallback admin, pruned categories). */
  notes: string[];
  /** Counts by action. */
  counts: Record<ProvisionAction, number>;
  /** Intercom requests sent (lookups and retries included). */
  requests: number;
  /** True when nothing failed and nothing is left to do by hand. */
  complete: boolean;
}

/**
 * Counts by action.
 *
 * @example
 * countActions([{ action: 'created' }, { action: 'existing' }]); // { existing: 1, created: 1, updated: 0, ... }
 */
export function countActions(objects: readonly Pick<ProvisionedObject, 'action'>[]): Record<ProvisionAction, number> {
  const counts: Record<ProvisionAction, number> = { existing: 0, created: 0, updated: 0, reconciled: 0, failed: 0, skipped: 0 };
  for (const o of objects) counts[o.action] += 1;
  return counts;
}

const LABELS: Record<ProvisionObjectType, string> = {
  data_attribute: 'contact attributes', conversation_attribute: 'conversation attributes', conversation_attribute_option: 'list options',
  tag: 'tags', collection: 'collections and sections',
};

/**
 * The report for people: one line per object type with its counts, the failures, then
 * every manual step with what to do and why.
 *
 * @example
 * process.stderr.write(renderProvisionSummary(report));
 */
export function renderProvisionSummary(report: ProvisionReport): string {
  const lines = [`provision (map version ${report.mapVersion}, run ${report.runId}):`];
  for (const type of Object.keys(LABELS) as ProvisionObjectType[]) {
    const of = report.objects.filter((o) => o.objectType === type);
    if (of.length === 0) continue;
    const counts = Object.entries(countActions(of)).filter(([, n]) => n > 0).map(([action, n]) => `${n} ${action}`);
    lines.push(`  ${LABELS[type]}: ${counts.join(', ')}`);
  }
  for (const o of report.objects.filter((x) => x.action === 'failed' || x.action === 'skipped')) {
    lines.push(`  ${o.action.toUpperCase()} ${o.objectType} ${JSON.stringify(o.name)}: ${o.error ?? o.detail ?? ''}`);
  }
  if (report.manual.length) {
    lines.push(`To do by hand in Intercom (${report.manual.length}):`);
    for (const m of report.manual) lines.push(`  - ${m.missing}: ${m.action}\n    why: ${m.why}`);
  } else {
    lines.push('Nothing to do by hand.');
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Stores the report as the run's row of `provision_reports` (a rerun under the same run id
 * replaces it).
 *
 * @example
 * await storeProvisionReport(workspace, report);
 */
export async function storeProvisionReport(workspace: Workspace, report: ProvisionReport): Promise<void> {
  await workspace.query(
    `INSERT OR REPLACE INTO provision_reports VALUES ($1, $2, $3::JSON, $4::TIMESTAMPTZ)`,
    [report.runId, report.mapVersion, JSON.stringify(report), new Date().toISOString()],
  );
}

/**
 * The last stored report, or null when provision never ran in this workspace: import reads
 * the Intercom ids of attributes, tags and collections from it.
 *
 * @example
 * const report = await lastProvisionReport(workspace);
 * const sections = report?.objects.filter((o) => o.key.startsWith('kb_boards/'));
 */
export async function lastProvisionReport(workspace: Workspace): Promise<ProvisionReport | null> {
  const [row] = await workspace.query<{ report: ProvisionReport }>('SELECT report FROM provision_reports ORDER BY reported_at DESC, run_id DESC LIMIT 1');
  return row?.report ?? null;
}
