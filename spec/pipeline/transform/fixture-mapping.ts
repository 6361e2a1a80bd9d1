/**
 * Spec fixture: a hand-written confirmed map for the generated dataset, in the shape `map
 * propose` writes (`pipeline/mapping/standard-rows.ts`: case id row, `from`, `brand_id`
 * value map, tag rows with `{name}`, `item` on lists) and a person confirms.
 */
import type { FieldMap, Mapping } from '../../../pipeline/mapping/mapping.ts';

const row = (source: string, target: FieldMap['target'], conversion: FieldMap['conversion'], extra: Partial<FieldMap> = {}): FieldMap => ({
  source, target, conversion, lossy: false, default: null, ...extra,
});

/**
 * The fixture map; `policies` overrides the policies.
 *
 * @example
 * const mapping = fixtureMapping({ noEmail: 'skip' });
 */
export function fixtureMapping(policies: Partial<Mapping['policies']> = {}): Mapping {
  return {
    version: 1,
    source: { profileHash: '0'.repeat(64) },
    policies: { noEmail: 'lead', fallbackAdminId: '7200000', attributePrefix: 'khoros_', caseIdAttribute: 'khoros_case_id', ...policies },
    objects: {
      customers: {
        target: 'contacts',
        fields: [
          row('email', { standard: 'email' }, { type: 'email' }),
          row('displayName', { standard: 'name' }, { type: 'string', trim: true }),
          row('id', { standard: 'external_id' }, { type: 'string' }),
          row('phoneNumbers', { standard: 'phone' }, { type: 'string' }, { item: 0, lossy: true }),
          row('created', { standard: 'signed_up_at' }, { type: 'date' }),
          row('accountTier', { attribute: 'khoros_account_tier', dataType: 'options', options: ['bronze', 'silver', 'gold', 'platinum'], create: true }, { type: 'string' }),
          row('loyaltyNumber', { attribute: 'khoros_loyalty_number', dataType: 'integer', create: true }, { type: 'integer' }),
          row('vip', { attribute: 'khoros_vip', dataType: 'boolean', create: true }, { type: 'boolean' }),
          row('birthDate', { attribute: 'khoros_birth_date', dataType: 'date', create: true }, { type: 'date', formats: ['YYYY-MM-DD'] }),
          row('region', { attribute: 'khoros_region', dataType: 'string', create: true }, { type: 'string' }),
          row('crmNotes', { attribute: 'khoros_crm_notes', dataType: 'string', create: true }, { type: 'html' }, { lossy: true }),
          row('location', { skip: true, reason: 'not needed in Intercom' }, { type: 'string' }),
        ],
      },
      authors: {
        target: 'contacts',
        fields: [
          row('screenName', { attribute: 'khoros_screen_name', dataType: 'string', create: true }, { type: 'string' }),
          row('brandOwned', { attribute: 'khoros_brand_owned', dataType: 'boolean', create: true }, { type: 'boolean' }),
          row('properties.source', { attribute: 'khoros_source', dataType: 'string', create: true }, { type: 'string' }),
          row('properties.language', { attribute: 'khoros_language', dataType: 'string', create: true }, { type: 'string' }),
        ],
      },
      agents: { target: 'admins', match: 'email' },
      cases: {
        target: 'conversations',
        fields: [
          row('id', { attribute: 'khoros_case_id', dataType: 'string', create: true }, { type: 'string' }),
          row('customerId', { standard: 'from' }, { type: 'string' }),
          row('created', { standard: 'created_at' }, { type: 'date' }),
          row('title', { standard: 'title' }, { type: 'string', maxLength: 255 }),
          row('status', { standard: 'state' }, { type: 'valueMap', values: { open: 'open', pending: 'snoozed', resolved: 'closed', closed: 'closed' } }),
          row('assignedAgent.email', { standard: 'admin_assignee_id' }, { type: 'email' }),
          row('priority', { attribute: 'khoros_priority', dataType: 'integer', create: true }, { type: 'integer' }),
          row('productLine', { attribute: 'khoros_product_line', dataType: 'options', options: ['hardware', 'software', 'subscriptions', 'accessories'], create: true }, { type: 'string' }),
          row('orderNumber', { attribute: 'khoros_order_number', dataType: 'string', create: true }, { type: 'string' }),
          row('refundAmount', { attribute: 'khoros_refund_amount', dataType: 'float', create: true }, { type: 'float' }),
          row('followUpDate', { attribute: 'khoros_follow_up_date', dataType: 'date', create: true }, { type: 'date', formats: ['YYYY-MM-DD'] }),
          row('escalated', { attribute: 'khoros_escalated', dataType: 'boolean', create: true }, { type: 'boolean' }),
          row('resolutionSummary', { attribute: 'khoros_resolution_summary', dataType: 'string', create: true }, { type: 'string' }, { lossy: true }),
          row('tags', { tag: '{value}' }, { type: 'string' }),
          row('brandId', { standard: 'brand_id' }, {
            type: 'valueMap',
            values: { 'brand-proseware-kitchen': null, 'brand-woodgrove-finance': '9000002', 'brand-alpine-ski-house': null, 'brand-northwind-outfitters': null },
          }),
          row('initiativeId', { tag: 'initiative: {name}' }, { type: 'string' }),
          row('campaignId', { tag: 'campaign: {name}' }, { type: 'string' }),
          row('workQueueId', { skip: true, reason: 'work queues have no API counterpart' }, { type: 'string' }),
        ],
        parts: { orderBy: 'created', tieBreak: 'id', kinds: { message: 'comment', note: 'note', status_change: 'note' } },
      },
      conversations: {
        target: 'conversations',
        fields: [
          row('lswUuid', { attribute: 'khoros_conversation_id', dataType: 'string', create: true }, { type: 'string' }),
          row('createDate', { standard: 'created_at' }, { type: 'date', formats: ['epoch-ms'] }),
          row('participants', { standard: 'from' }, { type: 'string' }, { item: 0 }),
          row('status', { standard: 'state' }, { type: 'valueMap', values: { AVAILABLE: 'open', RESPONDED: 'open', CLOSED: 'closed' } }),
          row('assignedToAgent.email', { standard: 'admin_assignee_id' }, { type: 'email' }),
          row('priority', { attribute: 'khoros_priority', dataType: 'integer', create: true }, { type: 'integer' }),
          row('channel.network', { tag: 'channel: {value}' }, { type: 'string' }),
          row('tags', { tag: '{name}' }, { type: 'string' }),
        ],
        // Care's isPrivate marks a private (direct) message, not an internal note: both stay comments.
        parts: { orderBy: 'receiveDate', tieBreak: 'lswUuid', kinds: { public: 'comment', private: 'comment', note: 'note' } },
      },
      brands: { target: 'brand_or_tag', tagRule: 'brand: {name}' },
      initiatives: { target: 'tags', tagRule: 'initiative: {name}' },
      campaigns: { target: 'tags', tagRule: 'campaign: {name}' },
      kb_articles: {
        target: 'articles',
        visibility: { public: 'article', registered: 'article', 'agent-only': 'internal_article' },
        state: 'published',
        locales: { en: 'en', de: 'de', fr: 'fr', he: 'he', ar: 'ar' },
      },
      kb_categories: { target: 'collections' },
      kb_boards: { target: 'sections' },
      attachments: { target: 'attachment_files', maxPerPart: 10 },
    },
  };
}
