/**
 * Benchmark (not part of `npm test`): staged rows per second with the rate limits off,
 * against a bare DuckDB appender loop on the same rows. Exports the `medium` dataset's
 * customers, cases and conversations (no quotas on either side, no faults, downloads off)
 * and keeps the pages exactly as the export handed them to `writePage`. Then, each into a
 * fresh file on disk, timed up to and including closing the file (which merges the
 * write-ahead log, work a run does not escape):
 *
 * - `bareLoop`: the same rows (last per key; same keys, same payloads serialised the same
 *   way, same stamps and endpoints) into tables with the raw tables' columns, one appender
 *   per table, one flush: no pages, no checkpoints, no transactions of its own;
 * - `workspace`: the same pages through a fresh workspace's `writePage`, in the export's
 *   order and, as the export does, each awaited before the next (every family writes one
 *   page at a time: nothing for group commit to join);
 * - `workspacePipelined` (for reference): the same, but up to `PIPELINE_DEPTH` pages of a
 *   stream queued at once, as the export would write if its families let pages queue.
 *
 * Figures: `workspace` over `bareLoop` (target at least 0.5); `endToEnd`: rows over the
 * export's wall clock over `bareLoop`, which also holds what is not the workspace's (the
 * simulator serving the pages in the same process, HTTP, JSON parsing, schema validation,
 * and the 47 Analytics jobs that enumerate conversations, each a 20 ms job and a 30 ms
 * first poll). For reference: the same export with a workspace that discards the pages
 * (what end to end cannot beat, whatever the workspace does), and rows over the time
 * pages spent in `writePage` during the export (its CPU shared with all of that).
 *
 * @example
 * npx tsx scripts/bench/staging-rate.ts [SCALE] [SEED] [REPEAT]   # medium 1 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { rawTableDdl, rawTableName } from '../../pipeline/workspace/raw-table.ts';
import type { WorkspacePage } from '../../pipeline/workspace/workspace.ts';
import { benchExport, printTable, unionMs } from './bench-export.ts';

/** The families staged: the bulk of a migration's rows. */
export const STAGING_FAMILIES = ['customers', 'cases', 'conversations'] as const;
/** The target of the ratios. */
export const STAGING_TARGET = 0.5;
/** Pages of one stream queued at once in the pipelined replay. */
export const PIPELINE_DEPTH = 8;

const STAMP = { runId: 'bench-run', at: new Date() };

