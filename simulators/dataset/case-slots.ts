/**
 * The cases that carry planted edge cases, and how many interactions each one has. Legacy
 * slots sit among the cases created before 2025-07-01, new slots among the later ones; the
 * plan spreads each list evenly over its part of the timeline. The generator and
 * `parseScale` share this table: the planted interaction counts set the smallest scale.
 */

/** What a planted case carries. */
export type CaseRole =
  | 'colliding-legacy'
  | 'colliding-new'
  | 'empty'
  | 'over-500'
  | 'out-of-order'
  | 'same-timestamp'
  | 'script-body'
  | 'non-latin-bodies'
  | 'malformed-date'
  | 'option-not-in-list'
  | 'attachment-types'
  | 'oversize-attachment';

/** One planted case: its role, a variant number, and a fixed interaction count if it needs one. */
export interface CaseSlot {
  role: CaseRole;
  /** Distinguishes two slots with the same role (e.g. which scripts the bodies use). */
  variant: number;
  /** Fixed interaction count; absent means "drawn like any other case". */
  interactions?: number;
}

/**
 * How many interactions the case with more than 500 interactions has.
 *
 * @example
 * OVER_500_INTERACTIONS > 500; // true
 */
export const OVER_500_INTERACTIONS = 520;

/**
 * Slots among legacy cases (created before 2025-07-01).
 *
 * @example
 * LEGACY_CASE_SLOTS.find((s) => s.role === 'over-500')?.interactions; // 520
 */
export const LEGACY_CASE_SLOTS: readonly CaseSlot[] = [
  { role: 'colliding-legacy', variant: 0 },
  { role: 'empty', variant: 0, interactions: 0 },
  { role: 'over-500', variant: 0, interactions: OVER_500_INTERACTIONS },
  { role: 'out-of-order', variant: 0, interactions: 6 },
  { role: 'same-timestamp', variant: 0, interactions: 5 },
  { role: 'script-body', variant: 0, interactions: 4 },
  { role: 'non-latin-bodies', variant: 0, interactions: 6 },
  { role: 'malformed-date', variant: 0 },
  { role: 'option-not-in-list', variant: 0 },
  { role: 'attachment-types', variant: 0, interactions: 8 },
];

/**
 * Slots among new-format cases (created on or after 2025-07-01).
 *
 * @example
 * NEW_CASE_SLOTS[0].role; // 'colliding-new'
 */
export const NEW_CASE_SLOTS: readonly CaseSlot[] = [
  { role: 'colliding-new', variant: 0 },
  { role: 'empty', variant: 1, interactions: 0 },
  { role: 'out-of-order', variant: 1, interactions: 6 },
  { role: 'same-timestamp', variant: 1, interactions: 5 },
  { role: 'non-latin-bodies', variant: 1, interactions: 6 },
  { role: 'oversize-attachment', variant: 0, interactions: 3 },
  { role: 'script-body', variant: 1, interactions: 4 },
];

const fixed = [...LEGACY_CASE_SLOTS, ...NEW_CASE_SLOTS].filter((s) => s.interactions !== undefined);

/**
 * Interactions held by the planted cases that have a fixed count.
 *
 * @example
 * PLANTED_INTERACTIONS; // 573
 */
export const PLANTED_INTERACTIONS = fixed.reduce((sum, s) => sum + (s.interactions ?? 0), 0);

/**
 * Planted cases with a fixed count (the other cases get at least one interaction each).
 *
 * @example
 * PLANTED_FIXED_CASES; // 13
 */
export const PLANTED_FIXED_CASES = fixed.length;

/**
 * The fewest interactions a dataset with `cases` cases can have: the planted counts plus
 * one per other case.
 *
 * @example
 * minimumInteractions(30); // PLANTED_INTERACTIONS + 30 - PLANTED_FIXED_CASES
 */
export function minimumInteractions(cases: number): number {
  return PLANTED_INTERACTIONS + Math.max(0, cases - PLANTED_FIXED_CASES);
}
