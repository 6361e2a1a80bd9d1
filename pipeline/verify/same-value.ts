/**
 * Whether a value read back from Intercom is the value the map says should be there, as
 * Intercom stores it: emails compared without letter case (Intercom does), numbers within
 * a rounding error, surrounding whitespace ignored, and "absent" equal to absent.
 */

/**
 * @example
 * sameValue('email', 'Jane.Doe@Example.COM', 'jane.doe@example.com'); // true
 * sameValue('name', 'Ann', 'Anne'); // false
 */
export function sameValue(field: string, expected: unknown, actual: unknown): boolean {
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(expected) && blank(actual)) return true;
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-6;
  if (typeof expected === 'string' && typeof actual === 'string') {
    if (field === 'email' || field.endsWith('_id')) return expected.trim().toLowerCase() === actual.trim().toLowerCase();
    return expected.trim() === actual.trim();
  }
  // Ids come back as strings or numbers.
  if (field.endsWith('_id') && (typeof expected === 'number' || typeof actual === 'number')) return String(expected) === String(actual);
  return JSON.stringify(expected) === JSON.stringify(actual);
}
