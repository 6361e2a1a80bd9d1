/**
 * `meta.edgeCases`, computed from the plan alone (before any record exists), because the
 * writer puts `meta` first in the file. Every id here is index arithmetic over the slots the
 * plan chose; the specs check that the records with these ids really carry the property.
 */
import type { DatasetPlan } from './plan.ts';
import type { EDGE_CASES } from './edge-cases.ts';
import { ATTACHMENT_TYPES } from './file-types.ts';
import { authorId } from './authors.ts';
import { attachmentId, caseIdentity, interactionId } from './cases.ts';
import { customerId, type CustomerRole } from './customers.ts';
import { articleId, imageId } from './kb.ts';
import { collidingCustomer, contactCount, contactId, intercomAdmins, intercomBrands } from './intercom-side.ts';
import { agentHasAdmin } from './staff.ts';
import { KB_IMAGE_TYPES } from './file-types.ts';

type EdgeCaseName = (typeof EDGE_CASES)[number]['name'];

/**
 * Edge-case name → ids of the records that carry it.
 *
 * @example
 * plannedEdgeCases(plan)['case-with-over-500-interactions']; // ['00010005']
 */
export function plannedEdgeCases(plan: DatasetPlan): Record<EdgeCaseName, string[]> {
  const customersWith = (...roles: CustomerRole[]) => [...plan.customerRoles].filter(([, r]) => roles.includes(r)).map(([c]) => customerId(c));
  const cases = [...plan.caseRoles].sort(([a], [b]) => a - b);
  const casesWith = (role: string) => cases.filter(([, s]) => s.role === role).map(([i]) => caseIdentity(plan, i).id);
  const interactionsOf = (role: string, pick: (variant: number) => number[]) =>
    cases.filter(([, s]) => s.role === role).flatMap(([i, s]) => pick(s.variant).map((j) => interactionId(plan, i, j)));
  const sample = (from: number, to: number) => {
    // Every case of the range carries the format; list the first three and the last.
    const picks = new Set([from, from + 1, from + 2, to - 1].filter((i) => i >= from && i < to));
    return [...picks].map((i) => caseIdentity(plan, i).id);
  };
  const attachmentCase = cases.find(([, s]) => s.role === 'attachment-types')![0];
  const oversizeCase = cases.find(([, s]) => s.role === 'oversize-attachment')![0];
  const admins = intercomAdmins(plan);
  const recased = plan.agents.flatMap((agent, k) => {
    const admin = admins.find((a) => a.id === String(7_100_000 + k));
    return admin && admin.email !== agent.email ? [admin.id] : [];
  });
  const contacts = Array.from({ length: contactCount(plan.counts.customers) }, (_, j) => j).filter((j) => collidingCustomer(plan, j) >= 0);
  const shared = intercomBrands(plan).filter((b) => plan.brands.some((k) => k.name === b.name));
  return {
    'customer-without-email': customersWith('no-email'),
    'customers-sharing-email-in-different-case': customersWith('duplicate-email-first', 'duplicate-email-second'),
    'non-latin-names': customersWith('cjk', 'japanese', 'cyrillic', 'arabic', 'hebrew', 'emoji'),
    'non-latin-bodies': interactionsOf('non-latin-bodies', () => [0, 2, 4]),
    'script-in-interaction-body': interactionsOf('script-body', (variant) => [variant === 0 ? 0 : 2]),
    'script-in-article-body': [articleId(plan.scriptArticle)],
    'interactions-out-of-order': casesWith('out-of-order'),
    'interactions-with-identical-timestamps': casesWith('same-timestamp'),
    'case-without-interactions': casesWith('empty'),
    'case-with-over-500-interactions': casesWith('over-500'),
    'legacy-case-id': sample(0, plan.legacyCases),
    'new-format-case-id': sample(plan.legacyCases, plan.counts.cases),
    'case-ids-colliding-when-normalized': [...casesWith('colliding-legacy'), ...casesWith('colliding-new')],
    'agent-without-intercom-admin': plan.agents.filter((_, k) => !agentHasAdmin(k)).map((a) => String(a.id)),
    'custom-field-text-in-number-field': customersWith('text-in-number'),
    'custom-field-option-not-in-list': casesWith('option-not-in-list'),
    'custom-field-malformed-date': casesWith('malformed-date'),
    'deleted-author': [...plan.authorRoles].filter(([, r]) => r.kind === 'deleted').map(([a]) => authorId(plan, a)),
    'merged-author': [...plan.authorRoles].filter(([, r]) => r.kind === 'merged').map(([a]) => authorId(plan, a)),
    'attachment-content-types': ATTACHMENT_TYPES.map((_, j) => attachmentId(plan, attachmentCase, j, 0)),
    'attachment-over-size-limit': [attachmentId(plan, oversizeCase, 0, 0)],
    'kb-image-content-types': KB_IMAGE_TYPES.map((_, j) => imageId(plan, j)),
    'kb-articles-linking-each-other': plan.linkedArticles.map(articleId),
    'intercom-admin-email-in-different-case': recased,
    'intercom-contact-email-collides-with-customer': contacts.map((j) => contactId(plan, j)),
    'intercom-brand-named-like-khoros-brand': shared.map((b) => b.id),
    'intercom-attribute-similar-to-custom-field': ['account_tier'],
  };
}