/** Milliseconds to append `pages`' rows with a bare loop into a fresh file, close included. */
async function bareLoop(pages: readonly WorkspacePage[]): Promise<{ ms: number; rows: number }> {
  // Last row per key per family, as the workspace keeps: the bare tables have the same primary key.
  const byFamily = new Map<string, Map<string, { endpoint: string; payload: unknown }>>();
  for (const page of pages) {
    const rows = byFamily.get(page.family) ?? new Map();
    byFamily.set(page.family, rows);
    for (const row of page.rows) {
      rows.delete(row.key);
      rows.set(row.key, { endpoint: page.endpoint, payload: row.payload });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'k2i-bare-'));
  try {
    const instance = await DuckDBInstance.create(join(dir, 'bare.duckdb'));
    const connection = await instance.connect();
    for (const family of byFamily.keys()) await connection.run(rawTableDdl(family));
    const at = STAMP.at.toISOString();
    const started = performance.now();
    for (const [family, rows] of byFamily) {
      const appender = await connection.createAppender(rawTableName(family));
      for (const [key, row] of rows) {
        appender.appendVarchar(key);
        appender.appendVarchar(STAMP.runId);
        appender.appendVarchar(at);
        appender.appendVarchar(row.endpoint);
        appender.appendVarchar(JSON.stringify(row.payload));
        appender.endRow();
      }
      appender.closeSync();
    }
    connection.closeSync();
    instance.closeSync();
    return { ms: performance.now() - started, rows: [...byFamily.values()].reduce((n, rows) => n + rows.size, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds to write `pages` through a fresh workspace, close included; `depth` pages of a stream at once. */
async function replay(pages: readonly WorkspacePage[], depth: number): Promise<{ ms: number; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'k2i-replay-'));
  try {
    const ws = await openWorkspace(join(dir, 'migration.duckdb'), { runId: STAMP.runId, stage: 'bench' });
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (const [i, page] of pages.entries()) {
      // A new stream starts once the one before it is done, as the export's families do.
      if (i > 0 && pages[i - 1].stream !== page.stream) await Promise.all(inFlight.splice(0));
      inFlight.push(ws.writePage(page));
      if (inFlight.length >= depth) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const counts = await ws.query<{ n: number }>(STAGING_FAMILIES.map((f) => `SELECT count(*) AS n FROM ${rawTableName(f)}`).join(' UNION ALL '));
    await ws.close();
    return { ms: performance.now() - started, rows: counts.reduce((n, c) => n + c.n, 0) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the export, the bare loop and the replays `repeat` times; answers the medians.
 *
 * @example
 * const report = await stagingRate({ scale: 'medium', repeat: 3 });
 * report.workspace.ratio; // workspace rows/s over bare-loop rows/s
 */
export async function stagingRate(options: { scale?: string; seed?: number; repeat?: number } = {}) {
  const { scale = 'medium', seed = 1, repeat = 3 } = options;
  const samples: { exportMs: number; noWritesMs: number; inExportWriteMs: number; bareMs: number; replayMs: number; pipelinedMs: number }[] = [];
  let shape = { rows: 0, pages: 0 };
  for (let r = 0; r < repeat; r++) {
    const run = await benchExport({ scale, seed, quotaScale: null, families: STAGING_FAMILIES, keepPages: true });
    const writes = run.writes.filter((w) => STAGING_FAMILIES.includes(w.family as never));
    const pages = writes.map((w) => w.page!);
    const staged = STAGING_FAMILIES.reduce((n, f) => n + (run.staged[f] ?? 0), 0);
    const bare = await bareLoop(pages);
    const sequential = await replay(pages, 1);
    const pipelined = await replay(pages, PIPELINE_DEPTH);
    const noWrites = await benchExport({ scale, seed, quotaScale: null, families: STAGING_FAMILIES, discardPages: true });
    for (const [what, n] of [['bare loop', bare.rows], ['replay', sequential.rows], ['pipelined replay', pipelined.rows]] as const) {
      if (n !== staged) throw new Error(`${what} holds ${n} rows, the export staged ${staged}`);
    }
    shape = { rows: staged, pages: pages.length };
    samples.push({
      exportMs: run.finishedAt - run.startedAt,
      noWritesMs: noWrites.finishedAt - noWrites.startedAt,
      inExportWriteMs: unionMs(writes.map((w) => [w.calledAt, w.settledAt] as const)),
      bareMs: bare.ms, replayMs: sequential.ms, pipelinedMs: pipelined.ms,
    });
  }
  const median = (pick: (s: (typeof samples)[number]) => number) => samples.map(pick).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  const perS = (ms: number) => Math.round(shape.rows / (ms / 1000));
  const bare = perS(median((s) => s.bareMs));
  const rates = {
    bareLoop: bare,
    workspace: perS(median((s) => s.replayMs)),
    workspacePipelined: perS(median((s) => s.pipelinedMs)),
    endToEnd: perS(median((s) => s.exportMs)),
    exportWithoutWrites: perS(median((s) => s.noWritesMs)),
    inExportWritePage: perS(median((s) => s.inExportWriteMs)),
  };
  // Paired: each repeat's ratio (measured back to back), then the median, so that load from
  // other processes weighs on both sides of each ratio.
  const ratioOf = (pick: (s: (typeof samples)[number]) => number) => round(median((s) => s.bareMs / pick(s)));
  const judged = (pick: (s: (typeof samples)[number]) => number) => {
    const ratio = ratioOf(pick);
    return { ratio, target: `>= ${STAGING_TARGET} x bare loop`, pass: ratio >= STAGING_TARGET };
  };
  return {
    scale, seed, repeat, families: STAGING_FAMILIES, ...shape, pipelineDepth: PIPELINE_DEPTH,
    medianMs: {
      bareLoop: Math.round(median((s) => s.bareMs)), workspace: Math.round(median((s) => s.replayMs)), workspacePipelined: Math.round(median((s) => s.pipelinedMs)),
      export: Math.round(median((s) => s.exportMs)), exportWithoutWrites: Math.round(median((s) => s.noWritesMs)),
      inExportWritePage: Math.round(median((s) => s.inExportWriteMs)),
    },
    rowsPerSecond: rates,
    workspace: judged((s) => s.replayMs),
    endToEnd: judged((s) => s.exportMs),
    reference: {
      workspacePipelined: ratioOf((s) => s.pipelinedMs),
      inExportWritePage: ratioOf((s) => s.inExportWriteMs),
      exportWithoutWrites: ratioOf((s) => s.noWritesMs),
    },
    samples: samples.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v)]))),
  };
}

/** Prints the staging table. */
export function printStaging(report: Awaited<ReturnType<typeof stagingRate>>): void {
  printTable(`Staging with limits off (${report.scale}: ${report.rows} rows of ${report.families.join(', ')} in ${report.pages} pages; medians of ${report.repeat})`, [
    { measure: 'bare appender loop', ms: report.medianMs.bareLoop, rows_per_s: report.rowsPerSecond.bareLoop, ratio: 1 },
    { measure: 'workspace: the pages, one at a time', ms: report.medianMs.workspace, rows_per_s: report.rowsPerSecond.workspace, ratio: report.workspace.ratio },
    { measure: `workspace: ${report.pipelineDepth} pages of a stream queued`, ms: report.medianMs.workspacePipelined, rows_per_s: report.rowsPerSecond.workspacePipelined, ratio: report.reference.workspacePipelined },
    { measure: 'end to end (export wall clock)', ms: report.medianMs.export, rows_per_s: report.rowsPerSecond.endToEnd, ratio: report.endToEnd.ratio },
    { measure: 'the same export, pages discarded', ms: report.medianMs.exportWithoutWrites, rows_per_s: report.rowsPerSecond.exportWithoutWrites, ratio: report.reference.exportWithoutWrites },
    { measure: 'writePage during the export', ms: report.medianMs.inExportWritePage, rows_per_s: report.rowsPerSecond.inExportWritePage, ratio: report.reference.inExportWritePage },
  ]);
}

function round(n: number): number {
  return Number(n.toFixed(3));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await stagingRate({ scale: process.argv[2] ?? 'medium', seed: Number(process.argv[3] ?? 1), repeat: Number(process.argv[4] ?? 3) });
  printStaging(report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
