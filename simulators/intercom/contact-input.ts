/**
 * Validation of `create_contact_request` / `update_contact_request` bodies. Types follow
 * the 2.16 schemas; `owner_id` also takes an integer, as ≤2.15 and the official SDK (2.14
 * types) send it. Custom attributes must already exist as non-archived contact data
 * attributes ("Since API 2.0, custom attributes must be created ... before a contact is
 * updated with them") and hold a value of their type.
 *
 * Messages Intercom's public record does not show are simulator wording: the unknown
 * attribute error copies the documented conversation-attribute one ("Conversation
 * attribute 'x' does not exist", 400 `parameter_invalid`).
 */
import type { ContactFields } from './contact-object.ts';
import { IntercomError, type SimState } from './context.ts';

type Kind = 'string' | 'integer' | 'boolean' | 'object' | 'owner';

const FIELDS: Record<keyof ContactFields | 'email_verified', { kind: Kind; nullable: boolean }> = {
  role: { kind: 'string', nullable: false },
  external_id: { kind: 'string', nullable: true },
  email: { kind: 'string', nullable: true },
  email_verified: { kind: 'boolean', nullable: true },
  phone: { kind: 'string', nullable: true },
  name: { kind: 'string', nullable: true },
  avatar: { kind: 'string', nullable: true },
  signed_up_at: { kind: 'integer', nullable: true },
  last_seen_at: { kind: 'integer', nullable: true },
  owner_id: { kind: 'owner', nullable: true },
  unsubscribed_from_emails: { kind: 'boolean', nullable: true },
  custom_attributes: { kind: 'object', nullable: true },
};

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'object': return typeof value === 'object' && !Array.isArray(value);
    case 'owner': return typeof value === 'string' || Number.isInteger(value);
  }
}

function valueFits(dataType: string, value: unknown): boolean {
  if (value === null) return true;
  switch (dataType) {
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'float': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'date': return Number.isInteger(value) || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    default: return true;
  }
}

/**
 * Checks a contact body and returns the fields to store; throws 400 `IntercomError`s.
 *
 * @example
 * readContactFields(state, { email: 'a@b.co', custom_attributes: { plan: 'pro' } }, 'create');
 * // { email: 'a@b.co', custom_attributes: { plan: 'pro' } } when `plan` is a string attribute
 */
export function readContactFields(state: SimState, body: unknown, mode: 'create' | 'update'): ContactFields {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new IntercomError(400, 'parameter_invalid', 'The request body must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(FIELDS)) {
    const value = input[name];
    if (value === undefined) continue;
    if (value === null ? !rule.nullable : !fits(rule.kind, value)) {
      throw new IntercomError(400, 'parameter_invalid', `${name} has an invalid type`, name);
    }
    if (name !== 'email_verified') fields[name] = value;
  }
  if (mode === 'create' && input.email === undefined && input.external_id === undefined && input.role === undefined) {
    // anyOf: required email | external_id | role.
    throw new IntercomError(400, 'parameter_invalid', 'Please provide one of email, external_id or role', 'email');
  }
  if (fields.role !== undefined && fields.role !== 'user' && fields.role !== 'lead') {
    throw new IntercomError(400, 'parameter_invalid', "role must be either 'user' or 'lead'", 'role');
  }
  if (input.email_verified !== undefined && typeof input.email !== 'string') {
    throw new IntercomError(400, 'parameter_invalid', 'email_verified must be supplied together with an email', 'email_verified');
  }
  for (const [key, value] of Object.entries((fields.custom_attributes as Record<string, unknown> | null) ?? {})) {
    const attribute = state.dataAttributes.get(`contact.${key}`);
    if (!attribute || !attribute.custom || attribute.archived) {
      throw new IntercomError(400, 'parameter_invalid', `Custom attribute '${key}' does not exist`, `custom_attributes.${key}`);
    }
    if (!valueFits(attribute.data_type, value)) {
      throw new IntercomError(400, 'parameter_invalid', `Custom attribute '${key}' must be of type ${attribute.data_type}`, `custom_attributes.${key}`);
    }
  }
  return fields as ContactFields;
}
