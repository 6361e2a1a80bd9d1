/**
 * The `verify` stage: reads back from Intercom what the write ledger says the migration
 * wrote, and compares it with what the confirmed map says should be there (the transforms
 * run again on the staged records). Contacts by id, conversations by id with their parts,
 * articles by id, and the tags, attributes and collections provision created from their
 * listings go into `readback_*` tables; every difference goes to `verify_findings`, the
 * per-object counts (source, staged, quarantined, planned, written, read back) to
 * `verify_counts`, the per-field tallies to `verify_field_stats`. The reconciliation views
 * (`reconciliation_summary`, `field_mismatches`, `missing_in_intercom`,
 * `unexpected_in_intercom`, `field_match_rates`, `conversation_part_counts`) show the latest
 * run. The totals are held against the configured thresholds; the result says pass or fail
 * per threshold, and the reports (JSON, Markdown, one HTML page) are written beside the
 * workspace.
 *
 * `sample` checks the hardest records (`verify/select-sample.ts`, seeded); `full` checks
 * everything. Staged records are read in chunks and Intercom side by side (`concurrency`),
 * paced by the client: memory holds a chunk, the run's lookups and the findings' keys.
 *
 * Intercom requests: 7 for the state (more past 150 collections), `ceil(articles / 250)`
 * for the article URLs, then one per contact, conversation and article checked.
 */
