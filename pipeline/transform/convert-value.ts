/**
 * Converts one source value as a `Conversion` of the confirmed map says, for the
 * transforms: the conversion itself is the map's own (`pipeline/mapping/convert-value.ts`,
 * the single definition that the proposal's profile mirrors in SQL, so the values the
 * proposal reports as "will be quarantined" are exactly the ones quarantined here). This
 * wrapper adds what import needs on top: it never throws (a value that breaks the
 * converter, or an unknown conversion, is a failure with its reason), and text comes out
 * safe to send (`cleanText`). Dates become Unix seconds; empty values (null, blank text,
 * `[]`, `{}`) become null, for the row's default.
 */
import type { Conversion } from '../mapping/mapping.ts';
import { convertValue as convertShared, isEmptyValue } from '../mapping/convert-value.ts';
import { cleanText } from './clean-text.ts';

/** A converted value, or why not. */
export type Converted = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };

/**
 * Converts `value` by `conversion`. Never throws.
 *
 * @example
 * convertValue('1234', { type: 'integer' });       // { ok: true, value: 1234 }
 * convertValue('N/A', { type: 'integer' });        // { ok: false, reason: '"N/A" is not an integer' }
 * convertValue('31/02/2025', { type: 'date', formats: ['DD/MM/YYYY'] }); // { ok: false, reason: '"31/02/2025" is not a real day (DD/MM/YYYY)' }
 * convertValue('2025-02-28', { type: 'date' });    // { ok: true, value: 1740700800 }
 */
export function convertValue(value: unknown, conversion: Conversion): Converted {
  try {
    const converted = convertShared(conversion, value) as Converted | undefined;
    if (!converted || typeof converted !== 'object') return { ok: false, reason: `unknown conversion ${JSON.stringify(conversion?.type)}` };
    if (!converted.ok) return { ok: false, reason: cleanText(String(converted.reason)) };
    const out = converted.value;
    if (typeof out === 'number' && !Number.isFinite(out)) return { ok: false, reason: `${out} is not a finite number` };
    return { ok: true, value: typeof out === 'string' ? cleanText(out) : out };
  } catch (error) {
    // The shared converter throws on a few hostile inputs (a getter that throws, a cycle, a BigInt inside an object).
    return { ok: false, reason: `the value does not convert: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * True for the values every conversion treats as "no value" (the row's default applies).
 * Never throws.
 *
 * @example
 * isEmpty('  '); // true
 */
export function isEmpty(value: unknown): boolean {
  try {
    return isEmptyValue(value);
  } catch {
    return false;
  }
}
