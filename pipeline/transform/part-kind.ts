/**
 * Reads the map's `parts.kinds` for one source kind: `comment`, `note` or `skip`, or
 * `unmapped` when the map does not list the kind (such items are kept as notes).
 */
import type { PartsMap } from '../mapping/mapping.ts';

/**
 * The part kind of a source kind.
 *
 * @example
 * partKind({ orderBy: 'created', tieBreak: 'id', kinds: { message: 'comment' } }, 'message'); // 'comment'
 * partKind({ orderBy: 'created', tieBreak: 'id', kinds: {} }, 'status_change');               // 'unmapped'
 */
export function partKind(parts: PartsMap | undefined, kind: string): 'comment' | 'note' | 'skip' | 'unmapped' {
  const kinds = parts?.kinds;
  if (!kinds || typeof kinds !== 'object' || !Object.hasOwn(kinds, kind)) return 'unmapped';
  const value = kinds[kind];
  return value === 'comment' || value === 'note' || value === 'skip' ? value : 'unmapped';
}
