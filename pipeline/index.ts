/**
 * The library for pipeline authors: everything a data engineer composes a migration
 * pipeline from, in one import. The CLI is built from the same pieces; `scripts/examples/`
 * holds runnable pipelines written only against this entry.
 *
 * The pieces, in the order data flows through them:
 *
 * 1. **Configuration**: `loadConfig` validates the config file once and resolves secrets
 *    from the environment you pass; every other piece takes its slice of it.
 * 2. **Sources**: `createKhorosClients` (one throttle per Khoros quota) and one source per
 *    object family. A source is `(clients, resumeFrom) => Observable<SourcePage>`: cold
 *    (nothing is requested until you subscribe), paginated at its API's pace, one page at a
 *    time as fast as you drain it; each page carries the checkpoint that resumes after it.
 * 3. **Operators**: pipeable RxJS operators: `validateRecords` (Khoros schemas, every record
 *    valid or quarantined with a reason), `normalizeCaseIds`, `toIntercomRequests` (a
 *    transform plus the Intercom request schemas).
 * 4. **Transforms**: the confirmed map's pure record → Intercom requests functions, and
 *    helpers for bodies (`htmlToText`, `htmlToMarkdown`, `khorosUrl`).
 * 5. **Workspace**: the DuckDB file every stage reads and writes (`openWorkspace`,
 *    `withRun`), its staged records (`stagedChunks`) and its write ledger (`ledgered`).
 * 6. **Sinks**: into the workspace, `stageFamily` (source → validate → page writes with
 *    checkpoints); into Intercom, `createIntercomClient` (paced by Intercom's rate-limit
 *    headers) and `runImport`, whose `transforms` option is the seam for your own transform
 *    between the map's transform and the validated, ledgered write.
 * 7. **Stages**: the CLI's commands as functions (`runExport`, `runMapPropose`,
 *    `confirmMap`, `runProvision`, `runImport`, `runVerify`, `runDelta`, `runRollback`,
 *    `runMigrate`, ...), each taking an open workspace (wrap it in `withRun`).
 * 8. **Errors**: one root, `MigrationError`, with subclasses by what the runner should do.
 *
 * @example
 * import { loadConfig, runExport, runImport, withRun } from './pipeline/index.ts';
 * const config = await loadConfig('sim.config.json', process.env);
 * await withRun(config.workspace, 'export', {}, (workspace) => runExport({ config, workspace }));
 * await withRun(config.workspace, 'import', {}, (workspace) => runImport({ workspace, config, mappingPath: 'mapping.yaml' }));
 * // Under the config's DuckDB settings (`duckdb.memoryLimit`, `duckdb.threads`), as the CLI runs its stages:
 * await withRun(config.workspace, 'export', {}, (workspace) => runExport({ config, workspace }), undefined, config.duckdb);
 */

// ── 1. Configuration ─────────────────────────────────────────────────────────────────────
/**
 * @example
 * const config = await loadConfig('sim.config.json', process.env); // a ConfigError lists every problem at once
 */
export { loadConfig, parseConfig, VERIFY_DEFAULTS, type Config, type ConfigFile, type VerifyConfig } from './config.ts';

// ── 2. Sources (Khoros) ──────────────────────────────────────────────────────────────────
/**
 * Cold, paginated, resumable: subscribe to start, unsubscribe to stop; `new Map()` starts
 * from the beginning, `await workspace.checkpoints()` resumes an export.
 *
 * @example
 * const clients = createKhorosClients(config.khoros);
 * kbArticlesSource()(clients, new Map()).pipe(
 *   validateRecords(loadKhorosSchemas(), keyOf),
 *   mergeMap((page) => page.valid),
 * ).subscribe(({ key, payload }) => console.log(key, payload.subject));
 */
export { createKhorosClients, type KhorosClientOptions } from './khoros/create-khoros-clients.ts';
export type { KhorosApi, KhorosClients, KhorosRequestOptions, RequestStats } from './khoros/khoros-api.ts';
export type { Source, SourcePage, StreamCheckpoint } from './khoros/source-page.ts';
export { exportOrder, FIRST_PHASE, KEYS, keyOf, downloadJobsOf, type DownloadJob, type SourceEntry, type SourceOptions } from './khoros/sources/index.ts';
export { DEFAULT_PAGE_SIZES, DEFAULT_SINCE, type PageSizes, type ReportOptions } from './khoros/sources/source-options.ts';
export { customersSource } from './khoros/sources/customers.ts';
export { customFieldsSource } from './khoros/sources/custom-fields.ts';
export { agentsSource } from './khoros/sources/agents.ts';
export { authorsSource } from './khoros/sources/authors.ts';
export { casesSource } from './khoros/sources/cases.ts';
export { conversationsSource, type ConversationsOptions } from './khoros/sources/conversations.ts';
export { initiativesSource } from './khoros/sources/initiatives.ts';
export { campaignsSource } from './khoros/sources/campaigns.ts';
export { brandsSource, tagsSource, teamsSource, workQueuesSource, automationRulesSource, slasSource } from './khoros/sources/directory.ts';
export { kbCategoriesSource, kbBoardsSource, kbArticlesSource, kbImagesSource } from './khoros/sources/kb.ts';
export { loadKhorosSchemas, KHOROS_FAMILY_SCHEMAS } from '../schemas/khoros/load-khoros-schemas.ts';

