/**
 * What `validateRecords` emits: the source page, untouched, with its records split into
 * the valid ones and the quarantined ones. Every record of `records` is in exactly one of
 * the two lists, in source order: counted, never dropped.
 */
import type { SourcePage } from '../pipeline/khoros/source-page.ts';

/** A record that passed its family's schema. */
export interface ValidRecord {
  /** The record's key (`keyOf`), e.g. its source id. */
  key: string | null;
  payload: Record<string, unknown>;
}

/**
 * A record that did not: the quarantine table's row. Where it came from is the page's
 * `family`, `stream` and `endpoint`.
 */
export interface QuarantinedRecord {
  /** The record's key when it has one (null for a record that is not an object). */
  key: string | null;
  /** Why, one problem per line: `/interactions/3/created must match format "date-time"`. */
  reason: string;
  /**
   * The record exactly as the source gave it. The workspace stores it through
   * `storableJson`, so a cycle or a lone surrogate shows as a marker rather than failing.
   */
  payload: unknown;
}

/**
 * A source page after validation.
 *
 * @example
 * const page: ValidatedPage = { ...sourcePage, valid: [{ key: 'C1', payload: customer }], quarantined: [] };
 */
export type ValidatedPage = SourcePage & {
  valid: ValidRecord[];
  quarantined: QuarantinedRecord[];
};
