/**
 * Turns a validated page into what the workspace writes: valid records with a key become
 * rows; a valid record without a key, and every record a source reported missing, join
 * the quarantine with a reason, so that nothing is dropped on the way.
 */
import type { ValidatedPage } from '../../operators/validated-page.ts';
import type { MissingRecord } from '../khoros/sources/paginate.ts';
import type { WorkspacePage } from '../workspace/workspace.ts';

/**
 * @example
 * validated$.pipe(map(toWorkspacePage), concatMap((page) => workspace.writePage(page)));
 */
export function toWorkspacePage(page: ValidatedPage & { missing?: MissingRecord[] }): WorkspacePage {
  const rows: { key: string; payload: unknown }[] = [];
  const quarantined = [...page.quarantined];
  for (const record of page.valid) {
    if (record.key === null) quarantined.push({ key: null, reason: '/ the record has no key (its id field is missing or empty)', payload: record.payload });
    else rows.push({ key: record.key, payload: record.payload });
  }
  for (const missing of page.missing ?? []) quarantined.push({ key: missing.key, reason: `/ ${missing.reason}`, payload: null });
  return { family: page.family, stream: page.stream, endpoint: page.endpoint, rows, quarantined, checkpoint: page.checkpoint };
}
