/**
 * Care Persons (`GET /api/v2/authors/{id}`): one per customer (index `c`, with a `crm`
 * handle whose `id` is the customer id) followed by one brand-owned person per brand (the
 * accounts agents answer from).
 */
import type { Author, AuthorHandle } from './types.ts';
import type { DatasetPlan } from './plan.ts';
import { customerHandle, customerIdentity } from './customers.ts';
import { derivedDigits, derivedUuid, subSeed } from './random.ts';
import { TIMELINE } from './timeline.ts';

/** What a planted author carries. */
export type AuthorRole = { kind: 'deleted' } | { kind: 'merged'; into: number };

const CLASSES: Record<string, string> = {
  twitter: 'ScrubbedProviderSpecificAuthorData',
  facebook: 'FacebookSpecificAuthorData',
  instagram: 'InstagramSpecificAuthorData',
  lithium: 'LithiumSpecificAuthorData',
  crm: 'CrmSpecificAuthorData',
};

/**
 * The Person id of author `a` (customers first, then brands).
 *
 * @example
 * authorId(plan, 0) === customerIdentity(plan, 0).authorId; // true
 */
export function authorId(plan: DatasetPlan, a: number): string {
  return derivedUuid(plan.seed, 'author', a);
}

/**
 * The account brand `b` answers from on a network: the same for the brand's Care person,
 * its interactions and its conversation messages.
 *
 * @example
 * brandHandle(plan, 0, 'twitter'); // { id: '…', lswUuid: '…', handle: '@FabrikamSupport' }
 */
export function brandHandle(plan: DatasetPlan, b: number, network: string): { id: string; lswUuid: string; handle: string; name: string } {
  const brand = plan.brands[b];
  const word = brand.name.split(' ')[0];
  const lswUuid = derivedUuid(plan.seed, `brand-handle-${network}`, b);
  const name = `${brand.name} Support`;
  switch (network) {
    case 'email':
      return { id: `support@${word.toLowerCase()}.example`, lswUuid, handle: `support@${word.toLowerCase()}.example`, name };
    case 'chat':
      return { id: `chat-${brand.id}`, lswUuid, handle: name, name };
    case 'lithium':
      return { id: `${plan.instance.communityHost}/user/${100 + b}`, lswUuid, handle: `${word}Team`, name };
    default:
      return { id: derivedDigits(plan.seed, `brand-${network}-id`, b, network === 'twitter' ? 18 : 15), lswUuid, handle: `${network === 'twitter' ? '@' : ''}${word}Support`, name };
  }
}

function handle(network: string, fields: Omit<AuthorHandle, '@class'> & { lswUuid: string }): AuthorHandle {
  return { '@class': CLASSES[network], ...fields };
}

/**
 * Author `a` as the Author API returns it.
 *
 * @example
 * authorAt(plan, 0).handles.crm[0].id; // 'C0000001'
 */
export function authorAt(plan: DatasetPlan, a: number): Author {
  const customers = plan.counts.customers;
  if (a >= customers) return brandAuthor(plan, a);
  const ident = customerIdentity(plan, a);
  const role = plan.authorRoles.get(a);
  const f = plan.seeded.reseed(subSeed(plan.seed, 'author', a));
  const handles: Record<string, AuthorHandle[]> = {};
  for (const network of ident.networks) {
    const h = customerHandle(plan, ident, network);
    const common = { lswUuid: h.lswUuid, displayNumber: 30_000 + a * 5 + handleOffset(network), id: h.id, networkinstance: network };
    if (network === 'twitter') handles.twitter = [handle(network, common)];
    else if (network === 'lithium') handles.lithium = [handle(network, { ...common, networkinstance: `${plan.instance.communityHost}/`, name: ident.displayName, screenName: ident.screenName, registrationInstant: ident.created })];
    else handles[network] = [handle(network, { ...common, name: ident.displayName, screenName: ident.screenName, providerInstanceId: network, profileUrl: network === 'facebook' ? `https://www.facebook.com/${h.id}` : `https://www.instagram.com/${ident.screenName}/`, avatarUrl: `https://avatars.example/${h.lswUuid}.png` })];
  }
  handles.crm = [handle('crm', { lswUuid: derivedUuid(plan.seed, 'handle-crm', a), displayNumber: 30_000 + a * 5 + 4, id: ident.id, networkinstance: `crm-${plan.instance.name}`, name: ident.displayName, ...(ident.email ? { email: ident.email } : {}) })];
  const tags = f.datatype.boolean(0.15)
    ? [f.helpers.arrayElement(plan.careTags)].map((t) => ({ creator: { type: f.helpers.arrayElement(['AGENT', 'SYSTEM'] as const) }, tagId: t.tagId, lswUuid: t.lswUuid }))
    : [];
  const notes = f.datatype.boolean(0.1)
    ? [{ note: f.helpers.arrayElement(['Prefers email over phone.', 'Asked for a callback in the morning.', 'Influencer, handle with care.', 'Has two accounts, see merged profile.']), agent: agentRef(plan, f.number.int({ min: 0, max: plan.agents.length - 1 })), createDate: ident.created + f.number.int({ min: 0, max: ident.lastUpdated - ident.created }) }]
    : [];
  const author: Author = {
    id: ident.authorId,
    displayNumber: 20_000 + a,
    handles,
    ...(tags.length ? { tags } : {}),
    ...(notes.length ? { notes } : {}),
    timezone: [String(f.helpers.arrayElement([-28_800, -25_200, -21_600, -18_000, 0, 3_600, 7_200, 19_800, 32_400, 36_000]))],
    brandOwned: false,
    properties: { source: f.helpers.arrayElement(['web', 'social', 'import', 'store']), language: f.helpers.arrayElement(['en', 'en', 'en', 'fr', 'de', 'es', 'ja']) },
    lastModified: ident.lastUpdated,
  };
  if (role?.kind === 'deleted') author.deleted = true;
  if (role?.kind === 'merged') author.mergedIntoId = authorId(plan, role.into);
  return author;
}

function handleOffset(network: string): number {
  return Math.max(0, ['twitter', 'facebook', 'instagram', 'lithium'].indexOf(network));
}

function agentRef(plan: DatasetPlan, k: number) {
  const { name, email, lswUuid } = plan.agents[k];
  return { name, email, lswUuid };
}

function brandAuthor(plan: DatasetPlan, a: number): Author {
  const b = a - plan.counts.customers;
  const handles: Record<string, AuthorHandle[]> = {};
  for (const [n, network] of ['twitter', 'facebook', 'instagram'].entries()) {
    const h = brandHandle(plan, b, network);
    handles[network] = [handle(network, { lswUuid: h.lswUuid, displayNumber: 10_000 + b * 3 + n, id: h.id, networkinstance: network, name: h.name, screenName: h.handle.replace(/^@/, '') })];
  }
  return {
    id: authorId(plan, a),
    displayNumber: 20_000 + a,
    handles,
    timezone: ['0'],
    brandOwned: true,
    properties: { brandId: plan.brands[b].id },
    lastModified: TIMELINE.start + (subSeed(plan.seed, 'brand-author-modified', b) % 86_400_000),
  };
}

/**
 * Every author: customers' persons in customer order, then the brands' persons.
 *
 * @example
 * for (const author of generateAuthors(plan)) write(author);
 */
export function* generateAuthors(plan: DatasetPlan): Generator<Author> {
  const total = plan.counts.customers + plan.brands.length;
  for (let a = 0; a < total; a++) yield authorAt(plan, a);
}
