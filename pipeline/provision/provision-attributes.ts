/**
 * The custom attributes the confirmed map writes: contact data attributes (customers and
 * authors rows, `POST /data_attributes`) and conversation attributes (cases and Care
 * conversations rows, and `policies.caseIdAttribute`, through the 2.16
 * `POST /conversations/attributes`). Each is created when it is missing and the map says
 * `create: true`; an existing list attribute that lacks options the map declares gets them
 * (a contact attribute by `PUT /data_attributes/{id}` with the full list, its old list kept
 * as the before-image; a conversation attribute by `POST …/{id}/options`, one per option).
 * A contact attribute that is archived (a rollback archives what provision created; Intercom
 * refuses to create its name again) is unarchived (`PUT /data_attributes/{id}
 * {archived: false}`, before-image `{archived: true}`, so a rollback archives it again) when
 * its type fits, as an active one's must. An archived conversation attribute holds no name
 * (Intercom creates another of the same name) and the 2.16 API has no way to unarchive one
 * (`PUT /conversations/attributes/{id}` takes no `archived`), so a new one is created.
 * What provision cannot fix (a `create: false` attribute that is gone, a type that does not
 * fit, a name another model holds) is a manual step.
 */
import { IntercomRequestError } from '../errors.ts';
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { compatibleDataTypes } from '../mapping/check-intercom-targets.ts';
import { fieldObjects } from '../mapping/check-map-policies.ts';
import type { AttributeType, Mapping } from '../mapping/mapping.ts';
import type { ManualStep } from './provision-report.ts';
import { provisionStep, skipStep, stepKey, type ProvisionContext } from './provision-step.ts';
import { optionValues, type ConversationAttribute, type DataAttribute, type IntercomSetup } from './read-intercom-setup.ts';

/** One attribute the map needs. */
export interface PlannedAttribute {
  model: 'contact' | 'conversation';
  name: string;
  dataType: AttributeType;
  /** Declared options (list attributes), in the map's order. */
  options?: string[];
  /** True when any row (or the case-id policy) lets provision create it. */
  create: boolean;
  /** What writes it: `customers.vip`, `policies.caseIdAttribute`, ... */
  uses: string[];
}

const CONTACT_TYPES: Record<AttributeType, string> = { string: 'string', integer: 'integer', float: 'float', boolean: 'boolean', date: 'date', options: 'options' };
const CONVERSATION_TYPES: Record<AttributeType, string> = { string: 'string', integer: 'integer', float: 'decimal', boolean: 'boolean', date: 'datetime', options: 'list' };
const MODEL_OF: Record<string, 'contact' | 'conversation'> = { customers: 'contact', authors: 'contact', cases: 'conversation', conversations: 'conversation' };

/**
 * The attributes of the map's rows, one per model and name (Intercom compares names
 * case-insensitively), options merged; plus the case-id attribute (a string).
 *
 * @example
 * plannedAttributes(mapping).find((a) => a.name === 'khoros_case_id'); // { model: 'conversation', dataType: 'string', create: true, ... }
 */
export function plannedAttributes(mapping: Mapping): PlannedAttribute[] {
  const planned = new Map<string, PlannedAttribute>();
  const add = (attribute: PlannedAttribute) => {
    const key = `${attribute.model}:${attribute.name.toLowerCase()}`;
    const known = planned.get(key);
    if (!known) {
      planned.set(key, { ...attribute, ...(attribute.options ? { options: [...attribute.options] } : {}) });
      return;
    }
    known.create ||= attribute.create;
    known.uses.push(...attribute.uses.filter((u) => !known.uses.includes(u)));
    if (attribute.options) known.options = [...new Set([...(known.options ?? []), ...attribute.options])];
  };
  for (const [object, path] of fieldObjects(mapping)) {
    const family = path.split('.')[1];
    for (const row of object.fields ?? []) {
      const target = row.target;
      if (!target || !('attribute' in target)) continue;
      add({ model: MODEL_OF[family], name: target.attribute, dataType: target.dataType, ...(target.options ? { options: target.options } : {}), create: target.create === true, uses: [`${family}.${row.source}`] });
    }
  }
  const caseId = mapping.policies?.caseIdAttribute;
  if (caseId && !planned.has(`conversation:${caseId.toLowerCase()}`)) {
    add({ model: 'conversation', name: caseId, dataType: 'string', create: true, uses: ['policies.caseIdAttribute'] });
  }
  return [...planned.values()];
}

