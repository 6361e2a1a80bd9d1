/**
 * What every transform takes besides the record: the confirmed map, the resolved lookups
 * and, for snoozes, the current time.
 */
import type { Mapping } from '../mapping/mapping.ts';
import type { Lookups } from './lookups.ts';

/** The transforms' context. */
export interface TransformContext {
  mapping: Mapping;
  lookups: Lookups;
  /** Unix seconds "now" (snoozed conversations wake a day later); absent: nothing is snoozed. */
  now?: number;
}