// ── 3. Operators ─────────────────────────────────────────────────────────────────────────
/**
 * Pipeable, one per file, pure; nothing is dropped: a record a check refuses is in the
 * page's `quarantined` list (or the result's `invalid` list) with the reason.
 *
 * @example
 * casesSource()(clients, new Map()).pipe(
 *   validateRecords(loadKhorosSchemas(), keyOf),
 *   normalizeCaseIds({ seen: new Map(), onCollision: (c) => console.error(c) }),
 * );
 */
export { validateRecords } from '../operators/validate-records.ts';
export type { ValidatedPage, ValidRecord, QuarantinedRecord } from '../operators/validated-page.ts';
export { normalizeCaseIds, type NormalizeCaseIdsOptions, type SeenCaseIds } from '../operators/normalize-case-ids.ts';
export { parseCaseId, type ParsedCaseId } from '../operators/parse-case-id.ts';
export { findRecordHazard } from '../operators/find-record-hazard.ts';
export { renderAjvErrors } from '../operators/render-ajv-errors.ts';
export { toIntercomRequests, type CheckedTransform } from '../operators/to-intercom-requests.ts';

// ── 4. Transforms ────────────────────────────────────────────────────────────────────────
/**
 * The map's transforms are pure and never throw on odd data (what they cannot write they
 * queue, with the reason); the body helpers work on any HTML.
 *
 * @example
 * htmlToMarkdown('<p>See <strong>Settings</strong></p>'); // 'See **Settings**'
 * checkRequests(result, loadIntercomSchemas());            // [] when every request body is valid
 */
export { transformContact, type TransformedContact } from './transform/transform-contact.ts';
export { transformCase } from './transform/transform-case.ts';
export { transformConversation } from './transform/transform-conversation.ts';
export { transformArticle, type TransformedArticle } from './transform/transform-article.ts';
export type { TransformedConversation, PlannedPart } from './transform/build-conversation.ts';
export type { TransformContext } from './transform/transform-context.ts';
export type { Finding, QueueEntry, QuarantinedField, SourceRef } from './transform/findings.ts';
export type * from './transform/payload-types.ts';
export { plannedRequests, type PlannedRequest, type TransformResult } from './transform/planned-requests.ts';
export { checkRequests, type InvalidRequest } from './transform/check-requests.ts';
export { loadIntercomSchemas } from '../schemas/intercom/load-intercom-schemas.ts';
export { htmlToText } from './transform/html-to-text.ts';
export { htmlToMarkdown } from './transform/html-to-markdown.ts';
export { sanitizeIntercomHtml, type UrlRewriters } from './transform/sanitize-intercom-html.ts';
export { khorosUrl, type KhorosUrl } from './transform/khoros-urls.ts';

// ── 5. Workspace ─────────────────────────────────────────────────────────────────────────
/**
 * One DuckDB file per migration; every stage runs as a run of it (`withRun`), so it can stop
 * and resume. Staged records read back in chunks by key make a workspace source.
 *
 * @example
 * await withRun('migration.duckdb', 'report', {}, async (workspace) => {
 *   for await (const chunk of stagedChunks<Case>(workspace, 'cases')) console.log(chunk.length);
 *   return workspace.query('SELECT family, count(*) AS n FROM quarantine GROUP BY family');
 * });
 */
export { openWorkspace, type OpenWorkspaceOptions } from './workspace/open-workspace.ts';
export { withRun } from './workspace/with-run.ts';
export { DEFAULT_WORKSPACE_PATH, type Workspace, type WorkspacePage, type RunStatus, type QueryParam } from './workspace/workspace.ts';
export { stagedChunks, CHUNK_SIZE, type StagedRecord } from './plan/staged-chunks.ts';
export { ledgered, inFlight, lastWrite, type LedgerEntry, type LedgeredWrite, type LedgerOperation, type LedgerStatus } from './workspace/ledger.ts';
export type { Dataset, Customer, Case, Interaction, Conversation, Message, KbArticle } from '../simulators/dataset/types.ts';

