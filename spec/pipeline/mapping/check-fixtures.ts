/**
 * Spec fixtures for the meaning checks: a small source profile, an Intercom catalog shaped
 * like the simulator's seeded workspace, and a hand-written map that is valid against both.
 */
import type { IntercomCatalog } from '../../../pipeline/mapping/check-map-meaning.ts';
import type { FieldMap, Mapping } from '../../../pipeline/mapping/mapping.ts';
import type { FieldProfile, InferredType, SourceProfile } from '../../../pipeline/mapping/source-profile.ts';

function field(path: string, inferredType: InferredType, options?: string[]): FieldProfile {
  return { path, custom: false, inferredType, rows: 20, nullRate: 0, distinct: options?.length ?? 20, samples: [], longest: 10, ...(options ? { options } : {}), failing: [] };
}

/** The staged source the fixture map was made for. */
export function fixtureProfile(): SourceProfile {
  return {
    families: {
      customers: [
        field('id', 'string'), field('email', 'string'), field('displayName', 'string'), field('created', 'date'),
        field('accountTier', 'options', ['bronze', 'silver', 'gold', 'platinum']), field('loyaltyNumber', 'integer'),
        field('vip', 'boolean'), field('birthDate', 'date'), field('region', 'options', ['APAC', 'EMEA']), field('crmNotes', 'string'),
        field('refundRatio', 'float'),
      ],
      authors: [field('id', 'string'), field('displayNumber', 'integer')],
      cases: [
        field('id', 'string'), field('title', 'string'), field('priority', 'integer'), field('status', 'options', ['open', 'pending', 'closed']),
        field('productLine', 'options', ['hardware', 'software']), field('refundAmount', 'float'), field('created', 'date'),
        field('orderNumber', 'string'), field('escalated', 'boolean'), field('customerId', 'string'),
      ],
      interactions: [field('id', 'string'), field('created', 'date'), field('kind', 'options', ['message', 'note'])],
      conversations: [field('lswUuid', 'string'), field('createDate', 'integer'), field('status', 'options', ['CLOSED', 'AVAILABLE'])],
    },
  };
}

/** Intercom as the simulator seeds it (a subset). */
export function fixtureCatalog(): IntercomCatalog {
  const standard = (name: string, data_type: string) => ({ name, full_name: name, model: 'contact', data_type, custom: false, archived: false, api_writable: true });
  return {
    dataAttributes: [
      standard('email', 'string'), standard('name', 'string'), standard('external_id', 'string'), standard('signed_up_at', 'date'),
      { name: 'account_tier', full_name: 'custom_attributes.account_tier', model: 'contact', data_type: 'string', options: ['bronze', 'silver', 'gold'], custom: true, archived: false, api_writable: true },
      { name: 'loyalty_id', full_name: 'custom_attributes.loyalty_id', model: 'contact', data_type: 'integer', custom: true, archived: false, api_writable: true },
      { name: 'legacy_vip', full_name: 'custom_attributes.legacy_vip', model: 'contact', data_type: 'boolean', custom: true, archived: true, api_writable: true },
      { name: 'contract_tier', full_name: 'custom_attributes.contract_tier', model: 'company', data_type: 'string', custom: true, archived: false, api_writable: true },
    ],
    conversationAttributes: [
      { name: 'Product line', data_type: 'list', options: [{ label: 'Hardware' }, { label: 'Software' }], archived: false },
      { name: 'Order number', data_type: 'string', archived: false },
    ],
    admins: [{ id: '7100000', email: 'noe.ebert@support.litware.example', name: 'Noe Ebert' }, { id: '7200000', email: 'owner@litware-group.example' }],
    brands: [{ id: '9000001', name: 'Litware Group' }],
  };
}

const row = (source: string, target: FieldMap['target'], conversion: FieldMap['conversion'], extra: Partial<FieldMap> = {}): FieldMap =>
  ({ source, target, conversion, lossy: false, default: null, ...extra });

