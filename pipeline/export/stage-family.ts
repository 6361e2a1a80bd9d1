/**
 * One family's export pipeline: its source from the last checkpoints, validation,
 * case-id normalization, and the workspace write of each page with its checkpoint. Eight
 * pages of a stream are written at once; the pages handed on and not yet written are
 * counted at the run's gate (`page-gate.ts`), whose sources wait while too many are, so
 * memory holds a few pages whatever the size of the family and the speed of its API.
 */
import { defer, finalize, map, mergeMap, tap, type Observable } from 'rxjs';
import type { ValidateFunction } from 'ajv';
import { normalizeCaseIds, type CaseIdCollision, type SeenCaseIds } from '../../operators/normalize-case-ids.ts';
import { validateRecords } from '../../operators/validate-records.ts';
import type { KhorosClients } from '../khoros/khoros-api.ts';
import type { StreamCheckpoint } from '../khoros/source-page.ts';
import { keyOf, type SourceEntry, type SourceOptions } from '../khoros/sources/index.ts';
import type { Workspace, WorkspacePage } from '../workspace/workspace.ts';
import type { PageGate } from './page-gate.ts';
import { toWorkspacePage } from './to-workspace-page.ts';

/** Pages of one stream written concurrently (the source still fetches at its API's pace). */
const PAGES_IN_FLIGHT = 8;

/** What a stage needs besides its family. */
export interface StageContext {
  clients: KhorosClients;
  workspace: Workspace;
  validatorFor: (family: string) => ValidateFunction;
  sourceOptions: SourceOptions;
  checkpoints: ReadonlyMap<string, StreamCheckpoint>;
  /** Case ids already staged, so collisions are found across resumed runs too. */
  seenCaseIds: SeenCaseIds;
  /** Called after each page is durable. */
  onPage?: (page: WorkspacePage) => void;
  /** Counts the pages waiting for the writer; the sources' clients should wait at it (`gateClients`). */
  gate?: PageGate;
}

/**
 * The cold pipeline of one family; completes when its streams are done.
 *
 * @example
 * await lastValueFrom(stageFamily(entry, context), { defaultValue: undefined });
 */
export function stageFamily(entry: SourceEntry, context: StageContext): Observable<WorkspacePage> {
  const { clients, workspace, validatorFor, sourceOptions, checkpoints, seenCaseIds } = context;
  return defer(() => {
    // Collisions found in a page are recorded just before that page is written.
    const collisions: CaseIdCollision[] = [];
    // This family's pages at the gate: the ones still queued when it stops (an error) are let go.
    let held = 0;
    const release = () => {
      if (held === 0) return;
      held -= 1;
      context.gate?.left();
    };
    return entry.create(sourceOptions)(clients, checkpoints).pipe(
      validateRecords(validatorFor, keyOf),
      normalizeCaseIds({ seen: seenCaseIds, onCollision: (collision) => collisions.push(collision) }),
      map(toWorkspacePage),
      // Counted as the source hands the page on: synchronously, before it asks for the next one.
      tap(() => { held += 1; context.gate?.entered(); }),
      // Up to 8 pages in flight: the workspace queues calls in the order they are made and
      // commits queued pages together (group commit), so the calls are made synchronously, in
      // page order; a page behind a failed page of its stream is refused, never committed.
      mergeMap((page) => {
        const recorded = collisions.splice(0).map((collision) => workspace.recordCaseIdCollision(collision));
        return Promise.all([...recorded, workspace.writePage(page)]).then(() => page).finally(release);
      }, PAGES_IN_FLIGHT),
      tap((page) => context.onPage?.(page)),
      finalize(() => { while (held > 0) release(); }),
    );
  });
}
