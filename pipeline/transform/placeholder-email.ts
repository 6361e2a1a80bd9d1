/**
 * The placeholder email of a customer without one, under `policies.noEmail: placeholder`.
 */
import type { Mapping } from '../mapping/mapping.ts';
import { isEmail } from './is-email.ts';

/**
 * `policies.placeholderEmail` with `{id}` replaced by the customer id, or null when the map
 * has no template or the result is not an email address.
 *
 * @example
 * placeholderEmail(mapping, 'C0000001'); // 'khoros-C0000001@invalid.example'
 */
export function placeholderEmail(mapping: Mapping, customerId: string): string | null {
  const template = mapping?.policies?.placeholderEmail;
  if (typeof template !== 'string') return null;
  const candidate = template.split('{id}').join(customerId);
  return isEmail(candidate) ? candidate : null;
}
