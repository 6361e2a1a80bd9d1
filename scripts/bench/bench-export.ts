/**
 * The export the benchmarks measure: a generated dataset served by the Khoros simulator,
 * `runExport` into a fresh workspace file, and what both sides recorded (the client's
 * stats, the simulator's request log, the time each page spent in `writePage`). Shared
 * by `export-rate.ts`, `requests-per-record.ts` and `staging-rate.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../pipeline/config.ts';
import { runExport, type ExportSummary } from '../../pipeline/export.ts';
import { resolveQuotas, type QuotaName, type Quotas } from '../../pipeline/khoros/quotas.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Workspace, WorkspacePage } from '../../pipeline/workspace/workspace.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import type { LoggedRequest } from '../../simulators/khoros/request-log.ts';
import { startSimulators } from '../../simulators/start-simulators.ts';

/** The simulator's bucket of each client quota (the simulator spells `careOther` `care-other`). */
export const SIM_BUCKET: Record<QuotaName, string> = {
  care: 'care', careOther: 'care-other', analytics: 'analytics', community: 'community', marketing: 'marketing', crm: 'crm', files: 'files',
};

/** Where the conversations' Analytics windows start (the sources' `since`). */
export const SINCE = '2023-01-01T00:00:00Z';
/** The simulator's Analytics job duration, and the sources' wait before a job's first poll. */
export const ANALYTICS_JOB_MS = 20;
export const FIRST_POLL_MS = 30;

/** Options of `benchExport` (besides `keepPages`, which keeps each page in `writes`, and `discardPages`, which writes none). */
export interface BenchExportOptions {
  /** @default 'medium' */
  scale?: string;
  /** @default 1 */
  seed?: number;
  /** Both sides' quotas times this factor; `null` turns every quota off on both sides. */
  quotaScale: number | null;
  /** Only these families (default: all). */
  families?: readonly string[];
}

/** One page as `writePage` saw it: when it was called, when it settled, its rows. */
export interface TimedWrite {
  family: string;
  rows: number;
  calledAt: number;
  settledAt: number;
  /** The page itself, when `keepPages`. */
  page?: WorkspacePage;
}

/** What one benchmark export did and what was recorded on both sides. */
export interface BenchExport {
  scale: string;
  seed: number;
  quotaScale: number | null;
  /** The quotas the client paced by (the simulator enforced the same). */
  quotas: Quotas;
  summary: ExportSummary;
  /** The simulator's request log, oldest first (epoch ms arrival times). */
  log: LoggedRequest[];
  /** Epoch ms. */
  startedAt: number;
  finishedAt: number;
  /** Every `writePage` call, in call order (performance.now() ms). */
  writes: TimedWrite[];
  /** Sources' `until` (epoch ms): the end of the last Analytics window. */
  until: number;
  /** Rows per raw table and quarantined records per family, read back from the workspace. */
  staged: Record<string, number>;
  quarantined: Record<string, number>;
}

/**
 * Runs one export against a fresh simulator and workspace (deleted afterwards).
 *
 * @example
 * const run = await benchExport({ scale: 'medium', quotaScale: 10 });
 * run.summary.stats.rateLimited; // {} when the client's budget equals the server's
 */
export async function benchExport(options: BenchExportOptions & { keepPages?: boolean; discardPages?: boolean }): Promise<BenchExport> {
  const { scale = 'medium', seed = 1, quotaScale, families, keepPages = false, discardPages = false } = options;
  const dataset = generateDataset({ seed, scale });
  const off = quotaScale === null;
  const quotas = off ? (Object.fromEntries(Object.keys(SIM_BUCKET).map((q) => [q, null])) as Quotas) : resolveQuotas({}, quotaScale);
  const sims = await startSimulators({
    dataset,
    khoros: off
      ? { analyticsJobMs: ANALYTICS_JOB_MS, quotas: Object.fromEntries(Object.values(SIM_BUCKET).map((b) => [b, null])) }
      : { analyticsJobMs: ANALYTICS_JOB_MS, quotaScale },
  });
  const dir = mkdtempSync(join(tmpdir(), 'k2i-bench-'));
  try {
    const config = parseConfig({ ...sims.config, workspace: join(dir, 'migration.duckdb') }, {});
    const workspace = await openWorkspace(config.workspace, { stage: 'export', args: { bench: true, scale, quotaScale } });
    const writes: TimedWrite[] = [];
    // discardPages: a workspace that accepts pages and writes nothing (the export's own cost).
    const timed = timeWrites(discardPages ? { ...workspace, writePage: async () => undefined } : workspace, writes, keepPages);
    const until = Date.now();
    const startedAt = Date.now();
    let summary: ExportSummary;
    let finishedAt: number;
    try {
      summary = await runExport({
        config, workspace: timed, families,
        clients: off ? { quotas } : { quotaScale },
        sources: { since: SINCE, until, report: { firstPollMs: FIRST_POLL_MS } },
        downloads: false,
      });
      finishedAt = Date.now();
      await workspace.finishRun('succeeded');
    } catch (error) {
      await workspace.close();
      throw error;
    }
    const tables = await workspace.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'raw\\_%' ESCAPE '\\'");
    const staged: Record<string, number> = {};
    for (const { table_name: table } of tables) {
      const [{ n }] = await workspace.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
      staged[table.slice(4)] = n;
    }
    const quarantined = Object.fromEntries((await workspace.query<{ family: string; n: number }>('SELECT family, count(*) AS n FROM quarantine GROUP BY family')).map((r) => [r.family, r.n]));
    await workspace.close();
    return {
      scale, seed, quotaScale, quotas, summary: summary!, log: sims.khoros.requests.list(), startedAt, finishedAt, writes, until, staged, quarantined,
    };
  } finally {
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The workspace with each `writePage` timed from call to settlement (queue wait included). */
function timeWrites(workspace: Workspace, writes: TimedWrite[], keepPages: boolean): Workspace {
  return {
    ...workspace,
    runId: workspace.runId,
    filesDir: workspace.filesDir,
    writePage: async (page: WorkspacePage) => {
      const entry: TimedWrite = { family: page.family, rows: page.rows.length, calledAt: performance.now(), settledAt: NaN, ...(keepPages ? { page } : {}) };
      writes.push(entry);
      try {
        await workspace.writePage(page);
      } finally {
        entry.settledAt = performance.now();
      }
    },
  };
}

/**
 * Milliseconds covered by at least one of the intervals (overlaps counted once).
 *
 * @example
 * unionMs([[0, 10], [5, 20], [30, 31]]); // 21
 */
export function unionMs(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** Prints rows as an aligned text table (to stderr: stdout carries the JSON). */
export function printTable(title: string, rows: readonly Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(Number.isInteger(v) ? v : Number(v.toFixed(3))) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ');
  process.stderr.write(`\n${title}\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map((r) => line(columns.map((c) => cell(r[c])))).join('\n')}\n`);
}
