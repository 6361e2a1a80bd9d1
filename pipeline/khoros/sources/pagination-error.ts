/**
 * Errors a source raises about the API's answers rather than about one request: a
 * paginator that stops progressing, an answer without the expected shape, an Analytics
 * job that fails or never completes. Grouped by what the runner should do.
 */
import { FatalError, RetriableError } from '../../errors.ts';

/**
 * A stream stopped progressing (the API handed back the cursor it was given) or hit its
 * page cap: the export stops at the last durable checkpoint; rerunning would loop again,
 * so it is fatal until someone looks.
 *
 * @example
 * throw new PaginationError('customers', 'the cursor did not change (Y2FzZS0x)');
 */
export class PaginationError extends FatalError {
  constructor(readonly stream: string, detail: string) {
    super('khoros_pagination_stuck', `stream ${stream}: ${detail}; the stream stopped at its last checkpoint.`);
  }
}

/**
 * The API answered 2xx with a body that lacks what the source reads (a list, a cursor):
 * the contract changed or the answer was garbled. Fatal: rerunning gets the same answer.
 *
 * @example
 * throw new UnexpectedAnswerError('customers', 'GET /crm/customers', 'no "customers" array');
 */
export class UnexpectedAnswerError extends FatalError {
  constructor(readonly stream: string, readonly endpoint: string, detail: string) {
    super('khoros_unexpected_answer', `stream ${stream}: ${endpoint} answered without the expected shape (${detail}).`);
  }
}

/**
 * An Analytics report job failed, answered an error string, or did not complete within
 * the polls allowed. Retriable: rerunning resumes at the window and creates a new job.
 *
 * @example
 * throw new ReportJobError('conversation', 'the job FAILED: out of memory');
 */
export class ReportJobError extends RetriableError {
  constructor(readonly exportId: string, detail: string, options?: { cause?: unknown }) {
    super('khoros_report_job_failed', `Analytics report ${exportId}: ${detail}; rerun the export to resume from the last checkpoint.`, options);
  }
}

/**
 * Analytics refused the window as too long, with its error string in `result` ("Too many
 * buckets (745) requested ..."). Sources catch it and walk smaller windows.
 *
 * @example
 * catchError((e) => (e instanceof ReportWindowTooLongError ? smaller() : throwError(() => e)));
 */
export class ReportWindowTooLongError extends ReportJobError {
  constructor(exportId: string, readonly windowMs: number, readonly answer: string) {
    super(exportId, `the ${Math.round(windowMs / 3_600_000)}-hour window was refused as too long: ${answer.slice(0, 300)}`);
  }
}
