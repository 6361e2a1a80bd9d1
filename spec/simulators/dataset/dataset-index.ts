/**
 * Spec helper: the records of a dataset by edge-case family, keyed the way `meta.edgeCases`
 * lists them (agents by `String(id)`, data attributes by `name`, everything else by `id`).
 */
import type { EdgeCaseFamily } from '../../../simulators/dataset/edge-cases.ts';
import type { Attachment, Case, Dataset, Interaction } from '../../../simulators/dataset/types.ts';

/** Interactions with the case that holds them. */
export interface Located<T> {
  record: T;
  parent: Case;
}

/**
 * Every family of a dataset as id → record maps.
 *
 * @example
 * const index = indexDataset(dataset);
 * index.get('customers').get('C0000001');
 */
export function indexDataset(d: Dataset): Map<EdgeCaseFamily, Map<string, any>> {
  const byId = <T>(items: T[] | undefined, key: (t: T) => string) => new Map((items ?? []).map((t) => [key(t), t]));
  const interactions = new Map<string, Located<Interaction>>();
  const attachments = new Map<string, Located<Attachment>>();
  for (const c of d.khoros.cases) {
    for (const i of c.interactions) {
      interactions.set(i.id, { record: i, parent: c });
      for (const a of i.attachments ?? []) attachments.set(a.id, { record: a, parent: c });
    }
  }
  return new Map<EdgeCaseFamily, Map<string, any>>([
    ['customers', byId(d.khoros.customers, (c) => c.id)],
    ['authors', byId(d.khoros.authors, (a) => a.id)],
    ['agents', byId(d.khoros.agents, (a) => String(a.id))],
    ['cases', byId(d.khoros.cases, (c) => c.id)],
    ['interactions', new Map([...interactions].map(([id, l]) => [id, l.record]))],
    ['attachments', new Map([...attachments].map(([id, l]) => [id, l.record]))],
    ['articles', byId(d.khoros.kb?.articles, (a) => a.id)],
    ['images', byId(d.khoros.kb?.images, (i) => i.id)],
    ['intercom.admins', byId(d.intercom.admins, (a) => a.id)],
    ['intercom.contacts', byId(d.intercom.contacts, (c) => c.id)],
    ['intercom.brands', byId(d.intercom.brands, (b) => b.id)],
    ['intercom.data_attributes', byId(d.intercom.data_attributes, (a) => a.name)],
  ]);
}
