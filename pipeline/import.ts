/**
 * The `import` stage: writes the staged Khoros data to Intercom under the confirmed map, in
 * dependency order: contacts (author enrichment folded in), then conversations (cases, then
 * Care conversations) with every part in original order and time, their attributes, state,
 * assignment and tags. Every write goes through the ledger (intent before the request, done
 * with the Intercom id as it returns), so a run killed at any point and rerun settles what
 * was in flight (looked up in Intercom, never blindly resent) and continues, with nothing
 * doubled and nothing missing. Records Intercom refuses go to quarantine with the error
 * class; rate limits and outages stop the stage (exit 3: rerun to resume).
 *
 * Reconciliation runs in the flow, record by record, where the transformed record tells the
 * lookup what to look for (external id, contact and original time, part signature): every
 * `intent` row of a record is settled before anything new is sent for it. What is left in
 * flight at the end (records no longer staged) is listed in the summary.
 *
 * Memory: staged records are read in chunks by key; the run holds the small lookups (admins,
 * tags, names) and one chunk. The contacts matched in Intercom stay in a temporary table of
 * the workspace and are read per chunk, with the chunk's Care authors.
 */
import type { Config } from './config.ts';
import { createIntercomClient } from './intercom/create-intercom-client.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { requireConfirmedVersion } from './mapping/require-confirmed-map.ts';
import { CHUNK_SIZE } from './plan/staged-chunks.ts';
import { buildImportLookups } from './transform/build-import-lookups.ts';
import { readIntercomContacts } from './transform/read-intercom-contacts.ts';
import { readIntercomState } from './transform/read-intercom-state.ts';
import { importContacts } from './import/import-contacts.ts';
import { importConversations } from './import/import-conversations.ts';
import { importArticles } from './import/import-articles.ts';
import { emptyCounts, type ImportProgress, type StepCounts } from './import/import-context.ts';
import { importCustomizer, type ImportTransforms } from './import/import-transforms.ts';
import { inFlight } from './workspace/ledger.ts';
import { keepTransforms } from './import/keep-transforms.ts';
import { markPartialImport } from './import/partial-import.ts';
import type { Workspace } from './workspace/workspace.ts';

/** Records written side by side unless configured: enough to keep the client's in-flight ceiling busy. */
export const IMPORT_CONCURRENCY = 32;

/**
 * How long Intercom's search may lag behind a write unless configured: Intercom says the
 * delay "can take a few minutes"; three minutes is a guess on the safe side (a lookup that
 * misses waits this long before the write is sent again; other records go on meanwhile).
 */
export const SEARCH_LAG_SECONDS = 180;

export type { ImportProgress, StepCounts } from './import/import-context.ts';
export type { ImportTransforms, StagedSource } from './import/import-transforms.ts';

/** Options of `runImport`. */
export interface RunImportOptions {
  workspace: Workspace;
  /** The confirmed map file (the gate refuses an unconfirmed, edited or drifted one). */
  mappingPath: string;
  /** The configuration; needed only when `intercom` is not given. */
  config?: Config;
  /** The paced client. @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
  /** Staged records per chunk. @default config.import.chunkSize, else 500 */
  chunkSize?: number;
  /** Records written side by side. @default config.import.concurrency, else 32 */
  concurrency?: number;
  /** How long Intercom's search may lag behind a write (a search-backed lookup trusts a miss only after it). @default config.import.searchLagSeconds, else 180 */
  searchLagSeconds?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** @default () => new Date() */
  now?: () => Date;
  /** Import only the staged records with these keys (customers, cases, conversations); all when absent. */
  onlyKeys?: ReadonlySet<string>;
  /** Import the KB articles (`migrate --sample` leaves them out). @default true */
  articles?: boolean;
  /** External base URL where the files folder is published, for article images; unset: images are uploaded to Intercom. @default config.import.assetBaseUrl */
  assetBaseUrl?: string;
  /**
   * The pipeline author's own transforms of contacts and conversations, applied after the
   * map's and validated against the Intercom request schemas before anything is sent (a
   * record they break is quarantined). See `ImportTransforms`. @default none
   */
  transforms?: ImportTransforms;
}

/** What an import run did. */
export interface ImportSummary {
  runId: string;
  mapVersion: number;
  contacts: StepCounts;
  conversations: StepCounts;
  /** KB articles (images hosted: `writes`; links rewritten: `updated`). */
  articles: StepCounts;
  /** Writes still `intent` at the end (none after a complete run). */
  inFlight: number;
  intercomRequests: number;
}

/**
 * Runs the import; answers its summary.
 *
 * @example
 * const summary = await runImport({ workspace, mappingPath: 'mapping.yaml', config });
 * summary.contacts.created; // 17
 */
export async function runImport(options: RunImportOptions): Promise<ImportSummary> {
  const { workspace, mappingPath } = options;
  const { version, mapping } = await requireConfirmedVersion({ workspace, mappingPath, stage: 'import' });
  // Recorded before any write: a delta must not take a partial import for the migration,
  // nor an import without the author's transforms carry on a workspace written through them.
  await markPartialImport(workspace, options);
  await keepTransforms(workspace, options.transforms);
  const intercom = options.intercom ?? (options.config ? createIntercomClient(options.config.intercom) : undefined);
  if (!intercom) throw new TypeError('runImport needs `intercom` (a client) or `config` (to build one)');
  const requestsBefore = intercom.stats().requests;
  const now = Math.floor((options.now ?? (() => new Date()))().getTime() / 1000);
  const chunkSize = options.chunkSize ?? options.config?.import.chunkSize ?? CHUNK_SIZE;
  const concurrency = options.concurrency ?? options.config?.import.concurrency ?? IMPORT_CONCURRENCY;
  const assetBaseUrl = options.assetBaseUrl ?? options.config?.import.assetBaseUrl;
  const searchLagMs = 1000 * (options.searchLagSeconds ?? options.config?.import.searchLagSeconds ?? SEARCH_LAG_SECONDS);
  const base = { workspace, intercom, mapping, chunkSize, concurrency, searchLagMs, now, onProgress: options.onProgress, onlyKeys: options.onlyKeys,
    customize: importCustomizer(options.transforms ?? {}) };

  const state = await readIntercomState(intercom);
  const lookups = await buildImportLookups({ workspace, intercom, mapping, state, authors: 'none' });
  const existing = await readIntercomContacts({ workspace, intercom, mapping });
  let contacts: StepCounts;
  try {
    contacts = await importContacts({ ...base, lookups }, existing);
  } finally {
    await existing.release();
  }

  // The contacts as they now are (one more walk of GET /contacts: a listing, not a lagging search).
  const written = await readIntercomContacts({ workspace, intercom, mapping });
  let conversations: StepCounts;
  try {
    conversations = await importConversations({ ...base, lookups, contacts: written });
  } finally {
    await written.release();
  }
  const articles = options.articles === false ? emptyCounts() : await importArticles({ ...base, lookups, onProgress: undefined, onlyKeys: undefined }, { assetBaseUrl });

  return {
    runId: workspace.runId, mapVersion: version, contacts, conversations, articles,
    inFlight: (await inFlight(workspace)).length,
    intercomRequests: intercom.stats().requests - requestsBefore,
  };
}
