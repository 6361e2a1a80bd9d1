/**
 * One Analytics report job (reference §3, "Analytics job life-cycle"): create it for a
 * window, poll its status sparingly, download its rows. The Analytics quota is 20 requests
 * a minute, so every poll counts: the first waits about as long as a job takes, later ones
 * back off geometrically, and an empty report is not downloaded at all.
 */
import { concatMap, defer, map, of, throwError, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { KhorosApi } from '../khoros-api.ts';
import { ReportJobError, ReportWindowTooLongError } from './pagination-error.ts';

/** A flat report row (the JSON download is an array of them). */
export type ReportRow = Record<string, unknown>;

/** How to poll a job's status. */
export interface ReportPollOptions {
  /** Wait before the first poll: about the job's expected duration. @default 2000 */
  firstPollMs: number;
  /** Factor the wait grows by after each RUNNING answer. @default 2 */
  pollGrowth: number;
  /** Longest wait between two polls. @default 60000 */
  maxPollMs: number;
  /** Most polls per job before giving up (a retriable error: rerunning resumes at the window). @default 30 */
  maxPolls: number;
}

/** @see ReportPollOptions */
export const DEFAULT_REPORT_POLL: Readonly<ReportPollOptions> = Object.freeze({ firstPollMs: 2000, pollGrowth: 2, maxPollMs: 60_000, maxPolls: 30 });

/** The job to run. */
export interface ReportJobRequest {
  /** Export id: `conversation` (Raw Conversation), `author` (Raw Author), ... */
  exportId: string;
  /** Window `[start, end)`, epoch ms ("will not be adjusted" by the API). */
  start: number;
  end: number;
  /** Further query parameters (`conversationReportType`). */
  params?: Record<string, string | number | boolean>;
}

interface JobStatus {
  state: 'running' | 'completed' | 'failed';
  downloadUrl: string;
  totalCount: number | undefined;
  reason: string;
}

/**
 * The rows of one report, as a cold Observable that emits once: create (POST, not retried
 * by the client since it is not idempotent) → poll the `statusUrl` → download the
 * `downloadUrl` (skipped when the completed job counts 0 rows). Unsubscribing stops
 * between requests. A string `result` at creation is the API's refusal: "Too many
 * buckets" raises `ReportWindowTooLongError` (callers narrow the window), any other one
 * a `ReportJobError`, as do a FAILED job and a job still running after `maxPolls`.
 * Requests: 2 for an empty window, 3 for one with rows, one more per extra poll.
 *
 * @example
 * runReportJob(clients.analytics, { exportId: 'conversation', start, end, params: { conversationReportType: 'CREATED' } })
 *   .subscribe((rows) => console.log(rows.length));
 */
export function runReportJob(analytics: KhorosApi, request: ReportJobRequest, poll: Partial<ReportPollOptions> = {}, scheduler?: SchedulerLike): Observable<ReportRow[]> {
  const { firstPollMs, pollGrowth, maxPollMs, maxPolls } = { ...DEFAULT_REPORT_POLL, ...poll };
  const { exportId, start, end, params = {} } = request;
  // Creating a report job changes no Khoros data: a retry after a lost answer at worst leaves
  // an orphan job, which expires unread. So the create is retried like a read.
  const create = defer(() => analytics.json<{ status?: string; message?: string | null; result?: unknown }>(`/api/public/reports/report/${encodeURIComponent(exportId)}`, {
    method: 'POST', idempotent: true, searchParams: { startTime: start, endTime: end, reportFormat: 'json', ...params },
  }));

  const pollFrom = (statusUrl: string, attempt: number, waitMs: number): Observable<JobStatus> => timer(waitMs, scheduler).pipe(
    concatMap(() => analytics.json(statusUrl)),
    map((body) => readStatus(exportId, body)),
    concatMap((status) => {
      if (status.state === 'completed') return of(status);
      if (status.state === 'failed') return throwError(() => new ReportJobError(exportId, `the job FAILED${status.reason ? `: ${status.reason}` : ''}`));
      if (attempt + 1 >= maxPolls) return throwError(() => new ReportJobError(exportId, `the job was still running after ${maxPolls} polls`));
      return pollFrom(statusUrl, attempt + 1, Math.min(waitMs * pollGrowth, maxPollMs));
    }),
  );

  return create.pipe(
    map((body) => statusUrlOf(exportId, end - start, body)),
    concatMap((statusUrl) => pollFrom(statusUrl, 0, firstPollMs)),
    concatMap((status) => {
      if (status.totalCount === 0) return of([]);
      if (!status.downloadUrl) return throwError(() => new ReportJobError(exportId, 'the completed job has no downloadUrl'));
      return defer(() => analytics.json(status.downloadUrl)).pipe(map((rows) => {
        if (!Array.isArray(rows)) throw new ReportJobError(exportId, 'the download is not a JSON array of rows');
        return rows as ReportRow[];
      }));
    }),
  );
}

/** The created job's status URL, or the refusal the `result` string carries. */
function statusUrlOf(exportId: string, windowMs: number, body: { status?: string; message?: string | null; result?: unknown } | undefined): string {
  const result = body?.result;
  if (typeof result === 'string') {
    if (/too many buckets/i.test(result)) throw new ReportWindowTooLongError(exportId, windowMs, result);
    throw new ReportJobError(exportId, `the job was refused: ${result.slice(0, 300)}`);
  }
  const job = result as { statusUrl?: string; workflowId?: string; runId?: string } | null | undefined;
  if (job?.statusUrl) return job.statusUrl;
  if (job?.workflowId && job.runId) return `/api/public/reports/report/${encodeURIComponent(job.workflowId)}/${encodeURIComponent(job.runId)}/status`;
  throw new ReportJobError(exportId, `the job was not created (status ${body?.status ?? 'none'}${body?.message ? `: ${body.message}` : ''})`);
}

/**
 * A status answer. Khoros's quirk: `result` is a one-element ARRAY while running or failed
 * and an OBJECT once complete; either way `{jobInfo, result: {runnerState, detail, ...}}`.
 */
function readStatus(exportId: string, body: unknown): JobStatus {
  const raw = (body as { result?: unknown } | undefined)?.result;
  if (typeof raw === 'string') throw new ReportJobError(exportId, `the status answered an error: ${raw.slice(0, 300)}`);
  const entry = (Array.isArray(raw) ? raw[0] : raw) as { jobInfo?: { downloadUrl?: string }; result?: { runnerState?: string; detail?: string; reason?: string; totalCount?: number } } | undefined;
  const run = entry?.result;
  if (!run) throw new ReportJobError(exportId, 'the status answer has no result');
  const detail = String(run.detail ?? '').toUpperCase();
  const closed = String(run.runnerState ?? '').toUpperCase() === 'CLOSED';
  const state = detail === 'COMPLETED' ? 'completed' : detail === 'FAILED' || closed ? 'failed' : 'running';
  return { state, downloadUrl: entry?.jobInfo?.downloadUrl ?? '', totalCount: typeof run.totalCount === 'number' ? run.totalCount : undefined, reason: run.reason ?? '' };
}
