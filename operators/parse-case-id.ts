/**
 * Parses a Khoros case id into its canonical form. Two formats exist:
 * - legacy (cases created before 2025-07-01): the case number zero-padded to 8 digits,
 *   `00012345`;
 * - new (from 2025-07-01): `CASE-` and the number zero-padded to at least 6 digits,
 *   `CASE-012345`, optionally with a 4-digit year, `CASE-2025-000123`.
 *
 * The canonical id tags the format and drops the padding: `L-12345`, `N-12345`,
 * `N-2025-123`. It keeps the two formats apart (legacy `00004711` is `L-4711`, new
 * `CASE-004711` is `N-4711`, two different cases), is stable (a function of the id alone,
 * the same on every run and after re-normalizing), and is what later stages key on when
 * they link a case. Spellings of one id that differ only in padding (`CASE-004711`,
 * `CASE-0004711`) share a canonical id, which is exactly what `normalizeCaseIds` reports.
 *
 * The naive key is the normalization the migration must NOT key on: every digit, leading
 * zeros dropped (`00004711` and `CASE-004711` both give `4711`). It is returned so that
 * collisions under it can be detected and reported.
 */

/** A parsed case id. */
export interface ParsedCaseId {
  format: 'legacy' | 'new';
  /** `L-<number>` or `N-[<year>-]<number>`, without leading zeros. */
  canonical: string;
  /** Digits only, leading zeros dropped: the trap, kept for collision detection. */
  naiveKey: string;
}

const LEGACY = /^(\d{8})$/;
const NEW = /^CASE-(?:(\d{4})-)?(\d{6,})$/;

/**
 * The canonical form of a case id, or null when the id has neither format (the caller
 * quarantines such a case with a reason; it never guesses).
 *
 * @example
 * parseCaseId('00004711');         // { format: 'legacy', canonical: 'L-4711', naiveKey: '4711' }
 * parseCaseId('CASE-004711');      // { format: 'new', canonical: 'N-4711', naiveKey: '4711' }
 * parseCaseId('CASE-2025-000123'); // { format: 'new', canonical: 'N-2025-123', naiveKey: '2025000123' }
 * parseCaseId('case-4711');        // null
 */
export function parseCaseId(id: string): ParsedCaseId | null {
  const naiveKey = unpad(id.replace(/\D/g, ''));
  const legacy = LEGACY.exec(id);
  if (legacy) return { format: 'legacy', canonical: `L-${unpad(legacy[1]) || '0'}`, naiveKey };
  const fresh = NEW.exec(id);
  if (fresh) return { format: 'new', canonical: `N-${fresh[1] ? `${fresh[1]}-` : ''}${unpad(fresh[2]) || '0'}`, naiveKey };
  return null;
}

function unpad(digits: string): string {
  return digits.replace(/^0+/, '');
}
