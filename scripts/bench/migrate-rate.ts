/**
 * Benchmark (not part of `npm test`): the whole migration (`runMigrate`: export, propose,
 * confirm, provision, import) against both simulators, Intercom with a log-normal latency
 * (median 150 ms, p99 800 ms) and a per-minute quota small enough that its budget is the
 * bottleneck, Khoros's quotas raised (times `KHOROS_SCALE`).
 *
 * Figures:
 * - `requestsPerRecord`: Intercom requests (accepted, all stages after export) per migrated
 *   record, against the minimum: one create per contact; per conversation one create, one
 *   request per part (replies, notes, assignment and state parts), one update, one per tag:
 *   exactly the ledger's done writes (reads: state, contact listings, lookups are overhead);
 * - `achievedOverQuota`: Intercom requests the simulator accepted during the import, per
 *   minute, over its quota (target at least 0.9);
 * - `wallOverLowerBound`: the migration's wall time over the lower bound both rate limits
 *   set: the export's (per Khoros bucket, requests ÷ its rate; the buckets run at once, so
 *   the slowest) plus Intercom's (requests ÷ its rate), as export and import run in
 *   sequence (target at most 1.1);
 * - `peakRss`: peak RSS of the migration through import (limits and latency off; without
 *   the verify stage `migrate` runs afterwards, whose memory is issue 7's) on `medium` over `small`,
 *   each in a child process of its own, the simulators in another (`sim-child.ts`), as a
 *   real run's are remote (target under 1.5).
 *
 * @example
 * npx tsx scripts/bench/migrate-rate.ts [SCALE] [INTERCOM_PER_MINUTE] [KHOROS_SCALE] [--no-rss]   # tiny 300 50
 * npx tsx scripts/bench/migrate-rate.ts --rss-child small [--no-verify] [--memory-limit 256MB] [--threads 1]   # one RSS run; prints {scale, maxRssMb, seconds}
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type ConfigFile } from '../../pipeline/config.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { resolveQuotas, type QuotaName } from '../../pipeline/khoros/quotas.ts';
import { runMigrate, type MigrateStage } from '../../pipeline/migrate.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { FIRST_POLL_MS, SIM_BUCKET, SINCE, printTable } from './bench-export.ts';
import { rssChild } from './rss-child.ts';
import { LATENCY, spawnSimChild, startBenchSimulators, type BenchSimLimits } from './sim-child.ts';

export const RATE_TARGET = 0.9;
export const WALL_TARGET = 1.1;
export const RSS_TARGET = 1.5;
/** Each RSS child's limit (medium, limits off, takes minutes on a 2-core machine). */
const RSS_TIMEOUT_MS = 900_000;

/** A benchmark migration's options: the simulators' limits, verify or not, the stage trace, the workspace's DuckDB settings (the config's `duckdb`). */
type BenchRunOptions = BenchSimLimits & { verify?: boolean; trace?: boolean; duckdb?: ConfigFile['duckdb'] };

