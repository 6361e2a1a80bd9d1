/**
 * `estimate`: how long a migration takes under the real rate limits, before anything runs,
 * from counts alone. Requests per stage and per quota bucket come from the same arithmetic
 * the stages use: the export's from `estimateExport` (what `discover` quotes), Intercom's
 * from `intercomRequests`. Durations: each Khoros bucket at its quota (with the clients'
 * pacing margin; the export's phases as `runExport` runs them: the slowest bucket of a phase
 * sets its time), Intercom at its per-app quota less the pacer's safety share; stages in
 * sequence, so the total is their sum. A floor: latency, retries and rate-limit waits are
 * not counted.
 */
import { ConfigError } from './errors.ts';
import { windowSafety } from './intercom/rate-budget.ts';
import { DEFAULT_PACING_MARGIN } from './khoros/create-throttle.ts';
import { estimateExport, type ExportEstimate } from './khoros/estimate-export.ts';
import { DEFAULT_QUOTAS, type Quotas } from './khoros/quotas.ts';
import { DEFAULT_SINCE, epochMs } from './khoros/sources/source-options.ts';
import { intercomRequests, type StageRequests } from './estimate/intercom-requests.ts';
import { resolveCounts, type Assumption, type EstimateCounts, type MigrationCounts } from './estimate/resolve-counts.ts';

/** Intercom's default limit for a private app: 10,000 calls a minute, counted in 10-second windows. */
export const INTERCOM_PER_MINUTE = 10_000;
const WINDOWS_PER_MINUTE = 6;

/** Options of `estimateMigration`. */
export interface MigrationEstimateOptions {
  /** Start of the Analytics windows (Care conversations): the go-live date. @default DEFAULT_SINCE (2015-01-01) */
  since?: number | string | Date;
  /** @default Date.now() */
  until?: number | string | Date;
  /** Khoros quotas. @default DEFAULT_QUOTAS */
  quotas?: Readonly<Quotas>;
  /** Intercom calls per minute for the app. @default INTERCOM_PER_MINUTE */
  intercomPerMinute?: number;
  /** Whether export downloads files (and import hosts the KB images on Intercom). @default true */
  downloads?: boolean;
}

/** One stage's requests and minutes. */
export interface StageEstimate {
  stage: string;
  /** `khoros` (the export: its buckets are in `buckets`) or `intercom`. */
  api: 'khoros' | 'intercom';
  requests: number;
  minutes: number;
  formula: string;
  /** Whether it counts in `totalMinutes` (`verify --full` is the alternative to `verify --sample`). */
  inTotal: boolean;
}

/** One quota bucket's requests over the whole migration. */
export interface BucketTotal {
  bucket: string;
  /** Null: unlimited. */
  callsPerMinute: number | null;
  requests: number;
  /** Null: unlimited. */
  minutes: number | null;
}

/** The estimate. */
export interface MigrationEstimate {
  counts: MigrationCounts;
  assumptions: Assumption[];
  since: string;
  until: string;
  stages: StageEstimate[];
  buckets: BucketTotal[];
  export: ExportEstimate;
  /** Intercom requests a minute the pacer spends: the quota less its safety share per 10-second window. */
  intercomEffectivePerMinute: number;
  /** Export, map, provision, import, verify --sample, in sequence. */
  totalMinutes: number;
}

/**
 * Estimates a migration's requests and duration.
 *
 * @throws ConfigError naming a count or option that is missing or not a valid number.
 * @example
 * const e = estimateMigration({ customers: 100_000, cases: 170_000, interactions: 1_000_000, articles: 2_000 }, { since: '2023-01-01' });
 * e.stages.find((s) => s.stage === 'import: contacts')?.requests; // 100000
 * Math.round(e.totalMinutes / 60); // hours, export and import in sequence
 */
export function estimateMigration(given: EstimateCounts, options: MigrationEstimateOptions = {}): MigrationEstimate {
  const { counts, assumptions } = resolveCounts(given);
  const perMinute = options.intercomPerMinute ?? INTERCOM_PER_MINUTE;
  if (!(Number.isFinite(perMinute) && perMinute > 0)) throw new ConfigError(`intercomPerMinute ${perMinute}: expected a positive number`);
  const until = options.until ?? Date.now();
  const downloads = options.downloads !== false;
  const exported = estimateExport({
    customers: counts.customers, cases: counts.cases, agents: counts.agents, authors: counts.authors, conversations: counts.conversations,
    initiatives: counts.initiatives, kbCategories: counts.kbCategories, kbBoards: counts.kbBoards, kbArticles: counts.articles,
    kbImages: counts.kbImages, ...(downloads ? { attachments: counts.attachments } : { attachments: 0 }),
  }, { quotas: options.quotas ?? DEFAULT_QUOTAS, since: options.since, until, pacingMargin: DEFAULT_PACING_MARGIN });
  const families = downloads ? exported.families : exported.families.filter((f) => f.phase !== 'downloads');
  const khorosRequests = families.reduce((n, f) => n + (f.requests ?? 0), 0);
  const exportMinutes = downloads ? exported.minutes : exported.minutes - exported.downloadsMinutes;

  const limit = Math.ceil(perMinute / WINDOWS_PER_MINUTE);
  const effective = (limit - windowSafety(limit)) * WINDOWS_PER_MINUTE;
  const intercom = intercomRequests(counts, { downloads });
  const stages: StageEstimate[] = [
    { stage: 'export', api: 'khoros', requests: khorosRequests, minutes: exportMinutes, inTotal: true,
      formula: `Khoros buckets side by side after the first phase (bottleneck: ${exported.bottleneck ?? 'none'})` },
    ...intercom.map((s: StageRequests) => ({ ...s, api: 'intercom' as const, minutes: s.requests / effective, inTotal: s.stage !== 'verify --full' })),
  ];
  const bucketRows: BucketTotal[] = exported.buckets.map((b) => {
    const rows = families.filter((f) => f.bucket === b.bucket);
    const requests = rows.reduce((n, f) => n + (f.requests ?? 0), 0);
    return { bucket: `khoros ${b.bucket}`, callsPerMinute: b.callsPerMinute, requests, minutes: b.minutes === null ? null : rows.reduce((n, f) => n + (f.minutes ?? 0), 0) };
  });
  const intercomTotal = intercom.filter((s) => s.stage !== 'verify --full').reduce((n, s) => n + s.requests, 0);
  bucketRows.push({ bucket: 'intercom', callsPerMinute: perMinute, requests: intercomTotal, minutes: intercomTotal / effective });
  return {
    counts, assumptions, since: new Date(epochMs(options.since, DEFAULT_SINCE, 'since')).toISOString(), until: new Date(epochMs(until, Date.now(), 'until')).toISOString(),
    stages, buckets: bucketRows, export: exported, intercomEffectivePerMinute: effective,
    totalMinutes: stages.filter((s) => s.inTotal).reduce((n, s) => n + s.minutes, 0),
  };
}
