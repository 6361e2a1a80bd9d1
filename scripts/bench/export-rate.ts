/**
 * Benchmark (not part of `npm test`): how much of each rate-limit budget the export uses,
 * and whether it ever goes over. Exports a dataset (default `medium`) against the Khoros
 * simulator with BOTH sides' quotas multiplied by the same factor (default 5), so the
 * client's budget equals the server's, then reads the simulator's request log.
 *
 * Per bucket (client quota; the simulator's bucket of the same name):
 * - `allowedPerS`: `calls / windowMs`;
 * - paced intervals: between two consecutive requests `a`, `b` of the bucket, where `b`
 *   was wanted by the time the throttle could release it, i.e. its stream's previous
 *   request had been answered no later than one pacing interval after `a` (every source is
 *   a sequential paginator: one request in flight per stream; the log gives each request's
 *   arrival and handling time). The other intervals are idle: no call was waiting, because
 *   the streams were finished or waiting on another bucket or an Analytics job; so is the
 *   interval before a stream's first request (when it was wanted is not logged). The time
 *   a client spends after an answer (parsing, validating) counts as paced: a slow client
 *   shows;
 * - `achievedOverAllowed`: paced intervals / their total duration, over the allowed rate.
 *   Evenly paced at the 2 % margin it is 1 / 1.02 = 0.98; target at least 0.95. Only
 *   buckets with at least `MIN_INTERVALS` paced intervals are judged (a directory read or
 *   two says nothing);
 * - `spanOverAllowed`: the same over the bucket's whole span, first to last request, idle
 *   gaps included (for reference);
 * - `rateLimited`: 429s, as the client counted them and as the simulator logged them
 *   (target 0 for both).
 *
 * @example
 * npx tsx scripts/bench/export-rate.ts [SCALE] [QUOTA_SCALE] [SEED]   # medium 5 1
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_PACING_MARGIN } from '../../pipeline/khoros/create-throttle.ts';
import type { QuotaName } from '../../pipeline/khoros/quotas.ts';
import type { LoggedRequest } from '../../simulators/khoros/request-log.ts';
import { benchExport, FIRST_POLL_MS, printTable, SIM_BUCKET, type BenchExport } from './bench-export.ts';
import { printRequestsPerRecord, requestsPerRecord, spentOn } from './requests-per-record.ts';

/**
 * The factor both sides' quotas are multiplied by. At 5 the shortest busy slot is CRM's
 * 102 ms (Care 204 ms, Analytics 612 ms): well above loopback latency and above the ~70 ms
 * a client takes to parse and validate a 1,000-record page, as real slots (0.5 to 3 s)
 * are. At 10, CRM's 51 ms slot is shorter than that page time and the figure measures the
 * scaling, not the client. The `medium` export takes about two minutes.
 */
export const DEFAULT_QUOTA_SCALE = 5;

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
  /** Intervals between consecutive requests where the later one was waiting for its slot. */
  pacedIntervals: number;
  pacedS: number;
  achievedPerS: number | null;
  achievedOverAllowed: number | null;
  /** Intervals where the later request was not yet wanted when its slot came (no demand). */
  idleIntervals: number;
  idleS: number;
  /** First to last request, idle time included (for reference). */
  spanS: number;
  spanOverAllowed: number | null;
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
 * The stream a logged request belongs to. Every source is a sequential paginator (one
 * request in flight per stream), so a request is wanted only once the stream's previous
 * request was answered, whichever bucket that one spent.
 */
function streamOf(entry: LoggedRequest): string {
  const what = spentOn(entry);
  if (what === 'conversations:enumeration') return 'conversations';
  // The campaigns source lists initiatives before it reads their plans.
  if (what === 'initiatives:list') return 'initiatives-or-campaigns';
  if (what === 'campaigns') return 'initiatives-or-campaigns';
  return what;
}

/**
 * The per-bucket figures of one export. An interval between two consecutive requests
 * `a`, `b` of a bucket is paced (busy time) when `b` was wanted by the time the throttle
 * could release it: its stream's previous request was answered (the simulator logs arrival
 * and handling time; a status poll also waits `firstPollMs`) no later than one pacing
 * interval after `a`. Otherwise the bucket had no call waiting (its stream was waiting on
 * another bucket, a job or nothing at all) and the interval is idle, left out. Client-side
 * time after an answer (parsing, validation) counts as busy: a slow client shows.
 *
 * @example
 * const rates = measureRates(await benchExport({ quotaScale: 10 }));
 */
