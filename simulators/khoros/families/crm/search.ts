/**
 * Customer search and best match of the CRM spec (reference §2.4): `POST /customers` finds
 * every customer matching all the searchable fields given; `POST /customer/bestmatch`
 * scores customers against the social profile Care knows. Seed-defined: `email` is always
 * searchable (besides the fields `meta/object/customer` declares searchable) and compares
 * case-insensitively; other fields compare exactly (an array field matches when it holds
 * the value); the best-match weights are ours (email 100, screen name 50, phone 40,
 * profile URL 30, display name 20; ties go to the first customer in store order).
 */
import type { Customer, MetaField } from '../../../dataset/types.ts';
import { KhorosHttpError } from '../../route.ts';

/**
 * Customers matching every field of `criteria`; refuses a field that is not searchable.
 *
 * @example
 * searchCustomers(store.customers.values(), { email: 'ANA@example.com' }, fields); // [ana]
 */
export function searchCustomers(customers: Iterable<Customer>, criteria: unknown, fields: MetaField[]): Customer[] {
  if (!isObject(criteria) || Object.keys(criteria).length === 0) {
    throw badRequest('The search body must be a JSON object with at least one searchable field', 'body', 'missing criteria');
  }
  const searchable = new Set(['email', ...fields.filter((f) => f.searchable).map((f) => f.name)]);
  for (const name of Object.keys(criteria)) {
    if (!searchable.has(name)) throw badRequest(`Field ${name} is not searchable`, name, 'not a searchable customer field');
  }
  const matches: Customer[] = [];
  for (const customer of customers) {
    if (Object.entries(criteria).every(([name, value]) => fieldMatches(customer[name], value, name === 'email'))) matches.push(customer);
  }
  return matches;
}

/** Best-match input, as the CRM spec lists it. */
interface BestMatchInput {
  displayName?: string;
  screenName?: string;
  description?: string;
  profileUrl?: string;
  email?: string;
  phoneNumbers?: string[];
}

/**
 * The customer that best matches the profile, or undefined when nothing matches.
 *
 * @example
 * bestMatch(store.customers.values(), { screenName: '@ana', email: 'ana@example.com' });
 */
export function bestMatch(customers: Iterable<Customer>, input: unknown): Customer | undefined {
  if (!isObject(input)) throw badRequest('The best-match body must be a JSON object', 'body', 'not an object');
  const profile = input as BestMatchInput;
  const phones = new Set((Array.isArray(profile.phoneNumbers) ? profile.phoneNumbers : []).map(digits).filter(Boolean));
  let best: Customer | undefined;
  let bestScore = 0;
  for (const customer of customers) {
    let score = 0;
    if (sameText(customer.email, profile.email)) score += 100;
    if (sameText(handle(customer.screenName), handle(profile.screenName))) score += 50;
    if ((customer.phoneNumbers ?? []).some((p) => phones.has(digits(p)))) score += 40;
    if (profile.profileUrl && customer.profileUrl === profile.profileUrl) score += 30;
    if (sameText(customer.displayName, profile.displayName)) score += 20;
    if (score > bestScore) {
      best = customer;
      bestScore = score;
    }
  }
  return best;
}

function fieldMatches(stored: unknown, wanted: unknown, caseInsensitive: boolean): boolean {
  if (wanted === null || wanted === undefined) return stored === null || stored === undefined;
  const norm = (v: unknown) => (caseInsensitive ? String(v).toLowerCase() : String(v));
  if (Array.isArray(stored)) return stored.some((v) => norm(v) === norm(wanted));
  return stored !== null && stored !== undefined && norm(stored) === norm(wanted);
}

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a !== '' && a.toLowerCase() === b.toLowerCase();
}

function handle(name: unknown): string | undefined {
  return typeof name === 'string' ? name.replace(/^@/, '') : undefined;
}

function digits(phone: string): string {
  return String(phone).replace(/\D/g, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The CRM spec's 400 body: `{error, message, fields{name, errorMessage}}`. */
function badRequest(message: string, name: string, errorMessage: string): KhorosHttpError {
  return new KhorosHttpError(400, message, { error: 'bad_request', message, fields: { name, errorMessage } });
}