/**
 * Provisions every planned attribute; answers the manual steps it found.
 *
 * @example
 * const manual = await provisionAttributes(context, intercom, setup, plannedAttributes(mapping));
 */
export async function provisionAttributes(context: ProvisionContext, intercom: IntercomClient, setup: IntercomSetup, planned: readonly PlannedAttribute[]): Promise<ManualStep[]> {
  const manual: ManualStep[] = [];
  for (const attribute of planned) {
    if (attribute.model === 'contact') await contactAttribute(context, intercom, setup, attribute, manual);
    else await conversationAttribute(context, intercom, setup, attribute, manual);
  }
  return manual;
}

function same(name: string) {
  const lower = name.toLowerCase();
  return (a: { name: string }) => a.name.toLowerCase() === lower;
}

/** The one with exactly this name first, then any other letter case. */
function pick<T extends { name: string }>(list: T[], name: string): T | undefined {
  return list.find((a) => a.name === name) ?? list[0];
}

function describeUses(attribute: PlannedAttribute): string {
  return `the map writes ${attribute.uses.join(', ')} to it`;
}

function wrongType(attribute: PlannedAttribute, existing: { name: string; data_type: string }, model: string, state = ''): ManualStep {
  return {
    kind: 'attribute', missing: `${model} attribute "${attribute.name}" of type ${attribute.dataType}`,
    action: `Intercom's "${existing.name}"${state} is of type ${existing.data_type}, which cannot take ${attribute.dataType} values (the API cannot change a type): ` +
      'change the map (another attribute, or its dataType) and confirm it again',
    why: describeUses(attribute),
  };
}

