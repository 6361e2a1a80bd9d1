/**
 * One family's export pipeline: its source from the last checkpoints, validation,
 * case-id normalization, and the workspace write of each page with its checkpoint. At most
 * eight pages wait for the writer, and the source pages at its API's pace, so memory holds a
 * few pages whatever the size of the family.
 */
import { defer, map, mergeMap, tap, type Observable } from 'rxjs';
import type { ValidateFunction } from 'ajv';
import { normalizeCaseIds, type CaseIdCollision, type SeenCaseIds } from '../../operators/normalize-case-ids.ts';
import { validateRecords } from '../../operators/validate-records.ts';
import type { KhorosClients } from '../khoros/khoros-api.ts';
import type { StreamCheckpoint } from '../khoros/source-page.ts';
import { keyOf, type SourceEntry, type SourceOptions } from '../khoros/sources/index.ts';
import type { Workspace, WorkspacePage } from '../workspace/workspace.ts';
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
    return entry.create(sourceOptions)(clients, checkpoints).pipe(
      validateRecords(validatorFor, keyOf),
      normalizeCaseIds({ seen: seenCaseIds, onCollision: (collision) => collisions.push(collision) }),
      map(toWorkspacePage),
      // Up to 8 pages in flight: the workspace queues calls in the order they are made and
      // commits queued pages together (group commit), so the calls are made synchronously, in
      // page order; a page behind a failed page of its stream is refused, never committed.
      mergeMap((page) => {
        const recorded = collisions.splice(0).map((collision) => workspace.recordCaseIdCollision(collision));
        return Promise.all([...recorded, workspace.writePage(page)]).then(() => page);
      }, PAGES_IN_FLIGHT),
      tap((page) => context.onPage?.(page)),
    );
  });
}
