/**
 * Collects what a verify run finds and writes it to the workspace in batches: the findings
 * (`verify_findings`), the per-field tallies (`verify_field_stats`, kept in memory: one entry
 * per object type and field, not per record), and the readback rows. Memory holds at most
 * one batch of rows between flushes.
 */
import type { Workspace } from '../workspace/workspace.ts';
import { insertRows, type InsertColumn } from './insert-rows.ts';
import { sameValue } from './same-value.ts';
import type { FieldStat, Finding } from './verify-types.ts';

/** Rows held before they are written. */
const FLUSH_AT = 2000;
/** Findings kept in memory for the result (the table has all of them). */
const KEEP = 200;

const FINDING_COLUMNS: InsertColumn[] = [
  { name: 'run_id' }, { name: 'object_type' }, { name: 'khoros_key' }, { name: 'intercom_id' }, { name: 'kind' }, { name: 'field' },
  { name: 'expected', cast: 'JSON' }, { name: 'actual', cast: 'JSON' }, { name: 'detail' },
];

/** The recorder of one run. */
export interface VerifyRecorder {
  readonly runId: string;
  /**
   * Compares one field and tallies it; records a `field_mismatch` when it differs. Answers whether it matched.
   * An expected value of `undefined` is not checked (the map leaves the field alone).
   */
  check(objectType: string, khorosKey: string, intercomId: string | null, field: string, expected: unknown, actual: unknown): boolean;
  /** Records a finding. */
  finding(finding: Finding): void;
  /** Queues a readback row for `table`. */
  readback(table: string, columns: readonly InsertColumn[], row: unknown[]): Promise<void>;
  /** Writes everything queued. */
  flush(): Promise<void>;
  /** Per-field tallies so far. */
  fieldStats(): FieldStat[];
  /** The first findings, and how many there were. */
  findings(): { first: Finding[]; count: number };
  /** Findings per object type and kind (for the counts). */
  countBy(objectType: string, kinds: readonly string[]): number;
  /** Distinct records of an object type with any finding of these kinds. */
  recordsWith(objectType: string, kinds: readonly string[]): number;
}

/**
 * @example
 * const recorder = verifyRecorder(workspace, workspace.runId);
 * recorder.check('contact', 'C1', '42', 'name', 'Ann', 'Anne'); // false: a field_mismatch
 * await recorder.flush();
 */
export function verifyRecorder(workspace: Workspace, runId: string): VerifyRecorder {
  const stats = new Map<string, FieldStat>();
  const pending: unknown[][] = [];
  const readbacks = new Map<string, { columns: readonly InsertColumn[]; rows: unknown[][] }>();
  const first: Finding[] = [];
  let count = 0;
  // Per object type and kind: count, and the distinct records (a Set per object type: bounded by the records with findings).
  const byKind = new Map<string, number>();
  const records = new Map<string, Map<string, Set<string>>>();

  const flushFindings = async () => {
    const rows = pending.splice(0);
    await insertRows(workspace, 'verify_findings', FINDING_COLUMNS, rows);
  };
  const recorder: VerifyRecorder = {
    runId,
    check(objectType, khorosKey, intercomId, field, expected, actual) {
      if (expected === undefined) return true;
      const key = `${objectType}\u0000${field}`;
      const stat = stats.get(key) ?? { objectType, field, checked: 0, mismatched: 0 };
      stats.set(key, stat);
      stat.checked += 1;
      if (sameValue(field, expected, actual)) return true;
      stat.mismatched += 1;
      recorder.finding({ objectType, khorosKey, intercomId, kind: 'field_mismatch', field, expected, actual: actual ?? null });
      return false;
    },
    finding(finding) {
      count += 1;
      if (first.length < KEEP) first.push(finding);
      const kindKey = `${finding.objectType}\u0000${finding.kind}`;
      byKind.set(kindKey, (byKind.get(kindKey) ?? 0) + 1);
      const perType = records.get(finding.objectType) ?? new Map<string, Set<string>>();
      records.set(finding.objectType, perType);
      const keys = perType.get(finding.kind) ?? new Set<string>();
      perType.set(finding.kind, keys);
      keys.add(finding.khorosKey);
      pending.push([runId, finding.objectType, finding.khorosKey, finding.intercomId, finding.kind, finding.field ?? null,
        finding.expected === undefined ? null : finding.expected, finding.actual === undefined ? null : finding.actual, finding.detail ?? null]);
    },
    async readback(table, columns, row) {
      const queued = readbacks.get(table) ?? { columns, rows: [] };
      readbacks.set(table, queued);
      queued.rows.push(row);
      if (queued.rows.length >= FLUSH_AT || pending.length >= FLUSH_AT) await recorder.flush();
    },
    async flush() {
      for (const [table, queued] of readbacks) await insertRows(workspace, table, queued.columns, queued.rows.splice(0));
      await flushFindings();
    },
    fieldStats: () => [...stats.values()].map((s) => ({ ...s })),
    findings: () => ({ first: [...first], count }),
    countBy: (objectType, kinds) => kinds.reduce((n, kind) => n + (byKind.get(`${objectType}\u0000${kind}`) ?? 0), 0),
    recordsWith(objectType, kinds) {
      const keys = new Set<string>();
      for (const kind of kinds) for (const key of records.get(objectType)?.get(kind) ?? []) keys.add(key);
      return keys.size;
    },
  };
  return recorder;
}