/** A map that passes every meaning check against `fixtureProfile` and `fixtureCatalog`. */
export function fixtureMapping(): Mapping {
  const parts = { orderBy: 'created', tieBreak: 'id', kinds: { message: 'comment' as const, note: 'note' as const } };
  return {
    version: 1,
    source: { profileHash: '0'.repeat(64) },
    policies: { noEmail: 'lead', fallbackAdminId: '7100000', attributePrefix: 'khoros_', caseIdAttribute: 'khoros_case_id' },
    objects: {
      customers: {
        target: 'contacts',
        fields: [
          row('id', { standard: 'external_id' }, { type: 'string' }),
          row('email', { standard: 'email' }, { type: 'email' }),
          row('displayName', { standard: 'name' }, { type: 'string', maxLength: 255 }),
          row('created', { standard: 'signed_up_at' }, { type: 'date' }),
          row('loyaltyNumber', { attribute: 'loyalty_id', dataType: 'integer', create: false }, { type: 'integer' }),
          row('accountTier', { attribute: 'account_tier', dataType: 'options', options: ['bronze', 'silver', 'gold'], create: false },
            { type: 'valueMap', values: { bronze: 'bronze', silver: 'silver', gold: 'gold', platinum: 'gold' } }, { lossy: true }),
          row('vip', { attribute: 'khoros_vip', dataType: 'boolean', create: true }, { type: 'boolean' }),
          row('birthDate', { attribute: 'khoros_birth_date', dataType: 'date', create: true }, { type: 'date' }),
          row('region', { tag: 'region: {value}' }, { type: 'string' }),
          row('crmNotes', { skip: true, reason: 'free text kept in Khoros' }, { type: 'string' }),
        ],
      },
      authors: { target: 'contacts', fields: [row('id', { skip: true, reason: 'linked to customers through the crm handle' }, { type: 'string' })] },
      agents: { target: 'admins', match: 'email' },
      cases: {
        target: 'conversations',
        fields: [
          row('id', { attribute: 'khoros_case_id', dataType: 'string', create: true }, { type: 'string' }),
          row('title', { standard: 'title' }, { type: 'string', maxLength: 255 }, { lossy: true }),
          row('priority', { attribute: 'khoros_priority', dataType: 'integer', create: true }, { type: 'integer' }),
          row('status', { standard: 'state' }, { type: 'valueMap', values: { open: 'open', pending: 'open', closed: 'closed' } }),
          row('productLine', { attribute: 'Product line', dataType: 'options', create: false }, { type: 'valueMap', values: { hardware: 'Hardware', software: 'Software' } }),
          row('refundAmount', { attribute: 'khoros_refund_amount', dataType: 'float', create: true }, { type: 'float' }),
          row('orderNumber', { attribute: 'Order number', dataType: 'string', create: false }, { type: 'string' }),
          row('escalated', { attribute: 'khoros_escalated', dataType: 'boolean', create: true }, { type: 'boolean' }),
          row('created', { standard: 'created_at' }, { type: 'date' }),
          row('customerId', { standard: 'from' }, { type: 'string' }),
        ],
        parts,
      },
      conversations: {
        target: 'conversations',
        fields: [
          row('lswUuid', { attribute: 'khoros_conversation_id', dataType: 'string', create: true }, { type: 'string' }),
          row('createDate', { standard: 'created_at' }, { type: 'date', formats: ['epoch-ms'] }),
          row('status', { standard: 'state' }, { type: 'valueMap', values: { CLOSED: 'closed', AVAILABLE: 'open' } }),
        ],
        parts: { orderBy: 'receiveDate', tieBreak: 'lswUuid', kinds: { message: 'comment' } },
      },
      brands: { target: 'brand_or_tag', tagRule: 'brand: {name}' },
      initiatives: { target: 'tags', tagRule: 'initiative: {name}' },
      campaigns: { target: 'tags', tagRule: 'campaign: {name}' },
      kb_articles: { target: 'articles', visibility: { public: 'article', registered: 'article', 'agent-only': 'internal_article' }, state: 'published', locales: { EN: 'en' } },
      kb_categories: { target: 'collections' },
      kb_boards: { target: 'sections' },
      attachments: { target: 'attachment_files', maxPerPart: 10 },
    },
  };
}
