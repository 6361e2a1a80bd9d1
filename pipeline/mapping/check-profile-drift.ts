/**
 * Source drift: how the staged source's shape (its fields and their inferred types) differs
 * from the shape a map was confirmed against. A new field is data the map does not place; a
 * removed field or a changed type can make a confirmed conversion fail. Counts and samples
 * are not part of the shape, so a delta that only adds records is no drift.
 */
import type { ProfileShape } from './source-profile.ts';

/** The differences, by family. */
export interface ProfileDrift {
  /** Families staged now that were not profiled then, with their fields. */
  newFamilies: Record<string, string[]>;
  /** Families profiled then that have no staged fields now. */
  removedFamilies: string[];
  /** family → new fields (`path (type)`). */
  added: Record<string, string[]>;
  /** family → fields gone (`path (type)`). */
  removed: Record<string, string[]>;
  changed: { family: string; path: string; from: string; to: string }[];
}

/**
 * Compares a confirmed shape with the current one; null when they are the same.
 *
 * @example
 * profileDrift({ cases: { priority: 'integer' } }, { cases: { priority: 'string' } });
 * // { newFamilies: {}, removedFamilies: [], added: {}, removed: {}, changed: [{ family: 'cases', path: 'priority', from: 'integer', to: 'string' }] }
 */
export function profileDrift(confirmed: ProfileShape, current: ProfileShape): ProfileDrift | null {
  const drift: ProfileDrift = { newFamilies: {}, removedFamilies: [], added: {}, removed: {}, changed: [] };
  const families = [...new Set([...Object.keys(confirmed), ...Object.keys(current)])].sort();
  for (const family of families) {
    const then = confirmed[family] ?? {};
    const now = current[family] ?? {};
    const thenPaths = Object.keys(then);
    const nowPaths = Object.keys(now);
    if (thenPaths.length === 0 && nowPaths.length === 0) continue;
    if (thenPaths.length === 0) {
      drift.newFamilies[family] = nowPaths.sort().map((p) => `${p} (${now[p]})`);
      continue;
    }
    if (nowPaths.length === 0) {
      drift.removedFamilies.push(family);
      continue;
    }
    const added = nowPaths.filter((p) => !(p in then)).sort().map((p) => `${p} (${now[p]})`);
    const removed = thenPaths.filter((p) => !(p in now)).sort().map((p) => `${p} (${then[p]})`);
    if (added.length) drift.added[family] = added;
    if (removed.length) drift.removed[family] = removed;
    for (const path of thenPaths.filter((p) => p in now && now[p] !== then[p]).sort()) {
      drift.changed.push({ family, path, from: then[path], to: now[path] });
    }
  }
  const empty = !Object.keys(drift.newFamilies).length && !drift.removedFamilies.length && !Object.keys(drift.added).length &&
    !Object.keys(drift.removed).length && !drift.changed.length;
  return empty ? null : drift;
}

/**
 * One line per difference, for an error message.
 *
 * @example
 * describeDrift(drift); // ['customers: new field newField (string)', 'cases.priority: integer → string']
 */
export function describeDrift(drift: ProfileDrift): string[] {
  const few = (items: string[]) => (items.length > 12 ? `${items.slice(0, 12).join(', ')}, … (${items.length} in all)` : items.join(', '));
  return [
    ...Object.entries(drift.added).map(([family, fields]) => `${family}: new field${fields.length > 1 ? 's' : ''} ${few(fields)}`),
    ...Object.entries(drift.removed).map(([family, fields]) => `${family}: field${fields.length > 1 ? 's' : ''} no longer staged ${few(fields)}`),
    ...drift.changed.map((c) => `${c.family}.${c.path}: ${c.from} → ${c.to}`),
    ...Object.entries(drift.newFamilies).map(([family, fields]) => `${family}: new family with ${fields.length} field${fields.length > 1 ? 's' : ''}`),
    ...drift.removedFamilies.map((family) => `${family}: no longer staged`),
  ];
}
