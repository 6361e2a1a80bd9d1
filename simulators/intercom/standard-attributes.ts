/**
 * The built-in (`custom: false`) data attributes every Intercom workspace has. The company
 * list is the one in the 2.16 example of `GET /data_attributes`; the description shows no
 * contact list, so the contact one is simulator-defined from the fields of the `contact`
 * schema that search and the API accept (labels are ours).
 */

type Row = [fullName: string, label: string, dataType: 'string' | 'integer' | 'float' | 'boolean' | 'date', apiWritable: boolean];

const CONTACT: Row[] = [
  ['id', 'ID', 'string', false],
  ['external_id', 'User ID', 'string', true],
  ['role', 'Role', 'string', true],
  ['name', 'Name', 'string', true],
  ['email', 'Email', 'string', true],
  ['email_domain', 'Email domain', 'string', false],
  ['phone', 'Phone', 'string', true],
  ['avatar', 'Avatar', 'string', true],
  ['owner_id', 'Owner', 'integer', true],
  ['created_at', 'Created at', 'date', false],
  ['updated_at', 'Updated at', 'date', false],
  ['signed_up_at', 'Signed up', 'date', true],
  ['last_seen_at', 'Last seen', 'date', true],
  ['last_contacted_at', 'Last contacted', 'date', false],
  ['last_replied_at', 'Last heard from', 'date', false],
  ['last_email_opened_at', 'Last opened email', 'date', false],
  ['last_email_clicked_at', 'Last clicked on link in email', 'date', false],
  ['unsubscribed_from_emails', 'Unsubscribed from emails', 'boolean', true],
  ['marked_email_as_spam', 'Marked email as spam', 'boolean', false],
  ['has_hard_bounced', 'Has hard bounced', 'boolean', false],
  ['language_override', 'Language override', 'string', true],
  ['browser', 'Browser', 'string', false],
  ['browser_language', 'Browser language', 'string', false],
  ['os', 'OS', 'string', false],
  ['location.country', 'Country', 'string', false],
  ['location.region', 'Region', 'string', false],
  ['location.city', 'City', 'string', false],
];

const COMPANY: Row[] = [
  ['name', 'Company name', 'string', true],
  ['company_id', 'Company ID', 'string', false],
  ['last_request_at', 'Company last seen', 'date', false],
  ['remote_created_at', 'Company created at', 'date', true],
  ['user_count', 'People', 'integer', false],
  ['session_count', 'Company web sessions', 'integer', false],
  ['plan.name', 'Plan', 'string', false],
  ['monthly_spend', 'Monthly Spend', 'float', true],
  ['size', 'Company size', 'integer', true],
  ['industry', 'Company industry', 'string', true],
  ['website', 'Company website', 'string', true],
  ['id', 'ID', 'string', false],
  ['created_at', 'Created at', 'date', false],
  ['updated_at', 'Updated at', 'date', false],
  ['plan.id', 'Plan ID', 'string', false],
  ['app_id', 'App ID', 'string', false],
];

/**
 * The standard attributes of a model in the `data_attribute` response shape (no `id`:
 * "Only available for custom attributes").
 *
 * @example
 * standardAttributes('contact').find((a) => a.name === 'email');
 * // { type: 'data_attribute', name: 'email', full_name: 'email', label: 'Email', custom: false, ... }
 */
export function standardAttributes(model: 'contact' | 'company'): Record<string, any>[] {
  return (model === 'contact' ? CONTACT : COMPANY).map(([fullName, label, dataType, apiWritable]) => ({
    type: 'data_attribute',
    name: fullName.split('.').pop()!,
    full_name: fullName,
    label,
    description: label,
    data_type: dataType,
    api_writable: apiWritable,
    ui_writable: false,
    messenger_writable: true,
    custom: false,
    archived: false,
    model,
  }));
}
