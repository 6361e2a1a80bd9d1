/**
 * Care conversations with their messages, in two moves:
 * 1. enumerate display ids with the Analytics Raw Conversation report
 *    (`conversationReportType=CREATED`), one job per contiguous ≤ 31-day window from
 *    `since` to `until` (each conversation is created in exactly one window);
 * 2. fetch details with `GET /api/v2/conversations/displayIds/{≤ 20 ids}` (care quota),
 *    batching ids ACROSS windows so every call but the last carries 20.
 * Requests for `n` conversations over `W` windows: details `ceil(n / 20)` (50 per 1,000,
 * the documented floor: no call returns more conversations); enumeration `2W` for empty
 * windows plus one download per window with rows (Analytics quota, independent of `n`:
 * ~140 windows from 2015, so set `since` to the go-live date). The Care alternative
 * (`authors/changed` per 24 h, then each author's conversation ids per 24 h) costs at
 * least a request per day plus one per changed author per day: far more.
 * Ids the details call does not return (`_meta.unprocessed`, or absent) are listed in the
 * page's `missing` (key: the conversation's lswUuid from the report row), for quarantine.
 *
 * Checkpoint `{start, windowMs, pending, done}`: the start of the next window to
 * enumerate, the window length the API accepts (halved after a "Too many buckets"
 * refusal), and the `[displayNumber, lswUuid]` pairs enumerated but not yet fetched. A
 * window holding more than `maxWindowIds` conversations is cut at a creation time and the
 * rest enumerated by the next job, so a checkpoint never carries more than that many.
 */
import { catchError, defer, map, of, throwError, type Observable } from 'rxjs';
import type { KhorosClients } from '../khoros-api.ts';
import type { Source } from '../source-page.ts';
import { paginate, type MissingRecord, type PageStep } from './paginate.ts';
import { ReportWindowTooLongError, UnexpectedAnswerError } from './pagination-error.ts';
import { runReportJob, type ReportRow } from './run-report-job.ts';
import { DEFAULT_PAGE_SIZES, DEFAULT_SINCE, epochMs, type SourceOptions } from './source-options.ts';

const DAY = 86_400_000;
/** The shortest window tried after "Too many buckets" refusals. */
const MIN_WINDOW_MS = 3_600_000;

/** Checkpoint state of the conversations stream. */
export interface ConversationsState {
  start: number;
  windowMs: number;
  pending: [displayNumber: number, lswUuid: string][];
}

/** Conversation-specific options (beside `SourceOptions`). */
export interface ConversationsOptions extends SourceOptions {
  /** Most conversations one window may enumerate before it is cut. @default 5000 */
  maxWindowIds?: number;
}

/**
 * The raw-table key of a conversation: its `lswUuid`.
 *
 * @example
 * conversationKey({ lswUuid: '59faeb50-…', displayNumber: 1800001 }); // '59faeb50-…'
 */
export function conversationKey(record: Record<string, unknown>): string | null {
  return typeof record.lswUuid === 'string' && record.lswUuid !== '' ? record.lswUuid : null;
}

/**
 * The conversations source (family and stream `conversations`).
 *
 * @example
 * conversationsSource({ since: '2023-01-01T00:00:00Z' })(clients, new Map());
 */
