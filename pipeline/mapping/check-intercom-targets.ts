/**
 * What Intercom accepts as a field's target, for the meaning checks: the standard fields of
 * contacts and conversations with the type each takes (2.16 `create_contact_request`,
 * `update_contact_request`, `create_conversation_request`, `update_conversation_request`,
 * and the state/priority/assignment parts), how Intercom's attribute data types line up with
 * the map's `dataType`, and the attribute name rule.
 */
import { INTERCOM_ATTRIBUTE_NAME } from './attribute-name.ts';
import type { AttributeType } from './mapping.ts';

/** The type a target takes; `options` with the values it accepts. */
export interface TargetType {
  type: AttributeType;
  options?: readonly string[];
}

/** Intercom object a field-bearing Khoros object lands in. */
export type TargetObject = 'contacts' | 'conversations';

/**
 * The standard fields the API writes, per target object (2.16 `create_contact_request` /
 * `update_contact_request`; `create_conversation_request`, `update_conversation_request`
 * and the state and assignment parts). `from` on a conversation is its contact: the source
 * holds the Khoros customer or person id and import resolves it; `admin_assignee_id` takes
 * an agent's email or id likewise.
 */
export const STANDARD_FIELDS: Readonly<Record<TargetObject, Readonly<Record<string, TargetType>>>> = {
  contacts: {
    role: { type: 'options', options: ['user', 'lead'] },
    external_id: { type: 'string' },
    email: { type: 'string' },
    email_verified: { type: 'boolean' },
    phone: { type: 'string' },
    name: { type: 'string' },
    avatar: { type: 'string' },
    signed_up_at: { type: 'date' },
    last_seen_at: { type: 'date' },
    owner_id: { type: 'string' },
    unsubscribed_from_emails: { type: 'boolean' },
  },
  conversations: {
    from: { type: 'string' },
    title: { type: 'string' },
    subject: { type: 'string' },
    body: { type: 'string' },
    created_at: { type: 'date' },
    brand_id: { type: 'string' },
    company_id: { type: 'string' },
    read: { type: 'boolean' },
    state: { type: 'options', options: ['open', 'closed', 'snoozed'] },
    snoozed_until: { type: 'date' },
    admin_assignee_id: { type: 'string' },
    team_assignee_id: { type: 'string' },
  },
};

/** Standard fields Intercom has but the API does not write, with what to do instead. */
export const READ_ONLY_FIELDS: Readonly<Record<TargetObject, Readonly<Record<string, string>>>> = {
  contacts: {
    created_at: 'Intercom sets it; use signed_up_at for the original date',
    updated_at: 'Intercom sets it',
    location: 'the API cannot set a contact\'s location (location.* are read-only); use an attribute',
    last_contacted_at: 'Intercom sets it', last_replied_at: 'Intercom sets it',
  },
  conversations: {
    priority: 'no 2.16 request sets a conversation\'s priority (update_conversation_request has none, and 2.16 priorities are ' +
      'none/low/medium/high/urgent, not priority/not_priority); keep it as an attribute (e.g. {attribute: khoros_priority, dataType: integer, create: true}) or skip it',
    updated_at: 'Intercom sets it',
    open: 'follows state; map to state',
    waiting_since: 'Intercom sets it',
  },
};

/**
 * The map's `dataType`s an existing Intercom attribute of this data type takes. A contact
 * list attribute is answered as a `string` with `options` (it takes any text); a
 * conversation `list` takes only its option labels.
 *
 * @example
 * compatibleDataTypes('conversation', 'decimal'); // ['float']
 * compatibleDataTypes('contact', 'string', true); // ['string', 'options']
 */
export function compatibleDataTypes(model: 'contact' | 'conversation', dataType: string, hasOptions = false): AttributeType[] {
  if (model === 'contact') {
    const byType: Record<string, AttributeType[]> = {
      string: hasOptions ? ['string', 'options'] : ['string'], options: ['options', 'string'], integer: ['integer'], float: ['float'],
      boolean: ['boolean'], date: ['date'], datetime: ['date'],
    };
    return byType[dataType] ?? [];
  }
  const byType: Record<string, AttributeType[]> = {
    string: ['string'], list: ['options'], integer: ['integer'], decimal: ['float'], boolean: ['boolean'], datetime: ['date'],
  };
  return byType[dataType] ?? [];
}

/**
 * Intercom's rule for a new attribute's name (contact data attributes; conversation
 * attributes follow it too): letters, digits, spaces, `_`, `-` and currency symbols except
 * `$` (`.` and `$` would split the `custom_attributes.<name>` path).
 *
 * @example
 * validAttributeName('khoros_loyalty_number'); // true
 * validAttributeName('plan.name'); // false
 */
export function validAttributeName(name: string): boolean {
  return INTERCOM_ATTRIBUTE_NAME.test(name) && !name.includes('$') && name.trim() !== '';
}
