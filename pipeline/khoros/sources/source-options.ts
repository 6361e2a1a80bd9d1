/**
 * The options object every source factory takes (`customersSource(options)` → `Source`):
 * one shape for all, so `exportOrder` can build every source from the same object. Each
 * source reads only its own options.
 */
import { ConfigError } from '../../errors.ts';
import type { ReportPollOptions } from './run-report-job.ts';

/** Options of the source factories. */
export interface SourceOptions {
  /** Marketing environment, as in `/{environment}/v1/company/{companyId}` (initiatives, campaigns). */
  environment?: string;
  /** Marketing company id (initiatives, campaigns). */
  companyId?: string;
  /**
   * Start of the Analytics windows (conversations): epoch ms, ISO-8601 or a Date. Set it to
   * the instance's go-live date when known: every 31 days before the first conversation
   * still costs two requests.
   * @default '2015-01-01T00:00:00Z'
   */
  since?: number | string | Date;
  /** End of the Analytics windows, exclusive. @default the time of subscription */
  until?: number | string | Date;
  /** Cases changed at or after this time only (delta runs); a stream's checkpoint belongs to one value. */
  updatedSince?: number | string | Date;
  /** Campaigns: the initiative ids to list plans for; absent, the source lists the initiatives itself (1 request per 1,000). */
  initiativeIds?: readonly string[];
  /** Page sizes; the defaults are the largest each API accepts. */
  pageSizes?: Partial<PageSizes>;
  /** Analytics report windows and polling. */
  report?: Partial<ReportOptions>;
  /** Most pages one stream fetches per subscription. @default DEFAULT_MAX_PAGES (1,000,000) */
  maxPages?: number;
}

/** Records per request, per API. */
export interface PageSizes {
  /** CRM `GET /customers` `limit`. @default 1000 */
  customers: number;
  /** CRM `GET /cases` `limit` (cases carry their interactions). @default 100 */
  cases: number;
  /** Care `GET /api/v2/agents` `limit`. @default 500 */
  agents: number;
  /** Community LiQL `LIMIT`. @default 1000 */
  liql: number;
  /** Marketing `pageSize`. @default 1000 */
  marketing: number;
  /** Care `GET /api/v2/conversations/displayIds/{ids}`: ids per call. @default 20 (the documented maximum) */
  displayIds: number;
}

/** The largest page each API accepts (seed-defined where the record is silent: see `simulators/khoros/settings.ts`). */
export const DEFAULT_PAGE_SIZES: Readonly<PageSizes> = Object.freeze({ customers: 1000, cases: 100, agents: 500, liql: 1000, marketing: 1000, displayIds: 20 });

/** Analytics report options. */
export interface ReportOptions extends ReportPollOptions {
  /** Longest window per report job, in days (the API refuses more than 744 hourly buckets). @default 31 */
  windowDays: number;
}

/** The default start of Analytics windows: before any plausible Khoros Care data. */
export const DEFAULT_SINCE = Date.parse('2015-01-01T00:00:00Z');

/**
 * Epoch milliseconds of a time option; a ConfigError naming the option when it is not a time.
 *
 * @example
 * epochMs('2024-01-01T00:00:00Z', 0, 'since'); // 1704067200000
 * epochMs(undefined, 42, 'since');             // 42
 */
export function epochMs(value: number | string | Date | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ConfigError(`source option ${option}: ${JSON.stringify(String(value))} is not a time (use epoch ms or ISO-8601)`);
  return ms;
}
