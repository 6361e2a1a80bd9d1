/**
 * What a full export costs before it runs: requests per family and minutes per quota
 * bucket, from record counts and the rate limits. Pure arithmetic over the same page sizes
 * the sources use (`DEFAULT_PAGE_SIZES`) and the same quotas the clients pace by
 * (`DEFAULT_QUOTAS`), so `discover` and `estimate` quote what `export` will spend.
 */
import { FIRST_PHASE } from './sources/index.ts';
import { DEFAULT_QUOTAS, type QuotaName, type Quotas } from './quotas.ts';
import { DEFAULT_PAGE_SIZES, DEFAULT_SINCE, epochMs, type PageSizes } from './sources/source-options.ts';

/**
 * Record counts of the source instance. A count left out is unknown: the families that
 * depend on it get `requests: null`, are listed in `unknown`, and the totals are a lower
 * bound.
 */
export interface ExportCounts {
  customers?: number;
  cases?: number;
  agents?: number;
  authors?: number;
  conversations?: number;
  initiatives?: number;
  kbCategories?: number;
  kbBoards?: number;
  kbArticles?: number;
  kbImages?: number;
  /** Files on the files host: interaction attachments and message media (KB images are `kbImages`). */
  attachments?: number;
}

/** Options of `estimateExport`. */
export interface EstimateOptions {
  /** Quotas per bucket; `null` is unlimited. @default DEFAULT_QUOTAS */
  quotas?: Readonly<Quotas>;
  /** Page sizes over the sources' defaults. @default DEFAULT_PAGE_SIZES */
  pageSizes?: Partial<PageSizes>;
  /** Start of the Analytics windows (conversations), epoch ms, ISO-8601 or Date. @default DEFAULT_SINCE (2015-01-01) */
  since?: number | string | Date;
  /** End of the Analytics windows. @default Date.now() */
  until?: number | string | Date;
  /** Longest Analytics window, in days. @default 31 */
  windowDays?: number;
  /** Most conversations one window enumerates before the source cuts it. @default 5000 */
  maxWindowIds?: number;
  /** Share of each budget the clients leave unused (`DEFAULT_PACING_MARGIN` is 0.02). @default 0 */
  pacingMargin?: number;
}

/** When a family runs in `runExport`. */
export type ExportPhase = 'first' | 'parallel' | 'downloads';

/** One family's requests on one bucket (conversations has two rows: enumeration and details). */
export interface FamilyEstimate {
  family: string;
  bucket: QuotaName;
  phase: ExportPhase;
  /** Null when a count it depends on is unknown. */
  requests: number | null;
  /** Null when `requests` is, or when the bucket is unlimited. */
  minutes: number | null;
  /** How `requests` is computed. */
  formula: string;
}

/** One bucket's totals over the families whose requests are known. */
export interface BucketEstimate {
  bucket: QuotaName;
  /** Null when unlimited. */
  callsPerMinute: number | null;
  requests: number;
  /** Null when unlimited. */
  minutes: number | null;
}

/** The estimate. */
export interface ExportEstimate {
  families: FamilyEstimate[];
  buckets: BucketEstimate[];
  /** Analytics windows between `since` and `until`. */
  windows: number;
  /** Minutes of the first phase (customers, custom fields, agents, cases, one after the other). */
  firstPhaseMinutes: number;
  /** Minutes of the parallel phase: its slowest bucket, or the conversations stream's own chain. */
  parallelPhaseMinutes: number;
  /** What bounds the parallel phase: a bucket name, or `conversations` (enumeration then details). */
  bottleneck: string | null;
  /** Minutes of the downloads after the records: KB images on the community quota (attachments are not rate limited). */
  downloadsMinutes: number;
  /** First phase, parallel phase and downloads. */
  minutes: number;
  /** Counts that were not given; when non-empty, every total is a lower bound. */
  unknown: (keyof ExportCounts)[];
}


const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The download step's rows (`runExport` downloads after every record is staged). */
const DOWNLOADS = ['attachments', 'kb_image_downloads'];
/** One request each, whatever their size (Care and Analytics directories). */
const DIRECTORIES: readonly [string, QuotaName][] = [['brands', 'careOther'], ['work_queues', 'careOther'], ['tags', 'careOther'],
  ['automation_rules', 'careOther'], ['slas', 'careOther'], ['teams', 'analytics']];

/**
 * The number of Analytics windows of at most `windowDays` between `since` and `until`:
 * `⌈(until − since) / windowDays days⌉`, at least 1.
 *
 * @example
 * analyticsWindows('2024-01-01T00:00:00Z', '2024-03-02T00:00:00Z'); // 2 (61 days)
 */
