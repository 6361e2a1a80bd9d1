/**
 * The discover stage: the migration's scope before anything is written to Intercom.
 * Khoros has no cheap count endpoints for the big families, so discover exports the
 * CHEAP families into the workspace (custom field declarations, agents, brands,
 * initiatives, campaigns, work queues, tags, automation rules, SLAs, teams: a handful of
 * requests, never wasted since the export skips done streams) and reports from the
 * workspace. The big families are counted when staged and otherwise reported "not
 * exported yet"; `full` runs the whole export first. Agents are matched to the Intercom
 * admins (read-only `GET /admins`).
 */
import type { Config } from './config.ts';
import { estimateFromScope } from './discover/estimate-from-scope.ts';
import type { IntercomAdminRef } from './discover/match-agents.ts';
import { readAgents, type AdminsRead } from './discover/read-agents.ts';
import { readAutomation } from './discover/read-automation.ts';
import { readCatalog } from './discover/read-catalog.ts';
import { readCustomFields } from './discover/read-custom-fields.ts';
import { readFamilyState } from './discover/read-family-state.ts';
import { readIntercomAdmins } from './discover/read-intercom-admins.ts';
import { readObjects } from './discover/read-objects.ts';
import { readQuality } from './discover/read-quality.ts';
import { readTimeSpan } from './discover/read-time-span.ts';
import type { DiscoverReport } from './discover/report.ts';
import type { DownloadLimits } from './export/store-download.ts';
import { runExport, type ExportEvent } from './export.ts';
import type { KhorosClientOptions } from './khoros/create-khoros-clients.ts';
import type { SourceOptions } from './khoros/sources/index.ts';
import type { Workspace } from './workspace/workspace.ts';

/** The families discover exports: one or a few requests each, whatever the instance's size. */
export const DISCOVER_FAMILIES: readonly string[] = Object.freeze([
  'custom_fields', 'agents', 'brands', 'initiatives', 'campaigns', 'work_queues', 'tags', 'automation_rules', 'slas', 'teams',
]);

/** Options of `runDiscover`. */
export interface DiscoverOptions {
  config: Config;
  workspace: Workspace;
  /** The workspace's path, for the report. @default config.workspace */
  workspacePath?: string;
  /** Run the whole export (downloads included) before reporting. @default false */
  full?: boolean;
  /** Khoros client options (quotas, quotaScale, signal). */
  clients?: KhorosClientOptions;
  /** Source options; `since` and `until` also bound the estimate's Analytics windows. */
  sources?: SourceOptions;
  /** With `full`: download limits, or false to skip downloads. @default the export's limits; false for an in-memory workspace */
  downloads?: Partial<DownloadLimits> | false;
  /** The export's progress events. */
  onProgress?: (event: ExportEvent) => void;
  /** Reads the Intercom admins. @default readIntercomAdmins */
  readAdmins?: (intercom: Config['intercom']) => Promise<IntercomAdminRef[]>;
  /** Clock for the report's stamp and the estimate's `until`. @default () => new Date() */
  now?: () => Date;
}

/**
 * Exports what discover needs (everything with `full`), reads the Intercom admins, and
 * builds the report from the workspace. An unreadable Intercom leaves the agents
 * unmatched and says why in `agents.intercomError`; a Khoros failure throws, as the
 * export does (rerunning resumes).
 *
 * @example
 * const workspace = await openWorkspace(config.workspace, { stage: 'discover' });
 * const report = await runDiscover({ config, workspace });
 * await writeDiscoverReport(report, defaultReportDir(config.workspace));
 */
export async function runDiscover(options: DiscoverOptions): Promise<DiscoverReport> {
  const { config, workspace, full = false } = options;
  const now = options.now ?? (() => new Date());
  // Read while the export runs: one request, and its failure must not stop the report.
  const admins: Promise<AdminsRead> = (options.readAdmins ?? readIntercomAdmins)(config.intercom).then(
    (list) => ({ admins: list }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  const downloads = full ? options.downloads ?? (workspace.filesDir ? undefined : false) : false;
  await runExport({
    config, workspace, families: full ? undefined : DISCOVER_FAMILIES,
    clients: options.clients, sources: options.sources, downloads, onProgress: options.onProgress,
  });

  const state = await readFamilyState(workspace);
  const objects = await readObjects(workspace, state);
  return {
    generatedAt: now().toISOString(),
    workspace: options.workspacePath ?? config.workspace,
    runId: workspace.runId,
    full,
    objects,
    customFields: await readCustomFields(workspace, state),
    catalog: await readCatalog(workspace, state),
    agents: await readAgents(workspace, state, await admins),
    timeSpan: await readTimeSpan(workspace),
    quality: await readQuality(workspace),
    estimate: estimateFromScope(objects, { since: options.sources?.since, until: options.sources?.until ?? now() }),
    automation: await readAutomation(workspace, state),
  };
}

export { defaultReportDir, writeDiscoverReport } from './discover/write-report.ts';
export { renderDiscoverMarkdown } from './discover/render-markdown.ts';
export { discoverSummary } from './discover/discover-summary.ts';
export type { DiscoverReport } from './discover/report.ts';