/** `runMigrate` against simulators reached by `simsConfig`, into a fresh directory that `use` may read before it goes. */
async function benchMigrate<T>(simsConfig: ConfigFile, options: BenchRunOptions, use: (run: Awaited<ReturnType<typeof runBenchMigrate>>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'k2i-migrate-bench-'));
  try {
    return await use(await runBenchMigrate(simsConfig, options, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `runMigrate` call itself (quotas per `limits`, map auto-confirmed, no downloads), when each stage started. */
async function runBenchMigrate(simsConfig: ConfigFile, options: BenchRunOptions, dir: string) {
  const { limits } = options;
  const config = parseConfig({ ...simsConfig, workspace: join(dir, 'migration.duckdb'), ...(options.duckdb ? { duckdb: options.duckdb } : {}) }, {});
  const quotas = limits ? resolveQuotas({}, options.khorosScale) : (Object.fromEntries(Object.keys(SIM_BUCKET).map((q) => [q, null])) as ReturnType<typeof resolveQuotas>);
  const stageAt: Partial<Record<MigrateStage, number>> = {};
  let importStep = '';
  const intercom = createIntercomClient(config.intercom);
  const startedAt = Date.now();
  // Once a minute besides each stage: where the memory is between stage changes (a long import).
  const minutes = options.trace ? setInterval(() => traceMemory('minute', startedAt), 60_000) : undefined;
  const result = await runMigrate({
    config, mappingPath: join(dir, 'mapping.yaml'), autoConfirm: true, intercom, verify: options.verify,
    exportOptions: { clients: { quotas }, sources: { since: SINCE, until: startedAt, report: { firstPollMs: FIRST_POLL_MS } }, downloads: false },
    onProgress: (e) => {
      // Where the time and the memory go, stage by stage (on stderr; stdout carries the figures).
      const trace = (what: string) => options.trace && traceMemory(what, startedAt);
      if (e.type === 'import' && e.progress.step !== importStep) trace(`import ${importStep = e.progress.step}`);
      if (e.type !== 'stage' || stageAt[e.stage] !== undefined) return;
      stageAt[e.stage] = Date.now();
      trace(e.stage);
    },
  });
  clearInterval(minutes);
  return { config, result, startedAt, finishedAt: Date.now(), stageAt, intercomStats: intercom.stats(), quotas };
}

/**
 * One trace line on stderr: RSS and the peak so far, and how RSS splits: V8's heap (used of
 * reserved), buffers outside it, and the rest (native: DuckDB's buffer pool and indexes, code).
 */
function traceMemory(what: string, startedAt: number): void {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  process.stderr.write(`${what} at ${((Date.now() - startedAt) / 1000).toFixed(1)} s: rss ${mb(m.rss)} MB, peak so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB `
    + `(heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, external ${mb(m.external)}, native ${mb(m.rss - m.heapTotal - m.external)})\n`);
}

/** One migration against the simulators in this process; `limits: false` turns quotas and latency off. */
async function migrateOnce(scale: string, options: BenchSimLimits) {
  const sims = await startBenchSimulators(scale, options);
  try {
    return await benchMigrate(sims.config, options, async (run) => {
      const workspace = await openWorkspace(run.config.workspace, { stage: 'bench' });
      const done = await workspace.query<{ object_type: string; n: number }>(`SELECT object_type, count(*)::INTEGER AS n FROM ledger WHERE status = 'done' GROUP BY object_type ORDER BY object_type`);
      await workspace.finishRun('succeeded');
      await workspace.close();
      return { ...run, done, intercomLog: sims.intercom.requests.toNdjson().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { time: number; status: number | null }) };
    });
  } finally {
    await sims.close();
  }
}

const round = (n: number, d = 3) => Number(n.toFixed(d));

if (process.argv[2] === '--rss-child') {
  // The simulators run in a process of their own: this process's peak RSS is the migration's alone.
  const scale = process.argv[3];
  // The workspace's DuckDB settings, when the run sets them (`--memory-limit 256MB`, `--threads 1`).
  const flag = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const duckdb = { ...(flag('--memory-limit') ? { memoryLimit: flag('--memory-limit') } : {}), ...(flag('--threads') ? { threads: Number(flag('--threads')) } : {}) };
  const sims = await spawnSimChild(scale);
  let figures: Record<string, unknown>;
  try {
    const started = Date.now();
    figures = await benchMigrate(sims.config, { intercomPerMinute: 0, khorosScale: 0, limits: false, verify: !process.argv.includes('--no-verify'), trace: true, duckdb }, async (run) => {
      const at = (stage: MigrateStage) => run.stageAt[stage] ?? run.finishedAt;
      const { objects } = run.result;
      return {
        status: run.result.status,
        // Records: every staged source record (customers, cases, Care conversations, articles) and interaction part.
        staged: { contacts: objects.contacts.staged, conversations: objects.conversations.staged, articles: objects.articles.staged },
        written: { contacts: objects.contacts.written, conversations: objects.conversations.written, articles: objects.articles.written },
        exportSeconds: round((at('map-propose') - run.startedAt) / 1000, 1),
        importSeconds: round((at('verify') - at('import')) / 1000, 1),
        intercomRequests: run.intercomStats.requests,
      };
    });
    figures.seconds = round((Date.now() - started) / 1000, 1);
  } finally {
    await sims.stop();
  }
  // CPU seconds of the migration process (the simulators' are their own): time per record that another job on the machine does not inflate.
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ scale, duckdb: parseConfig({ ...sims.config, duckdb }, {}).duckdb, maxRssMb: round(maxRSS / 1024, 1), ...figures, cpuSeconds: round((userCPUTime + systemCPUTime) / 1e6, 1) })}\n`);
} else {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const scale = args[0] ?? 'tiny';
  const intercomPerMinute = Number(args[1] ?? 300);
  const khorosScale = Number(args[2] ?? 50);
  const run = await migrateOnce(scale, { intercomPerMinute, khorosScale, limits: true });
  const { result, stageAt } = run;
  const exportEnd = stageAt['map-propose'] ?? stageAt.provision ?? run.finishedAt;
  const importStart = stageAt.import ?? exportEnd;

  // Intercom: accepted requests after the export (provision, import), and during the import.
  const accepted = run.intercomLog.filter((e) => e.status !== 429 && e.time >= exportEnd);
  const inImport = accepted.filter((e) => e.time >= importStart);
  const rateLimited = run.intercomLog.filter((e) => e.status === 429).length;
  const importSeconds = (run.finishedAt - importStart) / 1000;
  const achievedPerMinute = inImport.length / importSeconds * 60;

  // Minimum: the ledger's done writes (one per contact; create, parts, update, tags per conversation).
  const minimum = run.done.reduce((a, r) => a + r.n, 0);
  const records = (result.objects.contacts.written + result.objects.conversations.written);

  // Lower bound: Khoros buckets at once (the slowest), then Intercom.
  const khorosRequests = result.export.stats.requests as Record<string, number>;
  const buckets = Object.entries(khorosRequests).map(([bucket, n]) => {
    const quota = run.quotas[bucket as QuotaName];
    return { bucket, requests: n, perMinute: quota ? quota.calls * 60_000 / quota.windowMs : null, boundS: quota ? n / (quota.calls / quota.windowMs) / 1000 : 0 };
  });
  const exportBoundS = Math.max(0, ...buckets.map((b) => b.boundS));
  const intercomBoundS = accepted.length / (intercomPerMinute / 60);
  const lowerBoundS = exportBoundS + intercomBoundS;
  const wallS = (run.finishedAt - run.startedAt) / 1000;
  printTable(`Khoros buckets (quotas x${khorosScale})`, buckets.map((b) => ({ ...b, boundS: round(b.boundS, 1) })));

  const rss = process.argv.includes('--no-rss') ? null : {
    small: await rssChild('small', RSS_TIMEOUT_MS),
    medium: await rssChild('medium', RSS_TIMEOUT_MS),
  };
  const rssRatio = rss && 'maxRssMb' in rss.small && 'maxRssMb' in rss.medium ? round(rss.medium.maxRssMb / rss.small.maxRssMb) : null;

  const report = {
    command: `npx tsx scripts/bench/migrate-rate.ts ${process.argv.slice(2).join(' ')}`.trim(),
    scale, intercom: { ratePerMinute: intercomPerMinute, latency: LATENCY }, khorosQuotaScale: khorosScale,
    status: result.status,
    records: { migrated: records, contacts: result.objects.contacts, conversations: result.objects.conversations },
    requestsPerRecord: {
      intercomRequests: accepted.length, minimumWrites: minimum, minimumByType: Object.fromEntries(run.done.map((r) => [r.object_type, r.n])),
      perRecord: round(accepted.length / records), minimumPerRecord: round(minimum / records), overMinimum: round(accepted.length / minimum),
    },
    achievedOverQuota: { value: round(achievedPerMinute / intercomPerMinute), target: `>= ${RATE_TARGET}`, pass: achievedPerMinute / intercomPerMinute >= RATE_TARGET,
      importRequests: inImport.length, importSeconds: round(importSeconds, 1), achievedPerMinute: round(achievedPerMinute, 1), rateLimited: { simulator: rateLimited, client: run.intercomStats.rateLimited } },
    wallOverLowerBound: { value: round(wallS / lowerBoundS), target: `<= ${WALL_TARGET}`, pass: wallS / lowerBoundS <= WALL_TARGET,
      wallS: round(wallS, 1), lowerBoundS: round(lowerBoundS, 1), exportBoundS: round(exportBoundS, 1), intercomBoundS: round(intercomBoundS, 1),
      exportS: round((exportEnd - run.startedAt) / 1000, 1), afterExportS: round((run.finishedAt - exportEnd) / 1000, 1), khorosBuckets: buckets },
    peakRss: rss === null ? null : { value: rssRatio, target: `< ${RSS_TARGET}`, pass: rssRatio !== null && rssRatio < RSS_TARGET, small: rss.small, medium: rss.medium },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