// ── 6. Sinks ─────────────────────────────────────────────────────────────────────────────
/**
 * Into the workspace: `stageFamily` is a source's whole export path (validate, normalize,
 * write each page with its checkpoint). Into Intercom: the paced client for any request,
 * `ledgered` for a write of your own that rollback can undo, and `runImport` for the staged
 * records under the confirmed map, with `transforms` as your seam before the validated write.
 *
 * @example
 * // Only one case and its customer, each conversation tagged "vip" when its case is priority 1.
 * const intercom = createIntercomClient(config.intercom);
 * await runImport({ workspace, intercom, mappingPath: 'mapping.yaml', onlyKeys: new Set(['00010002', 'C0000001']),
 *   transforms: {
 *     conversation: (result, source) => ((source.payload as Case).priority === 1
 *       ? { ...result, tags: [...result.tags, { name: 'vip', request: { id: vipTagId, admin_id: adminId } }] } : result),
 *   } });
 */
export { stageFamily, type StageContext } from './export/stage-family.ts';
export { toWorkspacePage } from './export/to-workspace-page.ts';
export { createIntercomClient, type IntercomClientOptions } from './intercom/create-intercom-client.ts';
export type { IntercomClient, IntercomMethod, IntercomRequestOptions, IntercomStats } from './intercom/intercom-api.ts';
export { paginateCursor, paginatePages, paginateSearch } from './intercom/paginate.ts';
export { importCustomizer, type ImportTransforms, type StagedSource, type ImportCustomizer } from './import/import-transforms.ts';

// ── 7. Stages ────────────────────────────────────────────────────────────────────────────
/**
 * Each stage takes an open workspace (its run) and answers its summary; `runMigrate` runs
 * them all, each as its own run.
 *
 * @example
 * const path = 'migration.duckdb';
 * await withRun(path, 'export', {}, (workspace) => runExport({ config, workspace }));
 * await withRun(path, 'map-propose', {}, async (workspace) =>
 *   runMapPropose({ workspace, intercom: await readProposalCatalog(config.intercom), out: 'mapping.yaml' }));
 * // A person reviews mapping.yaml, then:
 * await withRun(path, 'map-confirm', {}, async (workspace) =>
 *   confirmMap({ workspace, mappingPath: 'mapping.yaml', intercom: await readIntercomCatalog(config.intercom), by: 'jane' }));
 */
export { runDiscover, type DiscoverOptions, type DiscoverReport } from './discover.ts';
export { runExport, type ExportOptions, type ExportEvent, type ExportSummary } from './export.ts';
export { runMapPropose, type RunMapProposeOptions, type MapProposal } from './mapping/run-map-propose.ts';
export { readProposalCatalog } from './mapping/read-intercom-catalog.ts';
export { readIntercomCatalog } from './mapping/confirm-read-catalog.ts';
export { confirmMap, type ConfirmMapOptions } from './mapping/confirm-map.ts';
export { requireConfirmedVersion, requireConfirmedMap } from './mapping/require-confirmed-map.ts';
export type { ConfirmedMapVersion } from './mapping/mapping-versions.ts';
export { readMapping, parseMapping } from './mapping/read-mapping.ts';
export type { Mapping, MappingPolicies } from './mapping/mapping.ts';
export { runPlan, type RunPlanOptions, type PlanSummary } from './plan.ts';
export { runProvision, type RunProvisionOptions, type ProvisionReport } from './provision.ts';
export { runImport, IMPORT_CONCURRENCY, type RunImportOptions, type ImportSummary, type ImportProgress, type StepCounts } from './import.ts';
export { runRetryFailed, type RunRetryFailedOptions, type RetrySummary } from './retry-failed.ts';
export { runVerify, type RunVerifyOptions, type VerifyResult, type VerifyMode } from './verify.ts';
export { runDelta, type DeltaOptions, type DeltaSummary } from './delta.ts';
export { runCutover, type CutoverOptions, type CutoverResult } from './cutover.ts';
export { runRollback, type RunRollbackOptions, type RollbackSummary } from './rollback.ts';
export { runMigrate, renderMigrateSummary, type RunMigrateOptions, type MigrateResult, type MigrateEvent } from './migrate.ts';

// ── 8. Errors ────────────────────────────────────────────────────────────────────────────
/**
 * Grouped by what the runner should do: `ConfigError` (fix the input), `RetriableError`
 * (rerun: it resumes), `FatalError` (stop), and the request errors beneath them.
 *
 * @example
 * try { await runImport(options); } catch (error) { if (error instanceof RetriableError) console.error('rerun to resume'); else throw error; }
 */
export {
  MigrationError, ConfigError, RetriableError, FatalError, MappingError, KhorosRequestError, RateLimitError, TransientError,
  MalformedResponseError, HostNotAllowedError, IntercomRequestError, IntercomRateLimitError, IntercomUnavailableError,
  IntercomWriteUncertainError, IntercomPaginationError,
} from './errors.ts';
