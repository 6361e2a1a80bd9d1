/**
 * Benchmark (not part of `npm test`): how much of each rate-limit budget the export uses,
 * and whether it ever goes over. Exports a dataset (default `medium`) against the Khoros
 * simulator with BOTH sides' quotas multiplied by the same factor (default 10), so the
 * client's budget equals the server's, then reads the simulator's request log.
 *
 * Per bucket (client quota; the simulator's bucket of the same name):
 * - `allowedPerS`: `calls / windowMs`;
 * - busy periods: the bucket's accepted requests in arrival order, cut wherever two follow
 *   each other more than `IDLE_SLOTS` pacing intervals apart. With a call waiting, the
 *   throttle releases it one interval after the previous one, so a longer gap means no
 *   call was waiting: the bucket's streams were finished, or waiting on another bucket, an
 *   Analytics job or the writer. Gaps up to that length count as busy time and lower the
 *   figure (a slow client shows);
 * - `achievedOverAllowed`: `Σ (requests − 1) / Σ duration` over the busy periods (from each
 *   period's first request to its last) over the allowed rate. Evenly paced at the 2 %
 *   margin it is 1 / 1.02 = 0.98; target at least 0.95. Only buckets with at least
 *   `MIN_INTERVALS` paced intervals are judged (a directory read or two says nothing);
 * - `spanOverAllowed`: the same over the bucket's whole span, first to last request, idle
 *   gaps included (for reference);
 * - `rateLimited`: 429s, as the client counted them and as the simulator logged them
 *   (target 0 for both).
 *
 * @example
 * npx tsx scripts/bench/export-rate.ts [SCALE] [QUOTA_SCALE] [SEED]   # medium 10 1
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_PACING_MARGIN } from '../../pipeline/khoros/create-throttle.ts';
import type { QuotaName } from '../../pipeline/khoros/quotas.ts';
import type { LoggedRequest } from '../../simulators/khoros/request-log.ts';
import { benchExport, printTable, SIM_BUCKET, type BenchExport } from './bench-export.ts';
import { requestsPerRecord, printRequestsPerRecord } from './requests-per-record.ts';

/** A gap longer than this many pacing intervals is idle time, not pacing. */
export const IDLE_SLOTS = 2;
/** Fewest paced intervals for a bucket's figure to count against the target. */
export const MIN_INTERVALS = 20;
/** The target of `achievedOverAllowed`. */
export const RATE_TARGET = 0.95;

/** One bucket's figures. */
export interface BucketRate {
  bucket: QuotaName;
  calls: number;
  windowMs: number;
  allowedPerS: number;
  /** Accepted requests (429s excluded: the server does not count them). */
  requests: number;
  busyPeriods: number;
  busyS: number;
  /** Paced intervals inside busy periods (requests − periods). */
  intervals: number;
  achievedPerS: number | null;
  achievedOverAllowed: number | null;
  spanS: number;
  spanOverAllowed: number | null;
  /** Gaps cut as idle: how many, and how long in total. */
  idleGaps: number;
  idleS: number;
  /** Median gap inside busy periods over the pacing interval (1.02 is on schedule). */
  medianGapOverSlot: number | null;
  rateLimitedClient: number;
  rateLimitedServer: number;
  judged: boolean;
}

/** The simulator's bucket of a logged request (Care directory reads spend `care-other`). */
export function bucketOf(entry: Pick<LoggedRequest, 'family' | 'path'>): QuotaName | null {
  switch (entry.family) {
    case 'care':
      return /^\/api\/v2\/(authors|conversations)(\/|$)/.test(entry.path) ? 'care' : 'careOther';
    case 'analytics': case 'community': case 'marketing': case 'crm': case 'files':
      return entry.family;
    default:
      return null;
  }
}

/**
 * The per-bucket figures of one export.
 *
 * @example
 * const rates = measureRates(await benchExport({ quotaScale: 10 }));
 */
