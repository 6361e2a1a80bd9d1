/**
 * A source time (ISO-8601 text or epoch milliseconds/seconds) as Unix seconds, or null.
 */
import { convertValue } from './convert-value.ts';

/**
 * Unix seconds of `value`, null when it is no time.
 *
 * @example
 * unixSeconds('2023-01-16T09:19:31.814Z'); // 1673860771
 * unixSeconds(1674993305277);              // 1674993305
 */
export function unixSeconds(value: unknown): number | null {
  const converted = convertValue(value, { type: 'date', formats: ['iso8601', 'epoch'] });
  return converted.ok && typeof converted.value === 'number' ? converted.value : null;
}
