/**
 * Customers (CRM-spec shape) and the identity facts other records copy from them (name,
 * email, network handles). Identity is a pure function of (seed, index) drawn from the
 * plan's lookup Faker, so a case can name its customer without the customer list in memory.
 */
import type { Customer } from './types.ts';
import type { DatasetPlan } from './plan.ts';
import { CUSTOMER_FIELDS, customFieldValues } from './custom-fields.ts';
import { derivedDigits, derivedUuid, subSeed, unitFloat } from './random.ts';
import { asciiSlug, UNICODE_TEXT, type UnicodeSample } from './text.ts';
import { TIMELINE } from './timeline.ts';

/** What a planted customer carries. */
export type CustomerRole = 'no-email' | 'duplicate-email-first' | 'duplicate-email-second' | 'text-in-number' | UnicodeSample;

/**
 * Planted customer roles, in the order the plan spreads them over the customer list.
 *
 * @example
 * CUSTOMER_SLOTS.length; // 11
 */
export const CUSTOMER_SLOTS: readonly CustomerRole[] = [
  'no-email', 'duplicate-email-first', 'cjk', 'cyrillic', 'no-email', 'arabic', 'emoji', 'duplicate-email-second', 'hebrew', 'japanese', 'text-in-number',
];

/**
 * The social networks a customer may have a Care handle on (besides `crm`).
 *
 * @example
 * SOCIAL_NETWORKS.includes('twitter'); // true
 */
export const SOCIAL_NETWORKS = ['twitter', 'facebook', 'instagram', 'lithium'] as const;

/** Identity facts of one customer, shared by the customer, its Care person, cases and conversations. */
export interface CustomerIdentity {
  index: number;
  id: string;
  /** The customer's Care Person id. */
  authorId: string;
  email: string | null;
  firstName: string;
  displayName: string;
  screenName: string;
  gender: string;
  created: number;
  lastUpdated: number;
  /** Networks the person has a handle on (besides `crm`). */
  networks: string[];
}

/**
 * The id of customer `c` (`C` and seven digits).
 *
 * @example
 * customerId(0); // 'C0000001'
 */
export function customerId(c: number): string {
  return `C${String(c + 1).padStart(7, '0')}`;
}

/**
 * Whether customer `c` has an email (planted `no-email` customers and about 2% of the
 * others do not).
 *
 * @example
 * if (customerHasEmail(plan, c)) contact.email = customerIdentity(plan, c).email;
 */
export function customerHasEmail(plan: DatasetPlan, c: number): boolean {
  const role = plan.customerRoles.get(c);
  if (role === 'no-email') return false;
  return role !== undefined || unitFloat(plan.seed, 'customer-no-email', c) >= 0.02;
}

