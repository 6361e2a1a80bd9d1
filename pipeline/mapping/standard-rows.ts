/**
 * The rows of fields that have a standard Intercom counterpart (or a fixed decision), per
 * Khoros object: customer `email` → contact `email`, case `status` → conversation `state`
 * through a value map, and so on. A profile field with no rule here goes to the field
 * proposer (a custom attribute) on customers and cases, and is skipped with a reason on
 * authors and conversations. Only fields present in the profile get a row.
 *
 * Decisions (each row's evidence repeats its own):
 * - customer `created` → `signed_up_at`: Intercom sets `created_at` itself;
 * - `phoneNumbers` → `phone`, the first number (Intercom keeps one);
 * - case `status`: open → open, pending → open (snoozed needs a wake-up time Khoros does
 *   not have), resolved → closed, closed → closed; lossy;
 * - `priority` 0–5 → an attribute (`khoros_priority`, shared by cases and conversations): no
 *   2.16 request sets a conversation's priority;
 * - `brandId` → `brand_id`: the Intercom brand of the same name, else null (the brand then
 *   becomes a tag by `objects.brands.tagRule`);
 * - `initiativeId`/`campaignId` → tags by their object's rule; case `tags` → a tag each;
 * - the case id → the `caseIdAttribute` conversation attribute (import finds its writes by it);
 * - author `properties.*` → contact attributes (enrichment), other author fields skipped.
 */
import type { Conversion, FieldMap, FieldTarget, MappingPolicies } from './mapping.ts';
import type { FieldProfile } from './source-profile.ts';

/** What the standard rows depend on besides the profile. */
export interface StandardContext {
  policies: MappingPolicies;
  /** Khoros brand id → Intercom brand id or null (no brand of that name). */
  brandIds: Record<string, string | null>;
  tagRules: { initiatives: string; campaigns: string };
  /** Lower-case names of live conversation attributes (is the case id attribute there already?). */
  conversationAttributes: ReadonlySet<string>;
}

/** One rule: the row for a profile path, or 'propose' to hand the field to the proposer. */
type Rule = (field: FieldProfile, context: StandardContext) => Omit<FieldMap, 'source'> & { source?: string };

const row = (target: FieldTarget, conversion: Conversion, confidence: number, reasons: string[], extra: Partial<FieldMap> = {}): Omit<FieldMap, 'source'> =>
  ({ target, conversion, lossy: false, default: null, ...extra, evidence: { confidence, reasons } });
const skip = (reason: string, confidence = 0.9): Rule => () => row({ skip: true, reason }, { type: 'string' }, confidence, [reason]);
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The text keys of a field's values: its options, else its samples. */
function seen(field: FieldProfile): string[] {
  return field.options ?? field.samples;
}

function valueMap(field: FieldProfile, known: Record<string, string | null>, fallback: string | null): Record<string, string | null> {
  const values: Record<string, string | null> = { ...known };
  for (const value of seen(field)) if (!Object.hasOwn(values, value)) values[value] = fallback;
  return values;
}

const CASE_STATES: Record<string, string> = { open: 'open', pending: 'open', resolved: 'closed', closed: 'closed' };
const CARE_STATES: Record<string, string> = { AVAILABLE: 'open', RESPONDED: 'open', CLOSED: 'closed' };

const state = (known: Record<string, string>, what: string): Rule => (field) => {
  const values = valueMap(field, known, 'open');
  const unknown = seen(field).filter((v) => !Object.hasOwn(known, v));
  return row({ standard: 'state' }, { type: 'valueMap', values }, unknown.length ? 0.7 : 0.9, [
    `${what} → conversation state: ${Object.entries(known).map(([f, t]) => `${f} → ${t}`).join(', ')}`,
    ...(Object.hasOwn(known, 'pending') ? ['pending → open: snoozed needs a wake-up time that Khoros does not have; to keep the original status, add a row status → {attribute: khoros_status, dataType: options}'] : []),
    ...(unknown.length ? [`values with no known meaning map to open: ${unknown.map((v) => JSON.stringify(v)).join(', ')}`] : []),
    'lossy: several statuses become one state',
  ], { lossy: true });
};

