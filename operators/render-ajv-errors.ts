/**
 * Renders ajv errors as the quarantine reason: one `instancePath message` line per error,
 * `/` for the record itself, capped so that a case with a thousand broken interactions
 * still has a readable reason.
 */
import type { ErrorObject } from 'ajv';

/**
 * Lines of `instancePath message`; at most `max` lines, then a `… and N more` line.
 *
 * @default max 50
 * @example
 * renderAjvErrors(validate.errors);
 * // "/ must have required property 'id'\n/interactions/0/created must match format \"date-time\""
 */
export function renderAjvErrors(errors: readonly ErrorObject[] | null | undefined, max = 50): string {
  if (!errors?.length) return 'invalid (the validator gave no details)';
  const lines = errors.slice(0, max).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  if (errors.length > max) lines.push(`… and ${errors.length - max} more`);
  return lines.join('\n');
}
