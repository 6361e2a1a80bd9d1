/**
 * What happens to a customer without a usable email, under the map's `policies.noEmail`.
 */
import type { Mapping } from '../mapping/mapping.ts';
import { placeholderEmail } from './placeholder-email.ts';

/**
 * The action `customer-without-email` takes for a customer under the map's policy:
 * `placeholder` needs a template giving an email address for this customer, else the
 * customer is skipped.
 *
 * @example
 * noEmailAction(mapping, 'C0000001'); // 'lead'
 */
export function noEmailAction(mapping: Mapping, customerId: string): 'skip' | 'lead' | 'placeholder' {
  const policy = mapping?.policies?.noEmail ?? 'lead';
  if (policy === 'placeholder') return placeholderEmail(mapping, customerId) === null ? 'skip' : 'placeholder';
  return policy === 'skip' ? 'skip' : 'lead';
}
