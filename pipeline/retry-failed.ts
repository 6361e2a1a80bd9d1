/**
 * `retry --failed`: replays the records import quarantined (families `import_contacts` and
 * `import_conversations`), and only those, through the same import (ledger, reconciliation,
 * lookups read afresh from Intercom), once their cause is fixed. Export quarantines (invalid
 * source records) are not retried: nothing in Intercom can make them valid.
 *
 * Rows that only note something a replay cannot change (`attachment_not_staged`: the part
 * was written without the file, which export did not download) stay as they are.
 *
 * The quarantine rows of the retried keys are first moved aside (family
 * `retrying:<family>`), then the import runs for those keys:
 *
 * - a key that now imports cleanly leaves no row: its old rows are dropped;
 * - a key that still fails is quarantined again by the import, with the reason (error class
 *   and code) of this run; its old rows are dropped, the new ones kept.
 *
 * When the run stops (rate limit, outage, a kill), the rows moved aside go back where they
 * were (after a kill, at the start of the next retry), so nothing quarantined is ever lost.
 */
import type { Config } from './config.ts';
import { createIntercomClient } from './intercom/create-intercom-client.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { CONTACTS_QUARANTINE } from './import/import-contacts.ts';
import { CONVERSATIONS_QUARANTINE } from './import/import-conversations.ts';
import { runImport, type ImportProgress, type ImportSummary, type ImportTransforms } from './import.ts';
import type { Workspace } from './workspace/workspace.ts';

/** The quarantine families import writes: the retriable ones. */
export const RETRIABLE_FAMILIES = [CONTACTS_QUARANTINE, CONVERSATIONS_QUARANTINE] as const;
const ASIDE = 'retrying:';
/** Rows a replay cannot resolve (notes on a record that was written). */
const REPLAYABLE = `reason NOT LIKE 'attachment_not_staged%'`;

/** Options of `runRetryFailed`. */
export interface RunRetryFailedOptions {
  workspace: Workspace;
  /** The confirmed map file. */
  mappingPath: string;
  /** Needed only when `intercom` is not given. */
  config?: Config;
  /** @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
  chunkSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  now?: () => Date;
  /** The pipeline author's import transforms (`RunImportOptions.transforms`): pass the ones the workspace's imports used. @default none */
  transforms?: ImportTransforms;
}

/** A quarantine row of a record still failing. */
export interface StillFailing {
  family: string;
  key: string;
  reason: string;
}

/** What a retry did. */
export interface RetrySummary {
  runId: string;
  /** The keys replayed, by family. */
  retried: Record<string, number>;
  /** Keys that now import cleanly (their quarantine rows removed). */
  resolved: string[];
  /** Keys quarantined again, with this run's reasons. */
  stillFailing: StillFailing[];
  /** The import of those keys; null when nothing was quarantined. */
  import: ImportSummary | null;
}

/**
 * Replays the import-quarantined records; answers what was resolved and what still fails.
 *
 * @example
 * const summary = await runRetryFailed({ workspace, intercom, mappingPath: 'mapping.yaml' });
 * summary.resolved; // ['CASE-0003']
 */
export async function runRetryFailed(options: RunRetryFailedOptions): Promise<RetrySummary> {
  const { workspace } = options;
  const families = RETRIABLE_FAMILIES.map((f) => `'${f}'`).join(', ');
  const asideFamilies = RETRIABLE_FAMILIES.map((f) => `'${ASIDE}${f}'`).join(', ');
  // Rows a killed retry left aside go back first.
  await restoreAside(workspace, asideFamilies);

  const rows = await workspace.query<{ family: string; key: string }>(
    `SELECT DISTINCT family, key FROM quarantine WHERE family IN (${families}) AND key IS NOT NULL AND ${REPLAYABLE} ORDER BY family, key`);
  const retried: Record<string, number> = Object.fromEntries(RETRIABLE_FAMILIES.map((f) => [f, 0]));
  for (const row of rows) retried[row.family] += 1;
  const keys = new Set(rows.map((r) => r.key));
  if (keys.size === 0) return { runId: workspace.runId, retried, resolved: [], stillFailing: [], import: null };

  const intercom = options.intercom ?? (options.config ? createIntercomClient(options.config.intercom) : undefined);
  if (!intercom) throw new TypeError('runRetryFailed needs `intercom` (a client) or `config` (to build one)');

  await workspace.query(
    `INSERT INTO quarantine (id, family, key, dedupe_key, reason, payload, endpoint, run_id, quarantined_at)
     SELECT nextval('quarantine_id_seq'), '${ASIDE}' || family, key, dedupe_key, reason, payload, endpoint, run_id, quarantined_at
     FROM quarantine WHERE family IN (${families}) AND key IS NOT NULL AND ${REPLAYABLE} ON CONFLICT DO NOTHING`);
  await workspace.query(`DELETE FROM quarantine WHERE family IN (${families}) AND key IS NOT NULL AND ${REPLAYABLE}`);

  let summary: ImportSummary;
  try {
    summary = await runImport({
      workspace, intercom, mappingPath: options.mappingPath, config: options.config, chunkSize: options.chunkSize,
      onProgress: options.onProgress, now: options.now, onlyKeys: keys, transforms: options.transforms,
    });
  } catch (error) {
    await restoreAside(workspace, asideFamilies);
    throw error;
  }
  await workspace.query(`DELETE FROM quarantine WHERE family IN (${asideFamilies})`);

  const stillFailing = await workspace.query<StillFailing>(
    `SELECT family, key, reason FROM quarantine WHERE family IN (${families}) AND key IS NOT NULL AND ${REPLAYABLE} ORDER BY family, key, reason`);
  const failing = new Set(stillFailing.map((r) => `${r.family}\u0000${r.key}`));
  const resolved = rows.filter((r) => !failing.has(`${r.family}\u0000${r.key}`)).map((r) => r.key);
  return {
    runId: workspace.runId, retried, resolved,
    stillFailing: stillFailing.filter((r) => keys.has(r.key)),
    import: summary,
  };
}

/** Puts rows moved aside back in their family (a row the import wrote again wins). */
async function restoreAside(workspace: Workspace, asideFamilies: string): Promise<void> {
  await workspace.query(
    `INSERT INTO quarantine (id, family, key, dedupe_key, reason, payload, endpoint, run_id, quarantined_at)
     SELECT nextval('quarantine_id_seq'), substr(family, ${ASIDE.length + 1}), key, dedupe_key, reason, payload, endpoint, run_id, quarantined_at
     FROM quarantine WHERE family IN (${asideFamilies}) ON CONFLICT DO NOTHING`);
  await workspace.query(`DELETE FROM quarantine WHERE family IN (${asideFamilies})`);
}
