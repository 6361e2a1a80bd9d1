/**
 * The shapes `verify` works with: the run's options and context, the per-object counts,
 * the finding kinds, the threshold verdicts and the result the CLI prints and the reports
 * render.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import type { Mapping } from '../mapping/mapping.ts';
import type { Lookups } from '../transform/lookups.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { VerifyRecorder } from './verify-recorder.ts';

/** `sample`: the hardest records, seeded; `full`: everything the ledger says was written. */
export type VerifyMode = 'sample' | 'full';

/** What a finding says. See `reconciliation-views.ts` for which view shows which kind. */
export type FindingKind =
  | 'field_mismatch' | 'missing' | 'not_written' | 'part_missing' | 'attachment_missing' | 'tag_missing'
  | 'image_not_hosted' | 'link_not_rewritten' | 'part_count_short' | 'unexpected_part' | 'unexpected_attachment' | 'part_count_over';

/** One difference between what the map says Intercom should hold and what it holds. */
export interface Finding {
  objectType: string;
  khorosKey: string;
  intercomId: string | null;
  kind: FindingKind;
  field?: string | null;
  expected?: unknown;
  actual?: unknown;
  detail?: string | null;
}

/** Per object type: the reconciliation counts (see `verify_counts`). */
export interface ObjectCounts {
  objectType: string;
  /** Records exported from Khoros (staged + refused by export validation); whole workspace. */
  source: number;
  /** Records staged; whole workspace. */
  staged: number;
  /** Records in scope not written by design (queued by the transform or import, refused by export). */
  quarantined: number;
  /** Records in scope the map says to write. */
  planned: number;
  /** Records in scope the ledger says were written. */
  written: number;
  /** Records verify read back (in scope and written). */
  checked: number;
  /** Records Intercom answered for. */
  readBack: number;
  missing: number;
  unexpected: number;
  /** Records with at least one field mismatch (or part, attachment, tag, image or link problem). */
  withMismatches: number;
}

/** A threshold from config and whether the run met it. */
export interface ThresholdVerdict {
  name: string;
  limit: number;
  actual: number;
  pass: boolean;
}

/** Per field: values compared and values that differed. */
export interface FieldStat {
  objectType: string;
  field: string;
  checked: number;
  mismatched: number;
}

/** What a verify run found. */
export interface VerifyResult {
  runId: string;
  mode: VerifyMode;
  seed: number;
  mapVersion: number;
  startedAt: string;
  finishedAt: string;
  pass: boolean;
  thresholds: ThresholdVerdict[];
  counts: ObjectCounts[];
  fieldStats: FieldStat[];
  /** Totals over every object type. */
  totals: { missing: number; unexpected: number; fieldChecks: number; fieldMismatches: number; fieldMismatchRate: number; partCountMismatches: number };
  /** The sample's records (sample mode), by object type. */
  sample: Record<string, string[]> | null;
  /** The first findings (all of them are in `verify_findings`). */
  findings: Finding[];
  findingCount: number;
  /** What the counts do not show: known gaps the map leaves (images never staged, links to articles never migrated), parts beyond Intercom's 500-part window. */
  notes: string[];
  intercomRequests: number;
  /** Where the reports were written. */
  reports: { json: string; markdown: string; html: string } | null;
}

/** What every verify step shares. */
export interface VerifyContext {
  workspace: Workspace;
  intercom: IntercomClient;
  mapping: Mapping;
  /** The run's lookups (Intercom setup, workspace names); contacts are layered per chunk from the ledger. */
  lookups: Lookups;
  recorder: VerifyRecorder;
  chunkSize: number;
  /** Reads side by side. */
  concurrency: number;
  /** Unix seconds (the transforms' snooze arithmetic). */
  now: number;
  /** Keys to check per family (sample mode); null: every staged record. */
  selection: ReadonlyMap<string, ReadonlySet<string>> | null;
}
