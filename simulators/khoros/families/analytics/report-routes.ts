/**
 * The Analytics Reports API routes: create a job, poll its status, download its rows.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { KhorosHttpError, type FamilyContext, type KhorosRequest, type KhorosResponse, type KhorosRoute } from '../../route.ts';
import { jobStatus, type ReportJob } from './report-job.ts';
import { reportTable, type ConversationReportType } from './report-rows.ts';
import { toCsv } from './to-csv.ts';

const HOUR = 3_600_000;
/** Jobs kept per run; the oldest are forgotten first, so memory stays bounded. */
const MAX_JOBS = 1000;
const REPORT_TYPES: readonly ConversationReportType[] = ['OPEN_AT_END', 'CLOSED', 'CREATED'];

const pass = (result: unknown): KhorosResponse => ({ status: 200, body: { status: 'PASS', request: null, message: null, result } });

/**
 * Routes (documented paths and envelopes; timing, errors and columns seed-defined):
 * - `POST|GET /api/public/reports/report/{exportId}?companyKey&startTime&endTime&reportFormat&conversationReportType`
 *   → `result: {workflowId, runId, downloadUrl: "", statusUrl}`; a window longer than
 *   `settings.analyticsMaxWindowMs` answers PASS with an error string in `result`, as the
 *   reference shows for too many buckets (one bucket per hour here);
 * - `GET /api/public/reports/report/{workflowId}/{runId}/status?companyKey` → see `jobStatus`;
 * - `GET /api/public/reports/report/{workflowId}/{runId}/download?analyticsAccessToken` →
 *   a JSON array of flat rows, or `text/csv`; no Basic auth, the job's token instead.
 *
 * @example
 * const routes = reportRoutes(ctx, new Map()); // mounted by `analyticsFamily`
 */
export function reportRoutes({ store, settings }: FamilyContext, jobs: Map<string, ReportJob>): KhorosRoute[] {
  const create = (req: KhorosRequest): KhorosResponse => {
    const exportId = req.params.exportId;
    const start = epochMillis(req.query.get('startTime'), 'startTime');
    const end = epochMillis(req.query.get('endTime'), 'endTime');
    if (end <= start) throw new KhorosHttpError(400, 'endTime must be greater than startTime');
    const format = req.query.get('reportFormat') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new KhorosHttpError(400, `Unsupported reportFormat "${format}": use json or csv`);
    const type = (req.query.get('conversationReportType') ?? 'OPEN_AT_END') as ConversationReportType;
    if (!REPORT_TYPES.includes(type)) throw new KhorosHttpError(400, `Unsupported conversationReportType "${type}": use ${REPORT_TYPES.join(', ')}`);
    if (end - start > settings.analyticsMaxWindowMs) {
      const buckets = Math.ceil((end - start) / HOUR);
      const max = Math.floor(settings.analyticsMaxWindowMs / HOUR);
      return pass(`Unable to hydrate filter for report ${exportId}: Too many buckets (${buckets}) requested, the maximum is ${max}. Narrow the range between startTime and endTime.`);
    }
    const table = reportTable(exportId, store, { start, end, conversationReportType: type });
    if (!table) throw new KhorosHttpError(400, `Unsupported export id "${exportId}": the simulator serves conversation, author and raw_agent_states`);

    const workflowId = randomUUID();
    const runId = randomBytes(24).toString('base64url');
    const token = randomBytes(24).toString('hex');
    const base = `${req.baseUrl}/api/public/reports/report/${workflowId}/${runId}`;
    const job: ReportJob = {
      workflowId, runId, exportId, format, token, table,
      createdAt: req.now,
      readyAt: req.now + settings.analyticsJobMs,
      statusUrl: `${base}/status?companyKey=${encodeURIComponent(settings.companyKey)}`,
      downloadUrl: `${base}/download?analyticsAccessToken=${token}`,
    };
    jobs.set(`${workflowId}/${runId}`, job);
    if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
    return pass({ workflowId, runId, downloadUrl: '', statusUrl: job.statusUrl });
  };
  const find = (req: KhorosRequest): ReportJob => {
    const job = jobs.get(`${req.params.workflowId}/${req.params.runId}`);
    if (!job) throw new KhorosHttpError(404, `No report job ${req.params.workflowId}/${req.params.runId}`);
    return job;
  };
  return [
    { method: 'POST', path: '/api/public/reports/report/:exportId', handler: create },
    { method: 'GET', path: '/api/public/reports/report/:exportId', handler: create },
    {
      method: 'GET',
      path: '/api/public/reports/report/:workflowId/:runId/status',
      handler: (req) => pass(jobStatus(find(req), req.now)),
    },
    {
      method: 'GET',
      path: '/api/public/reports/report/:workflowId/:runId/download',
      auth: 'none',
      handler(req) {
        const job = find(req);
        if (req.query.get('analyticsAccessToken') !== job.token) throw new KhorosHttpError(401, 'Invalid analyticsAccessToken');
        if (req.now < job.readyAt) throw new KhorosHttpError(409, 'The report is not ready yet');
        if (job.format === 'json') return { status: 200, body: job.table.rows };
        const bytes = Buffer.from(toCsv(job.table.columns, job.table.rows), 'utf8');
        return { status: 200, raw: { contentType: 'text/csv; charset=utf-8', length: bytes.length, stream: Readable.from([bytes]) } };
      },
    },
  ];
}

function epochMillis(text: string | null, name: string): number {
  if (text === null || !/^\d{1,15}$/.test(text)) throw new KhorosHttpError(400, `${name} is required and must be epoch milliseconds`);
  return Number(text);
}