export function conversationsSource(options: ConversationsOptions = {}): Source {
  const batchSize = Math.min(options.pageSizes?.displayIds ?? DEFAULT_PAGE_SIZES.displayIds, DEFAULT_PAGE_SIZES.displayIds);
  const { windowDays = 31, ...poll } = options.report ?? {};
  const maxWindowIds = Math.max(batchSize, options.maxWindowIds ?? 5000);
  const since = epochMs(options.since, DEFAULT_SINCE, 'since');
  const reportEndpoint = 'POST /analytics/api/public/reports/report/conversation?conversationReportType=CREATED';
  const detailsEndpoint = 'GET /care/api/v2/conversations/displayIds/{ids}';

  return (clients, resumeFrom) => defer(() => {
    const until = epochMs(options.until, Date.now(), 'until');

    /** Move 1: one report job for the window at `state.start`. */
    const enumerate = (state: ConversationsState): Observable<PageStep<ConversationsState>> => {
      const end = Math.min(state.start + state.windowMs, until);
      return runReportJob(clients.analytics, { exportId: 'conversation', start: state.start, end, params: { conversationReportType: 'CREATED' } }, poll).pipe(
        map((rows) => {
          const { found, missing, cutAt } = readRows(rows, maxWindowIds, state.start);
          const next: ConversationsState = { start: cutAt ?? end, windowMs: state.windowMs, pending: [...state.pending, ...found] };
          return { endpoint: reportEndpoint, records: [], next, done: next.start >= until && next.pending.length === 0, missing };
        }),
        catchError((error) => (error instanceof ReportWindowTooLongError && state.windowMs > MIN_WINDOW_MS
          ? enumerate({ ...state, windowMs: Math.max(MIN_WINDOW_MS, Math.floor(state.windowMs / 2)) })
          : throwError(() => error))),
      );
    };

    /** Move 2: details of the next (up to) 20 pending ids. */
    const details = async (state: ConversationsState): Promise<PageStep<ConversationsState>> => {
      const batch = state.pending.slice(0, batchSize);
      const body = await clients.care.json<{ data?: unknown; _meta?: { status?: string; unprocessed?: { displayId?: unknown; reason?: string }[] } }>(
        `/api/v2/conversations/displayIds/${batch.map(([d]) => d).join(',')}`,
      );
      if (!Array.isArray(body?.data)) throw new UnexpectedAnswerError('conversations', detailsEndpoint, 'no "data" array');
      const records = body.data as Record<string, unknown>[];
      const returned = new Set(records.map((c) => Number(c.displayNumber)));
      const reasons = new Map((body._meta?.unprocessed ?? []).map((u) => [Number(u.displayId), u.reason]));
      const missing: MissingRecord[] = batch.filter(([d]) => !returned.has(d)).map(([d, id]) => ({
        key: id || `displayNumber:${d}`,
        reason: `not_found: display id ${d} was not returned by the displayIds lookup (${reasons.get(d) ?? body._meta?.status ?? 'absent from the answer'})`,
      }));
      const next: ConversationsState = { ...state, pending: state.pending.slice(batch.length) };
      return { endpoint: detailsEndpoint, records, next, done: next.start >= until && next.pending.length === 0, missing };
    };

    return paginate<ConversationsState>({
      family: 'conversations', stream: 'conversations', maxPages: options.maxPages,
      initial: { start: since, windowMs: windowDays * DAY, pending: [] },
      fetch(state) {
        const moreWindows = state.start < until;
        // Fetch as soon as a full batch waits, or the rest once every window is enumerated.
        if (state.pending.length >= batchSize || (!moreWindows && state.pending.length > 0)) return details(state);
        if (moreWindows) return enumerate(state);
        return of({ endpoint: reportEndpoint, records: [], next: state, done: true });
      },
    }, resumeFrom);
  });
}

/**
 * The `[displayNumber, lswUuid]` pairs of a window's rows; rows without a usable display id
 * as missing. Past `maxIds` rows, keeps the earliest created and answers where to cut
 * (the next window starts at the first creation time left out).
 */
function readRows(rows: ReportRow[], maxIds: number, windowStart: number): { found: ConversationsState['pending']; missing: MissingRecord[]; cutAt?: number } {
  let kept = rows;
  let cutAt: number | undefined;
  if (rows.length > maxIds) {
    const sorted = [...rows].sort((a, b) => Number(a.createdTime) - Number(b.createdTime));
    const cut = Number(sorted[maxIds].createdTime);
    // Cut only where it makes progress: every row created before `cut` stays in this window.
    if (Number.isFinite(cut) && cut > windowStart) {
      kept = sorted.filter((r) => Number(r.createdTime) < cut);
      cutAt = cut;
    }
  }
  const found: ConversationsState['pending'] = [];
  const missing: MissingRecord[] = [];
  for (const row of kept) {
    const displayNumber = Number(row.conversationDisplayId);
    const id = typeof row.conversationId === 'string' ? row.conversationId : '';
    if (Number.isSafeInteger(displayNumber) && displayNumber > 0) found.push([displayNumber, id]);
    else missing.push({ key: id || `row:${JSON.stringify(row).slice(0, 100)}`, reason: `invalid_report_row: Raw Conversation row without a display id (${String(row.conversationDisplayId)})` });
  }
  return { found, missing, cutAt };
}
