/**
 * Counts one object type's records as a verify step walks them (planned, written, checked,
 * read back, quarantined, missing) and turns the tally into `ObjectCounts` with the
 * recorder's findings.
 */
import type { VerifyRecorder } from './verify-recorder.ts';
import type { ObjectCounts } from './verify-types.ts';
import { UNEXPECTED_KINDS } from '../workspace/reconciliation-views.ts';

/** The running tally of one object type. */
export interface ScopeTally {
  planned: number;
  written: number;
  checked: number;
  readBack: number;
  quarantined: number;
}

/** Zero counts. */
export function emptyTally(): ScopeTally {
  return { planned: 0, written: 0, checked: 0, readBack: 0, quarantined: 0 };
}

/** Finding kinds that mark a record as not matching (besides missing it altogether). */
const MISMATCH_KINDS = ['field_mismatch', 'part_missing', 'attachment_missing', 'tag_missing', 'image_not_hosted', 'link_not_rewritten',
  'part_count_short', 'part_count_over', 'unexpected_part', 'unexpected_attachment'];

/**
 * @example
 * objectCounts('contact', { source: 20, staged: 20 }, tally, recorder);
 */
export function objectCounts(objectType: string, totals: { source: number; staged: number }, tally: ScopeTally, recorder: VerifyRecorder): ObjectCounts {
  return {
    objectType, source: totals.source, staged: totals.staged, quarantined: tally.quarantined, planned: tally.planned,
    written: tally.written, checked: tally.checked, readBack: tally.readBack,
    missing: recorder.recordsWith(objectType, ['missing', 'not_written']),
    unexpected: recorder.countBy(objectType, UNEXPECTED_KINDS),
    withMismatches: recorder.recordsWith(objectType, MISMATCH_KINDS),
  };
}

/**
 * Tallies one record in scope by what the map and the ledger say: not planned (or not
 * written and quarantined by import) → quarantined; planned, not written → a `not_written`
 * finding; written → to be read back. Answers whether to read it back.
 *
 * @example
 * if (!tallyRecord(tally, recorder, 'contact', key, result.update !== null, target, quarantined.has(key))) return;
 */
export function tallyRecord(
  tally: ScopeTally, recorder: VerifyRecorder, objectType: string, key: string, planned: boolean, target: unknown, quarantined: boolean,
): boolean {
  if (!planned || (!target && quarantined)) {
    tally.quarantined += 1;
    return false;
  }
  tally.planned += 1;
  if (!target) {
    recorder.finding({ objectType, khorosKey: key, intercomId: null, kind: 'not_written', detail: `the map writes this record; the ledger has no ${objectType} for it` });
    return false;
  }
  tally.written += 1;
  tally.checked += 1;
  return true;
}