const assignee = (): Rule => () => row({ standard: 'admin_assignee_id' }, { type: 'email' }, 0.9, [
  'the agent → the Intercom admin with the same email, case-insensitively (objects.agents.resolved)',
  'agents with no admin → policies.fallbackAdminId',
]);

const PROPOSE = 'propose' as const;

/** Rules per map object; `PROPOSE` hands the field to the field proposer. */
export const STANDARD_RULES: Readonly<Record<'customers' | 'authors' | 'cases' | 'conversations', Readonly<Record<string, Rule | typeof PROPOSE>>>> = {
  customers: {
    id: () => row({ standard: 'external_id' }, { type: 'string' }, 1, ['the Khoros customer id is the contact\'s external_id: import finds contacts by it, and by email only to merge with existing ones']),
    email: (field, { policies }) => row({ standard: 'email' }, { type: 'email' }, 1, [
      `${percent(field.nullRate)} of customers have no email: policies.noEmail (${policies.noEmail}) decides what they become`,
      'Intercom compares emails case-insensitively: customers whose emails differ only in case are one contact there',
    ]),
    displayName: () => row({ standard: 'name' }, { type: 'string' }, 1, ['the display name is the contact\'s name']),
    phoneNumbers: () => row({ standard: 'phone' }, { type: 'string' }, 0.8, [
      'the first number is the contact\'s phone (item 0); Intercom keeps one number per contact',
      'lossy: further numbers are dropped; add a row phoneNumbers → {attribute: khoros_phone_numbers, dataType: string} to keep them as text',
    ], { lossy: true, item: 0 }),
    created: () => row({ standard: 'signed_up_at' }, { type: 'date' }, 0.9, [
      'Intercom sets created_at itself; signed_up_at is the writable original date',
    ]),
    lastUpdated: skip('Intercom keeps its own updated_at'),
    location: PROPOSE,
  },
  authors: {
    id: skip('an author enriches the contact of its customer (handles.crm[0].id); the author id itself is not kept'),
    handles: skip('identity: links the author to its customer (handles.crm[0].id) and its networks; not a contact field'),
    displayNumber: skip('Care display number: no meaning in Intercom'),
    brandOwned: skip('brand accounts (brandOwned) are the brand speaking, not contacts'),
    deleted: skip('life cycle: a deleted author enriches nothing; its cases still migrate'),
    mergedIntoId: skip('life cycle: references to a merged author resolve to the survivor at import'),
    lastModified: skip('drives delta runs; Intercom keeps its own updated_at'),
    timezone: skip('Care timezone offset: Intercom derives the contact\'s timezone itself'),
    tags: skip('Care author tags are not in the object table; add a tag row by hand to keep them', 0.7),
    notes: skip('Care author notes are not in the object table; add them by hand as contact notes if wanted', 0.7),
    'properties.brandId': skip('set on brand accounts only (brandOwned), which are not contacts'),
  },
  cases: {
    id: (_, { policies, conversationAttributes }) => row(
      { attribute: policies.caseIdAttribute, dataType: 'string', create: !conversationAttributes.has(policies.caseIdAttribute.toLowerCase()) },
      { type: 'string' }, 1, [`the Khoros case id → conversation attribute ${policies.caseIdAttribute} (policies.caseIdAttribute): import finds its writes by it`]),
    canonicalId: skip('added by the export (canonical id linking legacy and new formats); the source id is kept in the case id attribute'),
    number: skip('the case number is part of the case id'),
    customerId: () => row({ standard: 'from' }, { type: 'string' }, 1, ['the conversation\'s contact: the contact migrated from this customer (by external_id)']),
    title: () => row({ standard: 'title' }, { type: 'string' }, 1, ['the case title is the conversation title']),
    description: skip('the first interaction carries the opening message'),
    status: state(CASE_STATES, 'case status'),
    priority: PROPOSE,
    'assignedAgent.email': assignee(),
    'assignedAgent.name': skip('the agent is matched by email'),
    'assignedAgent.lswUuid': skip('the agent is matched by email'),
    brandId: (field, { brandIds }) => {
      const values: Record<string, string | null> = {};
      for (const id of [...new Set([...Object.keys(brandIds), ...seen(field)])].sort()) values[id] = brandIds[id] ?? null;
      const matched = Object.entries(values).filter(([, v]) => v !== null).map(([k, v]) => `${k} → ${v}`);
      return row({ standard: 'brand_id' }, { type: 'valueMap', values }, 0.9, [
        matched.length ? `brands with an Intercom brand of the same name: ${matched.join(', ')}` : 'no Khoros brand has an Intercom brand of the same name',
        'null: no Intercom brand; the case gets the brand tag instead (objects.brands.tagRule)',
      ]);
    },
    initiativeId: (_, { tagRules }) => row({ tag: tagRules.initiatives }, { type: 'string' }, 0.9, [`the initiative → a tag named by objects.initiatives.tagRule ("${tagRules.initiatives}"), {name} being the initiative's name`]),
    campaignId: (_, { tagRules }) => row({ tag: tagRules.campaigns }, { type: 'string' }, 0.9, [`the campaign → a tag named by objects.campaigns.tagRule ("${tagRules.campaigns}"), {name} being the campaign's name`]),
    workQueueId: skip('work queues have no API counterpart in Intercom (teams are read-only); add a tag row by hand to keep them', 0.7),
    tags: () => row({ tag: '{value}' }, { type: 'string' }, 0.9, ['each case tag → an Intercom tag of the same name (names are case-insensitive there)']),
    created: () => row({ standard: 'created_at' }, { type: 'date' }, 1, ['the original creation time (Intercom takes created_at on create from API 2.11)']),
    lastUpdated: skip('Intercom keeps its own updated_at'),
  },
  conversations: {
    lswUuid: (_, { policies, conversationAttributes }) => {
      const name = `${policies.attributePrefix}conversation_id`;
      return row({ attribute: name, dataType: 'string', create: !conversationAttributes.has(name.toLowerCase()) }, { type: 'string' }, 1,
        [`the Care conversation id → conversation attribute ${name}: import finds its writes by it`]);
    },
    displayNumber: skip('Care display number: the conversation id is kept'),
    status: state(CARE_STATES, 'Care status'),
    priority: PROPOSE,
    createDate: () => row({ standard: 'created_at' }, { type: 'date', formats: ['epoch-ms'] }, 1, ['the original creation time (Care epoch milliseconds)']),
    closeDate: skip('Intercom stamps the close when import closes the conversation (state parts take no created_at)'),
    'assignedToAgent.email': assignee(),
    'assignedToAgent.name': skip('the agent is matched by email'),
    'assignedToAgent.lswUuid': skip('the agent is matched by email'),
    participants: () => row({ standard: 'from' }, { type: 'string' }, 0.8, ['the first participant (a Care person) → the contact of its customer'], { item: 0 }),
    'channel.network': () => row({ tag: 'channel: {value}' }, { type: 'string' }, 0.7, ['the channel (network) → a tag, as Intercom has no such field']),
    tags: () => row({ tag: '{name}' }, { type: 'string' }, 0.9, ['each Care tag (by tagId) → an Intercom tag of its name']),
    primaryMessage: skip('replayed as the first part'),
    notes: skip('Care conversation notes are replayed as note parts'),
  },
};

