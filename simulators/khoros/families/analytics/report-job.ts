/**
 * One asynchronous Analytics report job and its status payload (reference §3, "Analytics
 * job life-cycle"). How long a job runs and that its rows are a snapshot taken at creation
 * are seed-defined.
 */
import type { ReportTable } from './report-rows.ts';

/** A job as the family keeps it. */
export interface ReportJob {
  workflowId: string;
  runId: string;
  exportId: string;
  format: 'json' | 'csv';
  /** Simulator clock at creation, and when the job completes. */
  createdAt: number;
  readyAt: number;
  /** The `analyticsAccessToken` the download URL carries. */
  token: string;
  statusUrl: string;
  downloadUrl: string;
  table: ReportTable;
}

/**
 * The `result` of `GET …/{workflowId}/{runId}/status`, with the documented quirk: a
 * one-element ARRAY while running, an OBJECT once complete. `downloadUrl` stays `""` until
 * then; `currentCount` grows linearly with the elapsed time (seed-defined).
 *
 * @example
 * jobStatus(job, job.createdAt);   // [{ jobInfo, result: { runnerState: 'RUNNING', ... } }]
 * jobStatus(job, job.readyAt);     // { jobInfo, result: { runnerState: 'CLOSED', detail: 'COMPLETED', ... } }
 */
export function jobStatus(job: ReportJob, now: number): unknown {
  const totalCount = job.table.rows.length;
  const jobInfo = { workflowId: job.workflowId, runId: job.runId, downloadUrl: '', statusUrl: job.statusUrl };
  if (now < job.readyAt) {
    const share = (now - job.createdAt) / Math.max(1, job.readyAt - job.createdAt);
    const currentCount = Math.min(totalCount, Math.floor(totalCount * Math.max(0, share)));
    return [{ jobInfo, result: { runnerState: 'RUNNING', detail: '', reason: '', currentCount, totalCount, lastAcknowledgeTime: now } }];
  }
  return {
    jobInfo: { ...jobInfo, downloadUrl: job.downloadUrl },
    result: { runnerState: 'CLOSED', detail: 'COMPLETED', reason: '', currentCount: totalCount, totalCount, lastAcknowledgeTime: job.readyAt },
  };
}
