/**
 * The export stage: every Khoros object family into the workspace, in dependency order
 * (customers, custom fields, agents, cases, then the rest side by side, each at its own
 * API's pace), then the files the staged records point at. Every page lands with its
 * checkpoint, so a killed export rerun resumes where it stopped and stages each record
 * exactly once.
 */
import { concat, concatMap, defer, lastValueFrom, merge, defaultIfEmpty, ignoreElements } from 'rxjs';
import { loadKhorosSchemas } from '../schemas/khoros/load-khoros-schemas.ts';
import type { Config } from './config.ts';
import { ConfigError } from './errors.ts';
import { downloadFiles, type DownloadSummary } from './export/download-files.ts';
import { seedSeenCaseIds } from './export/seed-seen-case-ids.ts';
import { stageFamily, type StageContext } from './export/stage-family.ts';
import { DEFAULT_DOWNLOAD_LIMITS, type DownloadLimits } from './export/store-download.ts';
import { createKhorosClients, type KhorosClientOptions } from './khoros/create-khoros-clients.ts';
import type { KhorosClients } from './khoros/khoros-api.ts';
import { createPageGate, gateClients } from './export/page-gate.ts';
import { exportOrder, FIRST_PHASE, type SourceEntry, type SourceOptions } from './khoros/sources/index.ts';
import type { Workspace, WorkspacePage } from './workspace/workspace.ts';

/** Options of `runExport`. */
export interface ExportOptions {
  config: Config;
  workspace: Workspace;
  /** Only these families (default: all, in dependency order). */
  families?: readonly string[];
  /** Client options: quotas, quotaScale, retry overrides, signal. */
  clients?: KhorosClientOptions;
  /** Source options (since, until, page sizes); environment and companyId default from config. */
  sources?: SourceOptions;
  /** Download limits, or false to skip downloads. */
  downloads?: Partial<DownloadLimits> | false;
  /** Called after each page is durable and after each file. */
  onProgress?: (event: ExportEvent) => void;
}

/** A progress event. */
export type ExportEvent =
  | { type: 'page'; page: WorkspacePage; stats: ReturnType<KhorosClients['stats']> }
  | { type: 'file'; outcome: 'stored' | 'refused' }
  | { type: 'phase'; phase: string };

/** What an export did. */
export interface ExportSummary {
  records: Record<string, number>;
  quarantined: Record<string, number>;
  files: DownloadSummary | null;
  stats: ReturnType<KhorosClients['stats']>;
}

/**
 * Runs the export into an open workspace.
 *
 * @example
 * const workspace = await openWorkspace(config.workspace);
 * const summary = await runExport({ config, workspace });
 * await workspace.finishRun('succeeded');
 */
export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const { config, workspace } = options;
  const entries = pick(options.families);
  const clients = createKhorosClients(config.khoros, options.clients);
  const summary: ExportSummary = { records: {}, quarantined: {}, files: null, stats: clients.stats() };
  const gate = createPageGate();
  const context: StageContext = {
    clients: gateClients(clients, gate),
    gate,
    workspace,
    validatorFor: loadKhorosSchemas(),
    sourceOptions: { environment: config.khoros.environment, companyId: config.khoros.companyId, ...options.sources },
    checkpoints: await workspace.checkpoints(),
    seenCaseIds: await seedSeenCaseIds(workspace),
    onPage: (page) => {
      count(summary.records, page.family, page.rows.length);
      count(summary.quarantined, page.family, page.quarantined.length);
      options.onProgress?.({ type: 'page', page, stats: clients.stats() });
    },
  };
  const first = entries.filter((e) => FIRST_PHASE.includes(e.family));
  const rest = entries.filter((e) => !FIRST_PHASE.includes(e.family));
  options.onProgress?.({ type: 'phase', phase: 'records' });
  await lastValueFrom(
    concat(
      ...first.map((e) => stageFamily(e, context)),
      // The rest reference only what is staged by now; each family waits on its own quota.
      defer(async () => {
        if (rest.some((e) => e.family === 'campaigns') && !context.sourceOptions.initiativeIds) {
          const staged = await workspace.query<{ key: string }>('SELECT key FROM raw_initiatives ORDER BY key').catch(() => []);
          if (staged.length) context.sourceOptions = { ...context.sourceOptions, initiativeIds: staged.map((r) => r.key) };
        }
      }).pipe(concatMap(() => merge(...rest.map((e) => stageFamily(e, context))))),
    ).pipe(ignoreElements(), defaultIfEmpty(undefined)),
  );
  if (options.downloads !== false) {
    options.onProgress?.({ type: 'phase', phase: 'files' });
    summary.files = await downloadFiles(clients, workspace, {
      limits: { ...DEFAULT_DOWNLOAD_LIMITS, ...(options.downloads ?? {}) },
      onFile: (outcome) => options.onProgress?.({ type: 'file', outcome }),
    });
  }
  summary.stats = clients.stats();
  return summary;
}

function pick(families: readonly string[] | undefined): SourceEntry[] {
  if (!families) return [...exportOrder];
  const known = new Set(exportOrder.map((e) => e.family));
  const unknown = families.filter((f) => !known.has(f));
  if (unknown.length) throw new ConfigError(`--only: unknown famil${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}; known are ${[...known].join(', ')}`);
  return exportOrder.filter((e) => families.includes(e.family));
}

function count(counts: Record<string, number>, family: string, n: number): void {
  counts[family] = (counts[family] ?? 0) + n;
}