export function measureRates(run: BenchExport): BucketRate[] {
  const out: BucketRate[] = [];
  for (const bucket of Object.keys(SIM_BUCKET) as QuotaName[]) {
    const quota = run.quotas[bucket];
    const entries = run.log.filter((e) => bucketOf(e) === bucket);
    if (!quota || entries.length === 0) continue;
    const accepted = entries.filter((e) => e.status !== 429).map((e) => e.time).sort((a, b) => a - b);
    const slotMs = (quota.windowMs / quota.calls) * (1 + DEFAULT_PACING_MARGIN);
    const allowedPerMs = quota.calls / quota.windowMs;
    let busyMs = 0;
    let intervals = 0;
    let periods = accepted.length > 0 ? 1 : 0;
    let idleGaps = 0;
    let idleMs = 0;
    const busyGaps: number[] = [];
    let periodStart = accepted[0];
    for (let i = 1; i < accepted.length; i++) {
      const gap = accepted[i] - accepted[i - 1];
      if (gap > IDLE_SLOTS * slotMs) {
        busyMs += accepted[i - 1] - periodStart;
        periodStart = accepted[i];
        periods += 1;
        idleGaps += 1;
        idleMs += gap;
      } else {
        intervals += 1;
        busyGaps.push(gap);
      }
    }
    if (accepted.length > 0) busyMs += accepted[accepted.length - 1] - periodStart;
    const spanMs = accepted.length > 1 ? accepted[accepted.length - 1] - accepted[0] : 0;
    const achievedPerMs = busyMs > 0 ? intervals / busyMs : null;
    busyGaps.sort((a, b) => a - b);
    out.push({
      bucket, calls: quota.calls, windowMs: quota.windowMs,
      allowedPerS: round(allowedPerMs * 1000),
      requests: accepted.length,
      busyPeriods: periods,
      busyS: round(busyMs / 1000),
      intervals,
      achievedPerS: achievedPerMs === null ? null : round(achievedPerMs * 1000),
      achievedOverAllowed: achievedPerMs === null ? null : round(achievedPerMs / allowedPerMs),
      spanS: round(spanMs / 1000),
      spanOverAllowed: spanMs > 0 ? round((accepted.length - 1) / spanMs / allowedPerMs) : null,
      idleGaps,
      idleS: round(idleMs / 1000),
      medianGapOverSlot: busyGaps.length ? round(busyGaps[Math.floor(busyGaps.length / 2)] / (quota.windowMs / quota.calls)) : null,
      rateLimitedClient: run.summary.stats.rateLimited[bucket] ?? 0,
      rateLimitedServer: entries.length - accepted.length,
      judged: intervals >= MIN_INTERVALS,
    });
  }
  return out;
}

/** The figures of one export run, as the JSON summary reports them. */
export function rateReport(run: BenchExport) {
  const buckets = measureRates(run);
  const judged = buckets.filter((b) => b.judged);
  const worst = judged.reduce<BucketRate | null>((w, b) => (w === null || (b.achievedOverAllowed ?? 0) < (w.achievedOverAllowed ?? 0) ? b : w), null);
  const rateLimitedClient = Object.values(run.summary.stats.rateLimited).reduce((a, b) => a + b, 0);
  const rateLimitedServer = run.log.filter((e) => e.status === 429).length;
  return {
    scale: run.scale,
    seed: run.seed,
    quotaScale: run.quotaScale,
    exportS: round((run.finishedAt - run.startedAt) / 1000),
    requests: run.log.filter((e) => bucketOf(e) !== null).length,
    records: run.summary.records,
    achievedOverAllowed: {
      target: `>= ${RATE_TARGET} in every bucket with >= ${MIN_INTERVALS} paced intervals`,
      worst: worst ? { bucket: worst.bucket, value: worst.achievedOverAllowed } : null,
      pass: judged.length > 0 && judged.every((b) => (b.achievedOverAllowed ?? 0) >= RATE_TARGET),
    },
    rateLimited: { target: '0 (client budget = server budget)', client: rateLimitedClient, server: rateLimitedServer, pass: rateLimitedClient === 0 && rateLimitedServer === 0 },
    buckets,
  };
}

/** Prints the bucket table. */
export function printRates(report: ReturnType<typeof rateReport>): void {
  printTable(`Rate per bucket (${report.scale}, quotas x${report.quotaScale} on both sides, export ${report.exportS} s)`, report.buckets.map((b) => ({
    bucket: b.bucket, allowed_s: b.allowedPerS, requests: b.requests, busy_s: b.busyS, achieved_s: b.achievedPerS,
    'achieved/allowed': b.achievedOverAllowed, 'span/allowed': b.spanOverAllowed, idle_gaps: b.idleGaps, 'median_gap/slot': b.medianGapOverSlot,
    '429_client': b.rateLimitedClient, '429_server': b.rateLimitedServer, judged: b.judged ? 'yes' : 'no',
  })));
}

function round(n: number): number {
  return Number(n.toFixed(3));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scale = process.argv[2] ?? 'medium';
  const quotaScale = Number(process.argv[3] ?? 10);
  const seed = Number(process.argv[4] ?? 1);
  const run = await benchExport({ scale, seed, quotaScale });
  const report = rateReport(run);
  const perRecord = requestsPerRecord(run);
  printRates(report);
  printRequestsPerRecord(perRecord);
  process.stdout.write(`${JSON.stringify({ exportRate: report, requestsPerRecord: perRecord }, null, 2)}\n`);
}