/** The reason added to a proposed attribute for a standard field Intercom cannot take. */
export const PROPOSE_NOTES: Readonly<Record<string, string>> = {
  'customers.location': 'the API cannot set a contact\'s location (location.* are read-only), so it becomes an attribute',
  'customers.screenName': 'Intercom has no screen name field',
  'customers.gender': 'Intercom has no gender field',
  'customers.url': 'a link back to the Khoros customer',
  'cases.url': 'a link back to the Khoros case',
  'cases.priority': 'no 2.16 request sets a conversation\'s priority (update_conversation_request has none), so the Khoros priority is kept as an attribute',
  'conversations.priority': 'no 2.16 request sets a conversation\'s priority (update_conversation_request has none), so the Care priority is kept as an attribute',
};

/**
 * The rule for a profile path, `'propose'`, or undefined (no rule).
 *
 * @example
 * ruleFor('cases', 'status'); // the state value-map rule
 */
export function ruleFor(object: keyof typeof STANDARD_RULES, path: string): Rule | typeof PROPOSE | undefined {
  if (Object.hasOwn(STANDARD_RULES[object], path)) return STANDARD_RULES[object][path];
  // An author's free-form profile properties enrich its contact.
  if (object === 'authors' && path.startsWith('properties.')) return PROPOSE;
  return undefined;
}
