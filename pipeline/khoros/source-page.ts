/**
 * What a source emits: one page of records from one endpoint, with the checkpoint that
 * resumes the stream after this page. The workspace writes a page's rows and its
 * checkpoint in one transaction, so a killed export resumes exactly after the last page
 * it made durable.
 */
import type { Observable } from 'rxjs';
import type { KhorosClients } from './khoros-api.ts';

/** One page. */
export interface SourcePage<T = unknown> {
  /** Object family the records belong to (`customers`, `cases`, ...): the raw table is `raw_<family>`. */
  family: string;
  /** The stream this page advances (a family may have several, e.g. conversations per window). */
  stream: string;
  /** The endpoint the records came from, without credentials (`GET /crm/customers?limit=1000`). */
  endpoint: string;
  records: T[];
  /** State that resumes the stream after this page; `{ done: true }` when the stream is finished. */
  checkpoint: StreamCheckpoint;
}

/** A stream's resumable position: a cursor, an offset, a window, or done. */
export interface StreamCheckpoint {
  done: boolean;
  [key: string]: unknown;
}

/**
 * A source: a cold Observable of pages for one object family, starting from the stream's
 * last checkpoint (null: from the beginning). Nothing is requested until subscription.
 */
export type Source = (clients: KhorosClients, resumeFrom: ReadonlyMap<string, StreamCheckpoint>) => Observable<SourcePage>;
