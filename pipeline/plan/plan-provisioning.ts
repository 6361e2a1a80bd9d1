/**
 * Plans what `provision` sets up before import writes records: the custom attributes the
 * map writes (contact data attributes and 2.16 conversation attributes, with their options),
 * the tags the map names, and the Help Center collections (one per KB category) and sections
 * (one per KB board). What is needed comes from provision's own planning
 * (`plannedAttributes`, `planTags`, `planCollections`), so plan and provision agree; each is
 * classified against the Intercom state read at the start of the plan:
 *
 * - exists → `skip` (`exists`), or `update` (`options-missing`) when a list lacks options;
 * - missing and the map creates it → `create`;
 * - something only a person can fix (missing with `create: false`, archived, a name taken by
 *   another model, a type the map cannot write) → `queue`.
 */
import { compatibleDataTypes } from '../mapping/check-intercom-targets.ts';
import { planCollections } from '../provision/provision-collections.ts';
import { plannedAttributes, type PlannedAttribute } from '../provision/provision-attributes.ts';
import { planTags } from '../provision/plan-tags.ts';
import { attributeNameProblem } from '../transform/attribute-name-problem.ts';
import { readLedgerState } from '../transform/read-ledger-state.ts';
import type { PlanContext, PlannedEntry } from './plan-context.ts';
import type { PlanItem } from './plan-item.ts';

/**
 * Plans the attributes, tags, collections and sections (few: they are planned in one go).
 *
 * @example
 * await planProvisioning(context);
 */
export async function planProvisioning(context: PlanContext): Promise<void> {
  const entries: PlannedEntry[] = [];
  for (const attribute of plannedAttributes(context.mapping)) entries.push({ item: classifyAttribute(context, attribute) });
  const { tags } = await planTags(context.workspace, context.mapping, context.state.brands);
  const existingTags = new Map(context.state.tags.map((t) => [t.name.trim().toLowerCase(), t]));
  for (const tag of tags) {
    const found = existingTags.get(tag.name.trim().toLowerCase());
    const base = { objectType: 'tag', family: 'mapping', khorosKey: tag.name };
    entries.push({
      item: found
        ? { ...base, action: 'skip', intercomId: found.id, reason: 'exists', detail: { note: `Intercom has tag "${found.name}"`, why: tag.detail } }
        : { ...base, action: 'create', intercomId: null, reason: 'new', detail: { note: 'created by provision', why: tag.detail } },
    });
  }
  entries.push(...(await planKbTree(context)).map((item) => ({ item })));
  await context.record(entries);
}

function classifyAttribute(context: PlanContext, attribute: PlannedAttribute): PlanItem {
  const objectType = attribute.model === 'contact' ? 'data_attribute' : 'conversation_attribute';
  const base = { objectType, family: 'mapping', khorosKey: attribute.name };
  const detail: Record<string, unknown> = { dataType: attribute.dataType, uses: attribute.uses, ...(attribute.options ? { options: attribute.options } : {}) };
  const queue = (reason: string, note: string): PlanItem => ({ ...base, action: 'queue', intercomId: null, reason, detail: { note, ...detail } });
  const lower = attribute.name.toLowerCase();
  const live = attribute.model === 'contact'
    ? context.state.dataAttributes.filter((a) => a.name.toLowerCase() === lower && !a.archived)
    : context.state.conversationAttributes.filter((a) => a.name.toLowerCase() === lower && !a.archived);
  const found = live.find((a) => a.name === attribute.name) ?? live[0];
  if (found) {
    const fits = compatibleDataTypes(attribute.model, found.dataType, found.options !== null).includes(attribute.dataType);
    if (!fits) return queue('attribute-type-mismatch', `Intercom's "${found.name}" is of type ${found.dataType}, which cannot take ${attribute.dataType} values: change the map`);
    const missing = attribute.dataType === 'options' ? (attribute.options ?? []).filter((o) => !(found.options ?? []).includes(o)) : [];
    const id = found.id ?? found.name;
    return missing.length
      ? { ...base, action: 'update', intercomId: id, reason: 'options-missing', detail: { note: `options added: ${missing.join(', ')}`, addOptions: missing, ...detail } }
      : { ...base, action: 'skip', intercomId: id, reason: 'exists', detail: { note: `Intercom has ${objectType.replace('_', ' ')} "${found.name}"`, ...detail } };
  }
  // An archived contact attribute (a rollback leaves the ones provision created) is unarchived by provision when its type fits.
  const archived = attribute.model === 'contact' ? context.state.dataAttributes.filter((a) => a.name.toLowerCase() === lower && a.archived) : [];
  if (archived.length) {
    const held = archived.find((a) => a.name === attribute.name) ?? archived[0];
    if (!compatibleDataTypes('contact', held.dataType, held.options !== null).includes(attribute.dataType)) {
      return queue('attribute-archived', `archived in Intercom, of type ${held.dataType}, which cannot take ${attribute.dataType} values (and Intercom refuses to create the name again): rename it in the map`);
    }
    if (held.id === undefined || held.id === null) return queue('attribute-archived', 'archived in Intercom, which gives no id to unarchive it by: unarchive it by hand, or rename it in the map');
    return { ...base, action: 'update', intercomId: held.id, reason: 'unarchive', detail: { note: `archived in Intercom: provision unarchives "${held.name}"`, ...detail } };
  }
  if (!attribute.create) return queue('attribute-missing', 'missing in Intercom, and the map does not create it (create: false)');
  const problem = attributeNameProblem(attribute.name);
  if (problem) return queue('attribute-name-invalid', `the name ${problem}`);
  return { ...base, action: 'create', intercomId: null, reason: 'new', detail: { note: 'created by provision', ...detail } };
}

/** Categories → collections, boards → sections: found by the ledger's id, else by parent and name; missing ones created. */
async function planKbTree(context: PlanContext): Promise<PlanItem[]> {
  const { nodes } = await planCollections(context.workspace);
  if (nodes.length === 0) return [];
  const written = context.ledger ? await readLedgerState(context.workspace, ['collection'], nodes.map((n) => n.key)) : new Map();
  const collections = context.state.collections;
  const ids = new Map<string, string | null>();
  return nodes.map((node): PlanItem => {
    const objectType = node.family === 'kb_boards' ? 'section' : 'collection';
    const base = { objectType, family: node.family, khorosKey: node.id };
    const parentId = node.parentKey === null ? null : ids.get(node.parentKey) ?? null;
    const parentPlanned = node.parentKey !== null && parentId === null;
    const ledgerId = written.get(node.key)?.intercomId;
    const found = (ledgerId && collections.some((c) => c.id === ledgerId) ? ledgerId : undefined)
      ?? (parentPlanned ? undefined : collections.find((c) => String(c.parentId ?? '') === String(parentId ?? '') && c.name.trim() === node.name)?.id);
    ids.set(node.key, found ?? null);
    const detail = { name: node.name, parent: node.parentKey };
    return found
      ? { ...base, action: 'skip', intercomId: found, reason: 'exists', detail: { note: `Intercom has ${objectType} "${node.name}"`, ...detail } }
      : { ...base, action: 'create', intercomId: null, reason: 'new', detail: { note: `created by provision${parentPlanned ? ' under its new parent' : ''}`, ...detail } };
  });
}
