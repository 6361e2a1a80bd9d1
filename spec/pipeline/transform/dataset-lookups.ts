/**
 * Spec helper: the lookups an import would resolve for a generated dataset, without
 * running one: admins by email from the Intercom side, Intercom brands by name, a tag id for
 * every tag name the map can produce, a 24-hex contact id per customer with an email (and
 * leads for the others), authors linked through `handles.crm[].id`, and hosted URLs for
 * images and articles (all, some or none).
 */
import { createHash } from 'node:crypto';
import { buildLookups, type Lookups, type ResolvedContact } from '../../../pipeline/transform/lookups.ts';
import type { Author, Dataset } from '../../../simulators/dataset/types.ts';

/** A stable fake Intercom contact id (24 hex) for a customer id. */
export function fakeContactId(customerId: string): string {
  return createHash('sha256').update(customerId).digest('hex').slice(0, 24);
}

/** Options: which articles count as migrated already (default none) and whether images are hosted. */
export function datasetLookups(dataset: Dataset, options: { migratedArticles?: 'all' | 'none'; hostedImages?: boolean } = {}): Lookups {
  const k = dataset.khoros;
  const i = dataset.intercom;
  const authorsByCustomer = new Map<string, Author[]>();
  const customerByAuthor = new Map<string, string>();
  for (const author of k.authors ?? []) {
    for (const handle of author.handles?.crm ?? []) {
      if (typeof handle.id !== 'string') continue;
      authorsByCustomer.set(handle.id, [...(authorsByCustomer.get(handle.id) ?? []), author]);
      customerByAuthor.set(author.id, handle.id);
    }
  }
  const contactByCustomer = new Map<string, ResolvedContact>(k.customers.map((c) => [c.id, { id: fakeContactId(c.id), role: c.email ? 'user' : 'lead' }]));
  const tagNames = [
    ...(k.brands ?? []).map((b) => `brand: ${b.name}`), ...(k.initiatives ?? []).map((x) => `initiative: ${x.name}`),
    ...(k.campaigns ?? []).map((p) => `campaign: ${p.name}`), ...k.cases.flatMap((c) => c.tags ?? []), ...(k.tags ?? []).map((t) => t.name),
  ];
  const articles = k.kb?.articles ?? [];
  return buildLookups({
    fallbackAdminId: '7200000',
    adminByEmail: (i.admins ?? []).map((a) => [a.email, a.id] as const),
    intercomBrandByName: (i.brands ?? []).map((b) => [b.name, b.id] as const),
    tagIdByName: tagNames.map((name, n) => [name, String(6_100_000 + n)] as const),
    brandNames: (k.brands ?? []).map((b) => [b.id, b.name] as const),
    initiativeNames: (k.initiatives ?? []).map((x) => [x.id, x.name] as const),
    campaignNames: (k.campaigns ?? []).map((p) => [p.campaignId, p.name] as const),
    careTagNames: (k.tags ?? []).map((t) => [String(t.tagId), t.name] as const),
    contactByCustomer,
    authorsByCustomer,
    customerByAuthor,
    articleByKhorosId: options.migratedArticles === 'all' ? articles.map((a, n) => [a.id, { id: String(9100 + n), url: `https://help.proseware.example/en/articles/${9100 + n}` }] as const) : [],
    imageUrlById: options.hostedImages === false ? [] : (k.kb?.images ?? []).map((img) => [img.id, `https://cdn.proseware.example/kb/${img.id}`] as const),
    agentEmailById: (k.agents ?? []).map((a) => [String(a.id), a.email] as const),
    articleParentByBoard: (k.kb?.boards ?? []).map((b, n) => [b.id, { id: 4200 + n, type: 'section' as const }] as const),
    defaultLocale: 'en',
    helpCenterLocales: i.help_centers?.[0]?.locales ?? null,
    communityHost: k.instance?.communityHost ?? null,
  });
}