export function analyticsWindows(since: number | string | Date | undefined, until: number | string | Date | undefined, windowDays = 31): number {
  const start = epochMs(since, DEFAULT_SINCE, 'since');
  const end = epochMs(until, Date.now(), 'until');
  return Math.max(1, Math.ceil((end - start) / (windowDays * DAY_MS)));
}

/**
 * Estimates a full export's requests and duration.
 *
 * Requests per family (`⌈x⌉` rounds up; every list costs at least one request; page sizes
 * are `DEFAULT_PAGE_SIZES` unless overridden):
 *
 * | family | bucket | requests |
 * | --- | --- | --- |
 * | customers | crm | `⌈customers / 1000⌉` |
 * | custom_fields | crm | `2` (customer and case declarations) |
 * | agents | careOther | `⌈agents / 500⌉` |
 * | cases | crm | `⌈cases / 100⌉` (interactions come inline) |
 * | authors | care | `⌈authors / 10⌉` (the server's page) |
 * | conversations (details) | care | `⌈conversations / 20⌉` |
 * | conversations (enumeration) | analytics | `2J + min(J, conversations)`: create and one poll per job, a download per job with rows; `J = W + ⌊conversations / 5000⌋` jobs, `W = ⌈(until − since) / 31 days⌉` windows |
 * | brands, work_queues, tags, automation_rules, slas | careOther | `1` each |
 * | teams | analytics | `1` |
 * | initiatives | marketing | `⌈initiatives / 1000⌉` |
 * | campaigns | marketing | `initiatives` (one plan list per staged initiative) |
 * | kb_categories, kb_boards, kb_articles, kb_images | community | `⌈n / 1000⌉` each, plus `1` login |
 * | attachments (downloads) | files | `attachments` (unlimited: no minutes) |
 * | kb_image_downloads | community | `kbImages` |
 *
 * Minutes of `r` requests on a bucket of `calls` per `windowMs`:
 * `r × windowMs / calls / 60,000 × (1 + pacingMargin)`.
 *
 * Time, as `runExport` runs: the first phase stages customers, custom fields, agents and
 * cases one after the other, so it takes the SUM of their minutes; then every other family
 * runs side by side, each bucket at its own pace, so the parallel phase takes the MAX over
 * buckets of the minutes of its families on that bucket; and no less than the
 * conversations stream's own chain (its enumeration and details alternate in one stream:
 * analytics minutes plus care minutes). Then the downloads, one family after the other:
 * the KB images' minutes on the community quota (attachments come from an unlimited host,
 * bound by bandwidth, not counted). Total = first + parallel + downloads. Polls beyond the first
 * per job and retries are not counted (a floor), while every job with a conversation is
 * assumed to hold a different one (a ceiling on downloads); against the simulator the
 * request counts match the export's exactly (`spec/pipeline/discover.spec.ts`).
 *
 * @example
 * const e = estimateExport({ customers: 100_000, cases: 170_000, authors: 50_000, conversations: 80_000, agents: 40, initiatives: 12 },
 *   { since: '2023-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z' });
 * e.families.find((f) => f.family === 'cases')?.requests; // 1700
 * e.firstPhaseMinutes.toFixed(1);                          // '15.0' (2 + 100 + 1,700 on crm, 1 on careOther)
 */