export function measureRates(run: BenchExport): BucketRate[] {
  // When each request was wanted: the end of its stream's previous request.
  const wantedAt = new Map<LoggedRequest, number>();
  const previous = new Map<string, LoggedRequest>();
  for (const entry of [...run.log].sort((a, b) => a.seq - b.seq)) {
    if (bucketOf(entry) === null) continue;
    const stream = streamOf(entry);
    const prev = previous.get(stream);
    // A status poll is not wanted before the create was answered and the first wait passed.
    const poll = entry.path.endsWith('/status') ? FIRST_POLL_MS : 0;
    // A stream's first request: when it was wanted is not in the log (after a family before
    // it, after a login), so its interval is left out rather than guessed.
    wantedAt.set(entry, prev ? prev.time + (prev.ms ?? 0) + poll : Infinity);
    previous.set(stream, entry);
  }
  const out: BucketRate[] = [];
  for (const bucket of Object.keys(SIM_BUCKET) as QuotaName[]) {
    const quota = run.quotas[bucket];
    const entries = run.log.filter((e) => bucketOf(e) === bucket);
    if (!quota || entries.length === 0) continue;
    const accepted = entries.filter((e) => e.status !== 429).sort((a, b) => a.time - b.time || a.seq - b.seq);
    const slotMs = (quota.windowMs / quota.calls) * (1 + DEFAULT_PACING_MARGIN);
    const allowedPerMs = quota.calls / quota.windowMs;
    let pacedMs = 0;
    let paced = 0;
    let idleMs = 0;
    let idle = 0;
    for (let i = 1; i < accepted.length; i++) {
      const [a, b] = [accepted[i - 1], accepted[i]];
      const gap = b.time - a.time;
      if ((wantedAt.get(b) ?? Infinity) <= a.time + slotMs) {
        paced += 1;
        pacedMs += gap;
      } else {
        idle += 1;
        idleMs += gap;
      }
    }
    const spanMs = accepted.length > 1 ? accepted[accepted.length - 1].time - accepted[0].time : 0;
    const achievedPerMs = pacedMs > 0 ? paced / pacedMs : null;
    out.push({
      bucket, calls: quota.calls, windowMs: quota.windowMs,
      allowedPerS: round(allowedPerMs * 1000),
      requests: accepted.length,
      pacedIntervals: paced,
      pacedS: round(pacedMs / 1000),
      achievedPerS: achievedPerMs === null ? null : round(achievedPerMs * 1000),
      achievedOverAllowed: achievedPerMs === null ? null : round(achievedPerMs / allowedPerMs),
      idleIntervals: idle,
      idleS: round(idleMs / 1000),
      spanS: round(spanMs / 1000),
      spanOverAllowed: spanMs > 0 ? round((accepted.length - 1) / spanMs / allowedPerMs) : null,
      rateLimitedClient: run.summary.stats.rateLimited[bucket] ?? 0,
      rateLimitedServer: entries.length - accepted.length,
      judged: paced >= MIN_INTERVALS,
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
    bucket: b.bucket, allowed_s: b.allowedPerS, requests: b.requests, paced: b.pacedIntervals, paced_s: b.pacedS, achieved_s: b.achievedPerS,
    'achieved/allowed': b.achievedOverAllowed, idle: b.idleIntervals, idle_s: b.idleS, 'span/allowed': b.spanOverAllowed,
    '429_client': b.rateLimitedClient, '429_server': b.rateLimitedServer, judged: b.judged ? 'yes' : 'no',
  })));
}

function round(n: number): number {
  return Number(n.toFixed(3));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scale = process.argv[2] ?? 'medium';
  const quotaScale = Number(process.argv[3] ?? DEFAULT_QUOTA_SCALE);
  const seed = Number(process.argv[4] ?? 1);
  const run = await benchExport({ scale, seed, quotaScale });
  const report = rateReport(run);
  const perRecord = requestsPerRecord(run);
  printRates(report);
  printRequestsPerRecord(perRecord);
  process.stdout.write(`${JSON.stringify({ exportRate: report, requestsPerRecord: perRecord }, null, 2)}\n`);
}
