/**
 * The one paginator every source runs: a fresh state machine per subscription, in dlt's
 * four steps (init request → `initial` or the resumed checkpoint; update state and update
 * request → `fetch` answers the page and the state after it; has next page → `done`).
 */
import { defer, EMPTY, expand, from, map, Observable, throwError, type ObservableInput } from 'rxjs';
import type { SourcePage, StreamCheckpoint } from '../source-page.ts';
import { PaginationError } from './pagination-error.ts';

/**
 * A record the API was asked for and did not return (a display id `_meta` lists as
 * unprocessed): the export quarantines it so it is counted, not silently lost.
 * Reason convention as the quarantine's: `<kind>: <detail>`.
 */
export interface MissingRecord {
  key: string;
  reason: string;
}

/**
 * A page as the sources emit it: `SourcePage` plus the OPTIONAL `missing` list (only the
 * conversations source fills it). Assignable to `SourcePage`.
 */
export type PageWithMissing = SourcePage & { missing?: MissingRecord[] };

/** What one step fetched: its records and the state that resumes the stream after them. */
export interface PageStep<S> {
  /** Where the records came from, without credentials (`GET /crm/customers?limit=1000`). */
  endpoint: string;
  records: unknown[];
  /** The state after this page; it becomes the checkpoint (`{...next, done}`). */
  next: S;
  /** True when nothing follows this page. */
  done: boolean;
  missing?: MissingRecord[];
}

/** A stream's paginator. */
export interface Paginator<S extends object> {
  family: string;
  /** Unique over all sources: the workspace keys checkpoints by stream. */
  stream: string;
  /** The state of a run that starts from the beginning. */
  initial: S;
  /**
   * One step: the requests for the page at `state` (a Promise for one call, an Observable
   * when a page takes several, so that unsubscribing stops between them).
   */
  fetch(state: S): ObservableInput<PageStep<S>>;
  /**
   * Most pages one subscription may fetch (got's `requestLimit`): a safety net against an
   * API that keeps handing out fresh cursors.
   * @default DEFAULT_MAX_PAGES
   */
  maxPages?: number;
}

/**
 * @see Paginator.maxPages. High enough for a million persons at 10 per page; the
 * repeated-position guard catches the common loop long before.
 */
export const DEFAULT_MAX_PAGES = 1_000_000;

/**
 * A cold Observable of the stream's pages: nothing is requested before subscription, the
 * next page is requested only after the previous one was emitted, and no page is kept
 * after it is emitted. Starts from the stream's checkpoint in `resumeFrom` (a `done` one
 * emits nothing); each page carries the checkpoint that resumes after it. Errors (the
 * client's, a cursor that does not move, the page cap) flow down the stream.
 *
 * @example
 * const pages = paginate({
 *   family: 'customers', stream: 'customers', initial: { cursor: null as string | null },
 *   fetch: async ({ cursor }) => {
 *     const body = await crm.json<{ customers: unknown[]; nextCursor: string | null }>('/customers', { searchParams: cursor ? { cursor } : {} });
 *     return { endpoint: 'GET /crm/customers', records: body.customers, next: { cursor: body.nextCursor }, done: !body.nextCursor };
 *   },
 * }, new Map());
 */
export function paginate<S extends object>(paginator: Paginator<S>, resumeFrom: ReadonlyMap<string, StreamCheckpoint>): Observable<PageWithMissing> {
  const { family, stream, maxPages = DEFAULT_MAX_PAGES } = paginator;
  return defer(() => {
    const resume = resumeFrom.get(stream);
    if (resume?.done) return EMPTY;
    const step = (state: S) => new Observable<PageWithMissing>((subscriber) => {
      // `expand` subscribes to the next step right after emitting a page, even when that
      // emission made the consumer unsubscribe (`take(1)`): a closed subscriber starts nothing.
      if (subscriber.closed) return undefined;
      return from(paginator.fetch(state)).pipe(
        map((result) => {
          // Meltano's guard: a page that leaves the state as it was would be fetched forever.
          if (!result.done && JSON.stringify(result.next) === JSON.stringify(state)) {
            throw new PaginationError(stream, `the API answered the same position again (${JSON.stringify(state).slice(0, 200)})`);
          }
          const page: PageWithMissing = { family, stream, endpoint: result.endpoint, records: result.records, checkpoint: { ...result.next, done: result.done } };
          if (result.missing?.length) page.missing = result.missing;
          return page;
        }),
      ).subscribe(subscriber);
    });
    // One step at a time (concurrency 1); the page cap is expand's own index.
    return step(resume ? stateOf<S>(resume) : paginator.initial).pipe(
      expand((page, index) => {
        if (page.checkpoint.done) return EMPTY;
        if (index + 1 >= maxPages) return throwError(() => new PaginationError(stream, `reached the cap of ${maxPages} pages without finishing`));
        return step(stateOf<S>(page.checkpoint));
      }, 1),
    );
  });
}

/** The paginator state a checkpoint holds. */
function stateOf<S>(checkpoint: StreamCheckpoint): S {
  const { done: _done, ...state } = checkpoint;
  return state as S;
}