import { VERIFY_DEFAULTS, type Config, type VerifyConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { createIntercomClient } from './intercom/create-intercom-client.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { requireConfirmedVersion } from './mapping/require-confirmed-map.ts';
import { CHUNK_SIZE } from './plan/staged-chunks.ts';
import { buildImportLookups } from './transform/build-import-lookups.ts';
import { readIntercomState } from './transform/read-intercom-state.ts';
import { evaluateThresholds } from './verify/evaluate-thresholds.ts';
import { insertRows } from './verify/insert-rows.ts';
import { DEFAULT_SEED, selectSample } from './verify/select-sample.ts';
import { verifyArticles } from './verify/verify-articles.ts';
import { verifyContacts } from './verify/verify-contacts.ts';
import { verifyConversations } from './verify/verify-conversations.ts';
import { verifyRecorder, type VerifyRecorder } from './verify/verify-recorder.ts';
import { verifySetup } from './verify/verify-setup.ts';
import type { ObjectCounts, VerifyContext, VerifyMode, VerifyResult } from './verify/verify-types.ts';
import { reportDir, writeReports } from './verify/write-reports.ts';
import { MISSING_KINDS, UNEXPECTED_KINDS } from './workspace/reconciliation-views.ts';
import type { Workspace } from './workspace/workspace.ts';

export type { VerifyMode, VerifyResult, ObjectCounts, Finding, ThresholdVerdict } from './verify/verify-types.ts';

/** Options of `runVerify`. */
export interface RunVerifyOptions {
  workspace: Workspace;
  /** The confirmed map file (the gate refuses an unconfirmed, edited or drifted one). */
  mappingPath: string;
  /** `sample`: the hardest records, seeded; `full`: everything. */
  mode: VerifyMode;
  /** The sample's seed. @default DEFAULT_SEED (1) */
  seed?: number;
  /**
   * Sample mode: check exactly these records (family → keys; a family left out is not
   * checked) instead of choosing them: `migrate --sample` checks what it wrote, all of it.
   * @default the hardest written records, chosen by `selectSample`
   */
  records?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The configuration (thresholds, sample sizes, chunk size); needed when `intercom` is not given. */
  config?: Config;
  /** The paced client. @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
  /** Thresholds and sizes over the config's. @default config.verify, else VERIFY_DEFAULTS */
  verify?: Partial<VerifyConfig>;
  /** Where the reports go; null: not written. @default `<workspace>.verify/` when `workspacePath` is given, else not written */
  outDir?: string | null;
  /** The workspace file (for the default report folder). */
  workspacePath?: string;
  /** Staged records per chunk. @default config.import.chunkSize, else 500 */
  chunkSize?: number;
  onProgress?: (step: string, counts: ObjectCounts) => void;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Runs verify; answers the result (`pass` false when a threshold is not met). Throws the
 * gate's `MappingError` without a confirmed map, `ConfigError` for a bad option.
 *
 * @example
 * const result = await runVerify({ workspace, mappingPath: 'mapping.yaml', mode: 'full', config });
 * result.pass; // true
 */
export async function runVerify(options: RunVerifyOptions): Promise<VerifyResult> {
  const { workspace, mappingPath, mode } = options;
  if (mode !== 'sample' && mode !== 'full') throw new ConfigError(`mode: expected sample or full, got ${JSON.stringify(mode)}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError(`--seed ${seed}: expected a whole number ≥ 0`);
  const now = options.now ?? (() => new Date());
  const started = now();
  const settings: VerifyConfig = { ...VERIFY_DEFAULTS, ...options.config?.verify, ...options.verify };
  const { version, mapping } = await requireConfirmedVersion({ workspace, mappingPath, stage: 'verify' });
  const intercom = options.intercom ?? (options.config ? createIntercomClient(options.config.intercom) : undefined);
  if (!intercom) throw new TypeError('runVerify needs `intercom` (a client) or `config` (to build one)');
  const requestsBefore = intercom.stats().requests;
  const runId = workspace.runId;
  await workspace.query(`INSERT INTO verify_runs (run_id, mode, seed, map_version, started_at, status) VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, 'running')`,
    [runId, mode, seed, version, started.toISOString()]);
  try {
    const state = await readIntercomState(intercom);
    // Contacts come from the ledger per chunk (what import wrote), not from a walk of Intercom as it is now.
    const lookups = await buildImportLookups({ workspace, intercom, mapping, state, authors: 'none' });
    const sample = mode !== 'sample' ? null
      : options.records ? { keys: new Map(['cases', 'conversations', 'customers', 'kb_articles'].map((f) => [f, new Set(options.records!.get(f) ?? [])])) }
        : await selectSample(workspace, { seed, conversations: settings.sampleConversations, contacts: settings.sampleContacts });
    const recorder = verifyRecorder(workspace, runId);
    const context: VerifyContext = {
      workspace, intercom, mapping, lookups, recorder,
      chunkSize: options.chunkSize ?? options.config?.import.chunkSize ?? CHUNK_SIZE,
      concurrency: settings.concurrency,
      now: Math.floor(started.getTime() / 1000),
      selection: sample?.keys ?? null,
    };
    const counts: ObjectCounts[] = [];
    const step = (name: string, c: ObjectCounts) => { counts.push(c); options.onProgress?.(name, c); };
    for (const c of await verifySetup(context, state)) step('setup', c);
    step('contacts', await verifyContacts(context));
    const conversations = await verifyConversations(context);
    step('conversations', conversations.conversations);
    step('conversation parts', conversations.parts);
    const articles = await verifyArticles(context);
    step('articles', articles.articles);
    await recorder.flush();

    const fieldStats = recorder.fieldStats().sort((a, b) => a.objectType.localeCompare(b.objectType) || a.field.localeCompare(b.field));
    const fieldChecks = fieldStats.reduce((n, f) => n + f.checked, 0);
    const fieldMismatches = fieldStats.reduce((n, f) => n + f.mismatched, 0);
    const findings = recorder.findings();
    const totals = {
      missing: countKinds(recorder, counts, MISSING_KINDS),
      unexpected: countKinds(recorder, counts, UNEXPECTED_KINDS),
      fieldChecks, fieldMismatches,
      fieldMismatchRate: fieldChecks === 0 ? 0 : fieldMismatches / fieldChecks,
      partCountMismatches: conversations.partCountMismatches,
    };
    const thresholds = evaluateThresholds(totals, settings);
    const notes = [
      ...(conversations.partsBeyondWindow ? [`${conversations.partsBeyondWindow} written parts are older than the 500 Intercom answers per conversation: counted (part counts), not compared one by one.`] : []),
      ...(articles.knownGaps.imagesNeverStaged ? [`${articles.knownGaps.imagesNeverStaged} article images were never staged (export without downloads?): they still point at Khoros, as the map says.`] : []),
      ...(articles.knownGaps.linksToUnmigratedArticles ? [`${articles.knownGaps.linksToUnmigratedArticles} article links point at Khoros articles that were not migrated: left as they were.`] : []),
    ];
    const result: VerifyResult = {
      runId, mode, seed, mapVersion: version, startedAt: started.toISOString(), finishedAt: now().toISOString(),
      pass: thresholds.every((t) => t.pass), thresholds, counts, fieldStats, totals,
      sample: sample ? Object.fromEntries([...sample.keys].map(([family, keys]) => [family, [...keys].sort()])) : null,
      findings: findings.first, findingCount: findings.count, notes,
      intercomRequests: intercom.stats().requests - requestsBefore, reports: null,
    };
    await insertRows(workspace, 'verify_counts', ['run_id', 'object_type', 'source', 'staged', 'quarantined', 'planned', 'written', 'checked', 'read_back', 'missing', 'unexpected', 'with_mismatches'].map((name) => ({ name })),
      counts.map((c) => [runId, c.objectType, c.source, c.staged, c.quarantined, c.planned, c.written, c.checked, c.readBack, c.missing, c.unexpected, c.withMismatches]));
    await insertRows(workspace, 'verify_field_stats', ['run_id', 'object_type', 'field', 'checked', 'mismatched'].map((name) => ({ name })),
      fieldStats.map((f) => [runId, f.objectType, f.field, f.checked, f.mismatched]));
    const outDir = options.outDir === undefined ? (options.workspacePath ? reportDir(options.workspacePath) : null) : options.outDir;
    if (outDir) result.reports = await writeReports(result, outDir);
    await workspace.query(`UPDATE verify_runs SET status = $2, finished_at = $3::TIMESTAMPTZ, result = $4::JSON WHERE run_id = $1`,
      [runId, result.pass ? 'pass' : 'fail', result.finishedAt, JSON.stringify(result)]);
    return result;
  } catch (error) {
    await workspace.query(`UPDATE verify_runs SET status = 'error', finished_at = $2::TIMESTAMPTZ WHERE run_id = $1`, [runId, now().toISOString()]).catch(() => {});
    throw error;
  }
}

/** Findings of the missing (or unexpected) kinds over every object type: what the views list. */
function countKinds(recorder: VerifyRecorder, counts: readonly ObjectCounts[], kinds: readonly string[]): number {
  return counts.reduce((n, c) => n + recorder.countBy(c.objectType, kinds), 0);
}
