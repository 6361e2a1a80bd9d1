/**
 * Gives every valid case its canonical id and reports case ids that collide, across pages.
 */
import { defer, map, type OperatorFunction } from 'rxjs';
import { parseCaseId } from './parse-case-id.ts';
import type { QuarantinedRecord, ValidatedPage, ValidRecord } from './validated-page.ts';

/** Two or more different source case ids that one normalization would merge. */
export interface CaseIdCollision {
  /**
   * `same-canonical-id`: the ids are spellings of one canonical id (`CASE-004711`,
   * `CASE-0004711`); `same-naive-key`: distinct canonical ids that a naive normalization
   * (digits only, no leading zeros) would merge, such as legacy `00004711` and new
   * `CASE-004711`.
   */
  reason: 'same-canonical-id' | 'same-naive-key';
  /** Every distinct source id seen so far with this naive key, first seen first. */
  ids: string[];
  /** The canonical id of each of `ids`, in the same order. */
  canonical: string[];
  /** The naive key they share (`4711`). */
  naiveKey: string;
}

/** Naive key → the distinct source ids seen with it; a `Map` will do. */
export interface SeenCaseIds {
  get(naiveKey: string): readonly string[] | undefined;
  set(naiveKey: string, ids: readonly string[]): unknown;
}

/** Options of `normalizeCaseIds`. */
export interface NormalizeCaseIdsOptions {
  /** Called once each time a new id joins a collision group, before its page is emitted; a throw errors the stream. */
  onCollision: (collision: CaseIdCollision) => void;
  /**
   * The ids seen so far. Memory: one entry per distinct case id (about 100 bytes), so a
   * million cases hold about 100 MB; pass a store backed by the workspace to bound it, or
   * the same store on every run to detect collisions across resumed runs.
   * @default a new Map per subscription
   */
  seen?: SeenCaseIds;
  /** The family whose pages hold cases; other pages pass untouched. @default 'cases' */
  family?: string;
}

/**
 * Adds `canonicalId` (see `parseCaseId`: `00012345` → `L-12345`, `CASE-012345` →
 * `N-12345`) to each valid case, as a new payload object, and reports through `onCollision`
 * every time two DIFFERENT source ids share a canonical id or a naive key. Both records
 * always stay valid and keep their own `key` (the source id), so the workspace never merges
 * them; linking by canonical id is for later stages, with the report in hand. A case whose
 * id has neither format, or whose payload already holds a different `canonicalId` (a custom
 * field of that name), moves to `quarantined` with the reason, never guessed or overwritten.
 * Idempotent: re-normalizing gives the same ids, and the same ids seen again are no news.
 *
 * @example
 * validated$.pipe(normalizeCaseIds({ onCollision: (c) => report.push(c) }));
 * // { reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'], canonical: ['L-4711', 'N-4711'], naiveKey: '4711' }
 */
export function normalizeCaseIds(options: NormalizeCaseIdsOptions): OperatorFunction<ValidatedPage, ValidatedPage> {
  const { onCollision, family = 'cases' } = options;
  return (source) =>
    defer(() => {
      // Fresh per subscription unless given: a re-subscription is a new run.
      const seen = options.seen ?? new Map<string, readonly string[]>();
      return source.pipe(map((page) => (page.family === family ? normalizePage(page, seen, onCollision) : page)));
    });
}

function normalizePage(page: ValidatedPage, seen: SeenCaseIds, onCollision: (c: CaseIdCollision) => void): ValidatedPage {
  const valid: ValidRecord[] = [];
  const quarantined: QuarantinedRecord[] = [...page.quarantined];
  for (const { key, payload } of page.valid) {
    const id = typeof payload.id === 'string' ? payload.id : '';
    const parsed = parseCaseId(id);
    if (!parsed) {
      quarantined.push({ key, reason: `/id ${show(payload.id)} is neither a legacy case id (00012345) nor a new one (CASE-012345)`, payload });
      continue;
    }
    if (payload.canonicalId !== undefined && payload.canonicalId !== parsed.canonical) {
      quarantined.push({ key, reason: `/canonicalId already holds ${show(payload.canonicalId)}, not the canonical id ${parsed.canonical}`, payload });
      continue;
    }
    valid.push({ key, payload: { ...payload, canonicalId: parsed.canonical } });
    const group = seen.get(parsed.naiveKey) ?? [];
    if (group.includes(id)) continue;
    const ids = [...group, id];
    seen.set(parsed.naiveKey, ids);
    if (group.length === 0) continue;
    const canonical = ids.map((other) => parseCaseId(other)!.canonical);
    const reason = canonical.slice(0, -1).includes(parsed.canonical) ? 'same-canonical-id' : 'same-naive-key';
    onCollision({ reason, ids: [...ids], canonical, naiveKey: parsed.naiveKey });
  }
  return { ...page, valid, quarantined };
}

/** A value for a reason line; never throws (a bigint or a cyclic object would make JSON.stringify throw). */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
