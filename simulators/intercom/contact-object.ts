/**
 * The Intercom `contact` object (2.16 schema `contact` plus the fields of its examples:
 * subscription lists, UTM fields, `enabled_push_messaging`). State keeps one full object per
 * contact; responses are derived copies (sub-lists cut to 10 items, version differences).
 */
import { compareVersions } from './api-version.ts';
import type { SimState } from './context.ts';

type Contact = Record<string, any>;

/** The request fields `POST /contacts` and `PUT /contacts/{id}` store. */
export interface ContactFields {
  role?: string;
  external_id?: string | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  avatar?: string | null;
  signed_up_at?: number | null;
  last_seen_at?: number | null;
  owner_id?: string | null;
  unsubscribed_from_emails?: boolean | null;
  custom_attributes?: Record<string, unknown> | null;
}

const NULL_FIELDS = [
  'last_replied_at', 'last_contacted_at', 'last_email_opened_at', 'last_email_clicked_at',
  'language_override', 'browser', 'browser_version', 'browser_language', 'os',
  'android_app_name', 'android_app_version', 'android_device', 'android_os_version', 'android_sdk_version', 'android_last_seen_at',
  'ios_app_name', 'ios_app_version', 'ios_device', 'ios_os_version', 'ios_sdk_version', 'ios_last_seen_at',
  'utm_campaign', 'utm_content', 'utm_medium', 'utm_source', 'utm_term', 'referrer', 'enabled_push_messaging',
];

function subList(id: string, what: string): Record<string, unknown> {
  return { type: 'list', data: [], url: `/contacts/${id}/${what}`, total_count: 0, has_more: false };
}

/**
 * A new contact with every field of the 2.16 shape, `created_at`/`updated_at` = `at`.
 *
 * @example
 * const c = buildContact(state, state.nextId('contact'), { email: 'a@b.co' }, state.now());
 * c.role; // 'user' (Intercom's default role)
 */
export function buildContact(state: SimState, id: string, fields: ContactFields, at: number): Contact {
  const contact: Contact = {
    type: 'contact',
    id,
    workspace_id: state.workspaceId,
    external_id: null,
    role: 'user',
    email: '',
    email_domain: '',
    phone: null,
    name: null,
    avatar: null,
    owner_id: null,
    social_profiles: { type: 'list', data: [] },
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    created_at: at,
    updated_at: at,
    signed_up_at: null,
    last_seen_at: null,
    location: { type: 'location', country: null, region: null, city: null, country_code: null, continent_code: null },
    custom_attributes: {},
    tags: subList(id, 'tags'),
    notes: subList(id, 'notes'),
    companies: subList(id, 'companies'),
    opted_out_subscription_types: subList(id, 'subscriptions'),
    opted_in_subscription_types: subList(id, 'subscriptions'),
  };
  for (const key of NULL_FIELDS) contact[key] = null;
  applyContactFields(contact, fields);
  return contact;
}

/**
 * Writes request fields onto a stored contact (in place): the avatar URL becomes an
 * `avatar` object, `owner_id` a string, `email_domain` follows `email`, custom attributes merge.
 *
 * @example
 * applyContactFields(contact, { email: 'Ann@Example.com' }); // contact.email_domain === 'example.com'
 */
export function applyContactFields(contact: Contact, fields: ContactFields): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === 'custom_attributes') contact.custom_attributes = { ...contact.custom_attributes, ...(value as object) };
    else if (key === 'avatar') contact.avatar = value === null ? null : { type: 'avatar', image_url: value };
    else if (key === 'owner_id') contact.owner_id = value === null ? null : String(value);
    else if (key === 'email') {
      // The 2.16 schema types `email`/`email_domain` as non-nullable strings: no email is ''.
      contact.email = value ?? '';
      contact.email_domain = contact.email.includes('@') ? contact.email.split('@').pop()!.toLowerCase() : '';
    } else if (key === 'unsubscribed_from_emails') contact.unsubscribed_from_emails = Boolean(value);
    else contact[key] = value;
  }
}

function cut(list: Record<string, any> | undefined): Record<string, any> | undefined {
  if (!list || !Array.isArray(list.data)) return list;
  return { ...list, data: list.data.slice(0, 10), total_count: list.data.length, has_more: list.data.length > 10 };
}

/**
 * The API view of a stored contact: sub-lists show at most 10 items ("Up to 10 will be
 * displayed here"), internal flags are dropped, and before 2.16 `owner_id` is an integer.
 *
 * @example
 * contactResponse(contact, '2.14').owner_id; // 12 instead of '12'
 */
export function contactResponse(contact: Contact, version = '2.16'): Contact {
  const { archived: _archived, ...out } = contact;
  out.tags = cut(out.tags);
  out.notes = cut(out.notes);
  out.companies = cut(out.companies);
  if (compareVersions(version, '2.16') < 0 && out.owner_id !== null && /^\d+$/.test(String(out.owner_id))) out.owner_id = Number(out.owner_id);
  return out;
}

/**
 * `contact_reference` (plus a flag, as `contact_deleted`/`contact_archived` add).
 *
 * @example
 * contactReference(contact, { deleted: true }); // { type: 'contact', id, external_id, deleted: true }
 */
export function contactReference(contact: Contact, extra: Record<string, boolean>): Contact {
  return { type: 'contact', id: contact.id, external_id: contact.external_id ?? null, ...extra };
}
