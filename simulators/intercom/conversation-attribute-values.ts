/**
 * Checks `custom_attributes` written to a conversation (`PUT /conversations/{id}`) against the
 * workspace's conversation attributes (`state.conversationAttributes`, the 2.16 API's objects):
 *
 * - a key that names no non-archived attribute → 400 `parameter_invalid` "Conversation
 *   attribute 'x' does not exist" (intercom-node #349);
 * - a name two non-archived attributes share → 400 `parameter_invalid` (the 2.16 "Breaking
 *   change: duplicate custom attribute names" admonition; Intercom writes `INVALID_PARAMETER`);
 * - a value of the wrong type → 400 `parameter_invalid` (simulator wording). Types: string,
 *   integer, decimal (any number), boolean, datetime (Unix seconds or ISO-8601), list (the label
 *   of an active option); relationship and files values are taken as given.
 */
import { IntercomError, type SimState } from './context.ts';

type Obj = Record<string, any>;

/** One attribute write, with the value it replaces. */
export interface AttributeChange {
  name: string;
  value: unknown;
  previous: unknown;
}

function fits(attribute: Obj, value: unknown): boolean {
  switch (attribute.data_type) {
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'decimal': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'datetime': return Number.isInteger(value) || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    case 'list': return (attribute.options ?? []).some((o: Obj) => !o.archived && o.label === value);
    default: return true;
  }
}

/**
 * Validates the attributes and returns the changes to apply (unchanged values left out).
 *
 * @example
 * const changes = checkConversationAttributes(state, conversation.custom_attributes, { issue_type: 'Billing' });
 */
export function checkConversationAttributes(state: SimState, current: Obj, attributes: unknown): AttributeChange[] {
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw new IntercomError(400, 'parameter_invalid', 'custom_attributes must be an object', 'custom_attributes');
  }
  const live = [...state.conversationAttributes.values()].filter((a) => !a.archived);
  const changes: AttributeChange[] = [];
  for (const [name, value] of Object.entries(attributes as Obj)) {
    const matches = live.filter((a) => a.name === name);
    if (matches.length === 0) {
      throw new IntercomError(400, 'parameter_invalid', `Conversation attribute '${name}' does not exist`, `custom_attributes.${name}`);
    }
    if (matches.length > 1) {
      throw new IntercomError(400, 'parameter_invalid',
        `Multiple non-archived conversation attributes are named '${name}'; rename or archive the duplicates`, `custom_attributes.${name}`);
    }
    if (!fits(matches[0], value)) {
      throw new IntercomError(400, 'parameter_invalid',
        `The value of '${name}' does not fit its data type (${matches[0].data_type})`, `custom_attributes.${name}`);
    }
    if (current[name] !== value) changes.push({ name, value, previous: current[name] });
  }
  return changes;
}