export function estimateExport(counts: ExportCounts, options: EstimateOptions = {}): ExportEstimate {
  const quotas = options.quotas ?? DEFAULT_QUOTAS;
  const sizes = { ...DEFAULT_PAGE_SIZES, ...options.pageSizes };
  const margin = options.pacingMargin ?? 0;
  const windowDays = options.windowDays ?? 31;
  const maxWindowIds = options.maxWindowIds ?? 5000;
  const windows = analyticsWindows(options.since, options.until, windowDays);
  const unknown = (Object.keys(NEEDED) as (keyof ExportCounts)[]).filter((k) => counts[k] === undefined);

  const pages = (n: number | undefined, size: number) => (n === undefined ? null : Math.max(1, Math.ceil(n / size)));
  const minutesOf = (bucket: QuotaName, requests: number | null): number | null => {
    const quota = quotas[bucket];
    return requests === null || !quota ? null : ((requests * quota.windowMs) / quota.calls / MINUTE_MS) * (1 + margin);
  };
  const families: FamilyEstimate[] = [];
  const add = (family: string, bucket: QuotaName, requests: number | null, formula: string) => families.push({
    family, bucket, requests, formula, minutes: minutesOf(bucket, requests),
    phase: DOWNLOADS.includes(family) ? 'downloads' : FIRST_PHASE.includes(family) ? 'first' : 'parallel',
  });

  const { conversations, initiatives } = counts;
  const jobs = conversations === undefined ? null : windows + Math.floor(conversations / maxWindowIds);
  add('customers', 'crm', pages(counts.customers, sizes.customers), `⌈customers / ${sizes.customers}⌉`);
  add('custom_fields', 'crm', 2, '2 (customer and case declarations)');
  add('agents', 'careOther', pages(counts.agents, sizes.agents), `⌈agents / ${sizes.agents}⌉`);
  add('cases', 'crm', pages(counts.cases, sizes.cases), `⌈cases / ${sizes.cases}⌉`);
  add('authors', 'care', pages(counts.authors, 10), '⌈authors / 10⌉');
  add('conversations', 'care', pages(conversations, Math.min(sizes.displayIds, DEFAULT_PAGE_SIZES.displayIds)), `⌈conversations / ${Math.min(sizes.displayIds, DEFAULT_PAGE_SIZES.displayIds)}⌉ details`);
  add('conversations', 'analytics', jobs === null ? null : 2 * jobs + Math.min(jobs, conversations!), `2J + min(J, conversations), J = ${windows} windows + ⌊conversations / ${maxWindowIds}⌋ cuts`);
  for (const [family, bucket] of DIRECTORIES) add(family, bucket, 1, '1');
  add('initiatives', 'marketing', pages(initiatives, sizes.marketing), `⌈initiatives / ${sizes.marketing}⌉`);
  add('campaigns', 'marketing', initiatives === undefined ? null : Math.max(1, initiatives), 'initiatives (one plan list per staged initiative)');
  add('kb_categories', 'community', pages(counts.kbCategories, sizes.liql), `⌈categories / ${sizes.liql}⌉`);
  add('kb_boards', 'community', pages(counts.kbBoards, sizes.liql), `⌈boards / ${sizes.liql}⌉`);
  add('kb_articles', 'community', pages(counts.kbArticles, sizes.liql), `⌈articles / ${sizes.liql}⌉`);
  add('kb_images', 'community', pages(counts.kbImages, sizes.liql), `⌈images / ${sizes.liql}⌉`);
  add('community_login', 'community', 1, '1 session per run');
  add('attachments', 'files', counts.attachments ?? null, 'one download per attachment');
  add('kb_image_downloads', 'community', counts.kbImages ?? null, 'one download per image');

  const sum = (rows: FamilyEstimate[], field: 'requests' | 'minutes') => rows.reduce((total, row) => total + (row[field] ?? 0), 0);
  const buckets: BucketEstimate[] = (Object.keys(quotas) as QuotaName[]).map((bucket) => {
    const rows = families.filter((f) => f.bucket === bucket);
    const quota = quotas[bucket];
    return {
      bucket,
      callsPerMinute: quota ? (quota.calls * MINUTE_MS) / quota.windowMs : null,
      requests: sum(rows, 'requests'),
      minutes: quota ? sum(rows, 'minutes') : null,
    };
  });

  const firstPhaseMinutes = sum(families.filter((f) => f.phase === 'first'), 'minutes');
  const downloadsMinutes = sum(families.filter((f) => f.phase === 'downloads'), 'minutes');
  // Candidates for the parallel phase: each bucket's share, and the conversations chain.
  const candidates: [string, number][] = buckets
    .filter((b) => b.minutes !== null)
    .map((b) => [b.bucket, sum(families.filter((f) => f.phase === 'parallel' && f.bucket === b.bucket), 'minutes')]);
  candidates.push(['conversations', sum(families.filter((f) => f.family === 'conversations'), 'minutes')]);
  const [bottleneck, parallelPhaseMinutes] = candidates.reduce((best, c) => (c[1] > best[1] ? c : best), [null as string | null, 0] as [string | null, number]);
  return {
    families, buckets, windows, firstPhaseMinutes, parallelPhaseMinutes, bottleneck, downloadsMinutes,
    minutes: firstPhaseMinutes + parallelPhaseMinutes + downloadsMinutes, unknown,
  };
}

/** The counts the estimate uses (every key of `ExportCounts`), so `unknown` lists each missing one once. */
const NEEDED: Record<keyof ExportCounts, true> = {
  customers: true, cases: true, agents: true, authors: true, conversations: true, initiatives: true,
  kbCategories: true, kbBoards: true, kbArticles: true, kbImages: true, attachments: true,
};