async function contactAttribute(context: ProvisionContext, intercom: IntercomClient, setup: IntercomSetup, attribute: PlannedAttribute, manual: ManualStep[]): Promise<void> {
  const named = setup.dataAttributes.filter(same(attribute.name));
  const contact = named.filter((a) => a.model === 'contact');
  const live = pick(contact.filter((a) => !a.archived), attribute.name);
  const other = named.find((a) => a.model !== 'contact');
  // Intercom refuses to create a name an archived attribute holds: the map's one is that attribute, unarchived.
  const archived = live || other ? undefined : pick(contact.filter((a) => a.archived), attribute.name);
  const step = { objectType: 'data_attribute' as const, key: attribute.name, name: attribute.name, detail: describeUses(attribute) };
  const found = live ?? archived;
  if (found) {
    if (!compatibleDataTypes('contact', found.data_type, optionValues(found).length > 0 || found.options !== undefined).includes(attribute.dataType)) {
      manual.push(wrongType(attribute, found, 'contact', archived ? ' (archived)' : ''));
      skipStep(context, step, `Intercom's attribute is ${archived ? 'archived and ' : ''}of type ${found.data_type}`);
      return;
    }
    if (archived && archived.id === undefined) {
      manual.push({ kind: 'attribute', missing: `contact attribute "${attribute.name}"`, action: 'it is archived in Intercom, which refuses to create it again, and the API named no id to unarchive it by: unarchive it (Settings → Data → People)', why: describeUses(attribute) });
      skipStep(context, step, 'archived in Intercom');
      return;
    }
    const id = found.id === undefined ? found.name : String(found.id);
    if (archived) {
      if (await unarchive(context, intercom, archived, step) === undefined) return;
    } else {
      await provisionStep(context, { ...step, existing: () => id });
      // An unarchive an earlier run left in flight landed: the attribute is active.
      if (found.id !== undefined && context.pending.has(stepKey('data_attribute', attribute.name, 'unarchive'))) await unarchive(context, intercom, found, step);
    }
    if (attribute.dataType === 'options' && attribute.options && found.id !== undefined) await contactOptions(context, intercom, { ...found, archived: false }, attribute);
    return;
  }
  if (other) {
    manual.push({ kind: 'attribute', missing: `contact attribute "${attribute.name}"`, action: `Intercom refuses the name: "${other.name}" is a ${other.model} attribute. Rename the attribute in the map and confirm it again`, why: describeUses(attribute) });
    skipStep(context, step, `the name is a ${other.model} attribute`);
    return;
  }
  if (!attribute.create) {
    manual.push({ kind: 'attribute', missing: `contact attribute "${attribute.name}" (${attribute.dataType})`, action: 'create it in Intercom (Settings → Data → People), or set create: true in the map and confirm it again', why: describeUses(attribute) });
    skipStep(context, step, 'missing, and the map does not create it (create: false)');
    return;
  }
  const payload: Record<string, unknown> = {
    name: attribute.name, model: 'contact', data_type: CONTACT_TYPES[attribute.dataType],
    description: `Khoros ${attribute.uses.join(', ')} (khoros2intercom)`,
    ...(attribute.dataType === 'options' ? { options: (attribute.options ?? []).map((value) => ({ value })) } : {}),
  };
  const find = async () => {
    const list = await intercom.request<{ data?: DataAttribute[] }>('GET', '/data_attributes', { searchParams: { model: 'contact' } });
    return (list.data ?? []).find((a) => same(attribute.name)(a) && !a.archived);
  };
  await provisionStep(context, {
    ...step, existing: () => undefined,
    write: {
      endpoint: 'POST /data_attributes', payload,
      send: () => intercom.request<DataAttribute>('POST', '/data_attributes', { json: payload, lookup: find }),
      settle: (created) => ({ intercomId: String(created.id) }),
    },
  });
}

/** Adds the declared options a contact list attribute lacks: one PUT with the whole list. */
async function contactOptions(context: ProvisionContext, intercom: IntercomClient, live: DataAttribute, attribute: PlannedAttribute): Promise<void> {
  const before = optionValues(live);
  const missing = (attribute.options ?? []).filter((o) => !before.includes(o));
  const key = attribute.name;
  if (missing.length === 0 && !context.pending.has(stepKey('data_attribute', key, 'update'))) return;
  const options = [...before, ...missing];
  const payload = { options: options.map((value) => ({ value })) };
  await provisionStep(context, {
    objectType: 'data_attribute', key, name: attribute.name, operation: 'update', detail: `options added: ${missing.join(', ')}`,
    existing: () => (missing.length === 0 ? String(live.id) : undefined),
    write: {
      endpoint: 'PUT /data_attributes/{id}', payload, beforeImage: { options: before },
      send: () => intercom.request<DataAttribute>('PUT', `/data_attributes/${encodeURIComponent(String(live.id))}`, { json: payload }),
      settle: (updated) => ({ intercomId: String(updated.id ?? live.id) }),
    },
  });
}

/**
 * Unarchives a contact attribute (`PUT /data_attributes/{id} {archived: false}`), an update
 * whose before-image `{archived: true}` rollback writes back. An attribute already active
 * (an earlier run's unarchive landed before a kill) settles that run's write instead.
 */
async function unarchive(context: ProvisionContext, intercom: IntercomClient, attribute: DataAttribute, step: { key: string; name: string; detail: string }): Promise<string | undefined> {
  const id = String(attribute.id);
  const path = `/data_attributes/${encodeURIComponent(id)}`;
  const payload = { archived: false };
  return provisionStep(context, {
    ...step, objectType: 'data_attribute', operation: 'update', pendingAs: 'unarchive', detail: `unarchived: ${step.detail}`,
    existing: () => (attribute.archived ? undefined : id),
    write: {
      endpoint: `PUT ${path}`, payload, beforeImage: { archived: true },
      send: () => intercom.request<DataAttribute>('PUT', path, { json: payload }),
      settle: (updated) => ({ intercomId: String(updated.id ?? id) }),
    },
  });
}