/** `Jane.Doe7@EXAMPLE.COM` from `jane.doe7@example.com`: same address, other letter case. */
function recase(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.replace(/(^|[.\-_])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())}@${domain.toUpperCase()}`;
}

/**
 * Identity of customer `c`: a pure function of (seed, c).
 *
 * @example
 * customerIdentity(plan, 0).displayName; // 'Addison Boyle'
 */
export function customerIdentity(plan: DatasetPlan, c: number): CustomerIdentity {
  const role = plan.customerRoles.get(c);
  const f = plan.lookup.reseed(subSeed(plan.seed, 'customer', c));
  let firstName = f.person.firstName();
  const lastName = f.person.lastName();
  const gender = f.helpers.weightedArrayElement([{ weight: 46, value: 'female' }, { weight: 46, value: 'male' }, { weight: 5, value: 'non-binary' }, { weight: 3, value: 'unspecified' }]);
  const domain = f.helpers.arrayElement(['example.com', 'example.org', 'example.net', 'mail.example', 'inbox.example']);
  const suffix = f.number.int({ min: 10, max: 99 });
  // Customers join over the first 95% of the timeline in index order, so a case created at
  // time t can pick a customer who already existed by index arithmetic alone.
  const span = (TIMELINE.end - TIMELINE.start) * 0.95;
  const created = TIMELINE.start + Math.floor(((c + 0.1 + 0.8 * f.number.float()) * span) / plan.counts.customers);
  const lastUpdated = created + Math.floor(f.number.float() * (TIMELINE.end - created));
  const networks = SOCIAL_NETWORKS.filter((_, n) => f.number.float() < [0.45, 0.4, 0.25, 0.3][n]);
  let displayName = `${firstName} ${lastName}`;
  let slug = `${asciiSlug(firstName)}.${asciiSlug(lastName)}`;
  const sample = role !== undefined && role in UNICODE_TEXT ? UNICODE_TEXT[role as UnicodeSample] : undefined;
  if (sample) {
    firstName = sample.name.first;
    displayName = sample.name.display;
    slug = `customer${c + 1}`;
  }
  let email: string | null = customerHasEmail(plan, c) ? `${slug}${sample ? '' : c + 1}@${domain}` : null;
  if (role === 'duplicate-email-second') {
    const first = [...plan.customerRoles].find(([, r]) => r === 'duplicate-email-first')![0];
    email = recase(customerIdentity(plan, first).email!);
  }
  return {
    index: c,
    id: customerId(c),
    authorId: derivedUuid(plan.seed, 'author', c),
    email,
    firstName,
    displayName,
    screenName: sample ? `user_${c + 1}` : `${asciiSlug(firstName).replace(/-/g, '')}_${asciiSlug(lastName).replace(/-/g, '')}${suffix}`,
    gender,
    created,
    lastUpdated,
    networks,
  };
}

/** A customer's account on one network, as Care handles and CRM interaction authors show it. */
export interface NetworkHandle {
  id: string;
  lswUuid: string;
  handle: string;
}

/**
 * The customer's handle on a network (also for `email` and `chat`, which have no Care handle).
 *
 * @example
 * customerHandle(plan, ident, 'twitter'); // { id: '1749…', lswUuid: '…', handle: '@addison_boyle42' }
 */
export function customerHandle(plan: DatasetPlan, ident: CustomerIdentity, network: string): NetworkHandle {
  const lswUuid = derivedUuid(plan.seed, `handle-${network}`, ident.index);
  switch (network) {
    case 'twitter':
      return { id: derivedDigits(plan.seed, 'twitter-id', ident.index, 18), lswUuid, handle: `@${ident.screenName}` };
    case 'facebook':
      return { id: derivedDigits(plan.seed, 'facebook-id', ident.index, 16), lswUuid, handle: ident.displayName };
    case 'instagram':
      return { id: derivedDigits(plan.seed, 'instagram-id', ident.index, 17), lswUuid, handle: ident.screenName };
    case 'lithium':
      return { id: `${plan.instance.communityHost}/user/${7000 + ident.index}`, lswUuid, handle: ident.screenName };
    case 'email':
      return { id: ident.email ?? '', lswUuid, handle: ident.email ?? '' };
    default:
      return { id: `visitor-${derivedDigits(plan.seed, 'chat-visitor', ident.index, 10)}`, lswUuid, handle: ident.displayName };
  }
}

/**
 * Customer `c` as the CRM spec returns it, with declared custom fields at the top level.
 *
 * @example
 * customerAt(plan, 0).id; // 'C0000001'
 */
export function customerAt(plan: DatasetPlan, c: number): Customer {
  const ident = customerIdentity(plan, c);
  const role = plan.customerRoles.get(c);
  const f = plan.seeded.reseed(subSeed(plan.seed, 'customer-profile', c));
  const phones = f.helpers.multiple(() => f.phone.number({ style: 'international' }), { count: f.helpers.weightedArrayElement([{ weight: 4, value: 0 }, { weight: 5, value: 1 }, { weight: 1, value: 2 }]) });
  const location = `${f.location.city()}, ${f.location.country()}`;
  const fields = customFieldValues(f, CUSTOMER_FIELDS, ident.created, 0.6, role === 'text-in-number' ? { loyaltyNumber: 'N/A' } : {});
  return {
    id: ident.id,
    email: ident.email,
    url: `https://crm.${plan.instance.name}.example/customers/${ident.id}`,
    displayName: ident.displayName,
    screenName: ident.screenName,
    location,
    gender: ident.gender,
    phoneNumbers: phones,
    created: new Date(ident.created).toISOString(),
    lastUpdated: new Date(ident.lastUpdated).toISOString(),
    ...fields,
  };
}

/**
 * Every customer, in index order, one at a time.
 *
 * @example
 * for (const customer of generateCustomers(plan)) write(customer);
 */
export function* generateCustomers(plan: DatasetPlan): Generator<Customer> {
  for (let c = 0; c < plan.counts.customers; c++) yield customerAt(plan, c);
}
