/**
 * What every import step shares: the workspace, the paced client, the confirmed map, the
 * run's lookups, the chunk size, counters, and where findings that stop a record go.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import type { Mapping } from '../mapping/mapping.ts';
import type { Lookups } from '../transform/lookups.ts';
import type { IntercomContactIndex } from '../transform/read-intercom-contacts.ts';
import type { Workspace } from '../workspace/workspace.ts';
import type { ImportCustomizer } from './import-transforms.ts';

/** Counts of one import step. */
export interface StepCounts {
  created: number;
  updated: number;
  skipped: number;
  /** Parts, tags and other sub-writes sent. */
  writes: number;
  quarantined: number;
}

/** A progress event: the step and its counts so far. */
export interface ImportProgress {
  step: 'reconcile' | 'contacts' | 'conversations';
  counts: StepCounts;
}

/** The import steps' context. */
export interface ImportContext {
  workspace: Workspace;
  intercom: IntercomClient;
  mapping: Mapping;
  /** The run's lookups; the contacts and Care authors are added per chunk. */
  lookups: Lookups;
  /** The Intercom contacts of the staged customers, read per chunk by the conversations step (none: no contact resolves). */
  contacts?: IntercomContactIndex;
  /** Staged records per chunk. */
  chunkSize: number;
  /** Records of a chunk written side by side (each record's own writes stay in order). */
  concurrency: number;
  /** How long Intercom's search may lag behind a write, in ms: a search-backed lookup trusts a miss only after it. */
  searchLagMs: number;
  /** Unix seconds the run started (snoozes). */
  now: number;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * When set, only the staged records whose key is in it are imported (the rest are not
   * read past their key): `retry --failed` replays just the quarantined records.
   */
  onlyKeys?: ReadonlySet<string>;
  /** The author's transforms, applied and validated after the map's (`RunImportOptions.transforms`); none when absent. */
  customize?: ImportCustomizer;
}

/** Fresh zero counts. */
export function emptyCounts(): StepCounts {
  return { created: 0, updated: 0, skipped: 0, writes: 0, quarantined: 0 };
}

/** The records of a chunk `context.onlyKeys` lets through (all when it is not set). */
export function onlyKeys<T extends { key: string }>(context: ImportContext, chunk: T[]): T[] {
  const keys = context.onlyKeys;
  return keys ? chunk.filter((r) => keys.has(r.key)) : chunk;
}