async function conversationAttribute(context: ProvisionContext, intercom: IntercomClient, setup: IntercomSetup, attribute: PlannedAttribute, manual: ManualStep[]): Promise<void> {
  const live = pick(setup.conversationAttributes.filter((a) => same(attribute.name)(a) && !a.archived), attribute.name);
  const step = { objectType: 'conversation_attribute' as const, key: attribute.name, name: attribute.name, detail: describeUses(attribute) };
  if (live) {
    if (!compatibleDataTypes('conversation', live.data_type).includes(attribute.dataType)) {
      manual.push(wrongType(attribute, live, 'conversation'));
      skipStep(context, step, `Intercom's attribute is of type ${live.data_type}`);
      return;
    }
    await provisionStep(context, { ...step, existing: () => String(live.id) });
    if (attribute.dataType === 'options') await conversationOptions(context, intercom, live, attribute);
    return;
  }
  if (!attribute.create) {
    manual.push({ kind: 'attribute', missing: `conversation attribute "${attribute.name}" (${attribute.dataType})`, action: 'create it in Intercom (Settings → Data → Conversations), or set create: true in the map and confirm it again', why: describeUses(attribute) });
    skipStep(context, step, 'missing, and the map does not create it (create: false)');
    return;
  }
  const payload: Record<string, unknown> = {
    name: attribute.name, data_type: CONVERSATION_TYPES[attribute.dataType], description: `Khoros ${attribute.uses.join(', ')} (khoros2intercom)`,
    ...(attribute.dataType === 'options' ? { options: (attribute.options ?? []).map((label) => ({ label })) } : {}),
  };
  const find = async () => {
    const list = await intercom.request<{ data?: ConversationAttribute[] }>('GET', '/conversations/attributes');
    return (list.data ?? []).find((a) => same(attribute.name)(a) && !a.archived);
  };
  await provisionStep(context, {
    ...step, existing: () => undefined,
    write: {
      endpoint: 'POST /conversations/attributes', payload,
      send: () => intercom.request<ConversationAttribute>('POST', '/conversations/attributes', { json: payload, lookup: find }),
      settle: (created) => ({ intercomId: String(created.id) }),
    },
  });
}

/** Each declared option of a conversation list attribute: found, or added by `POST …/options` (one per option). */
async function conversationOptions(context: ProvisionContext, intercom: IntercomClient, live: ConversationAttribute, attribute: PlannedAttribute): Promise<void> {
  const active = (a: ConversationAttribute) => (a.options ?? []).filter((o) => !o.archived);
  const optionId = (a: ConversationAttribute, label: string) => {
    const option = active(a).find((o) => o.label === label);
    return option ? `${a.id}/${option.id ?? label}` : undefined;
  };
  const path = `/conversations/attributes/${encodeURIComponent(String(live.id))}`;
  for (const label of attribute.options ?? []) {
    const key = `${attribute.name}/${label}`;
    const present = optionId(live, label);
    const payload = { label };
    const find = async () => {
      try {
        const current = await intercom.request<ConversationAttribute>('GET', path);
        return optionId(current, label) ? current : undefined;
      } catch (error) {
        if (error instanceof IntercomRequestError && error.status === 404) return undefined;
        throw error;
      }
    };
    await provisionStep(context, {
      objectType: 'conversation_attribute_option', key, name: label, detail: `option of conversation attribute "${live.name}"`,
      existing: () => present,
      write: {
        endpoint: 'POST /conversations/attributes/{id}/options', payload,
        send: () => intercom.request<ConversationAttribute>('POST', `${path}/options`, { json: payload, lookup: find }),
        settle: (updated) => ({ intercomId: optionId(updated, label) ?? `${live.id}/${label}` }),
      },
    });
  }
}
