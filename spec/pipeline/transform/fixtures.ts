/**
 * Spec fixtures: hand-made staged records shaped like the simulator's (CRM-spec customers,
 * cases and interactions; Care authors and conversations; Community TKB message items),
 * and small resolved lookups for them.
 */
import { buildLookups, type Lookups, type LookupsInit } from '../../../pipeline/transform/lookups.ts';
import type { Attachment, Author, Case, Conversation, Customer, Interaction, Message } from '../../../simulators/dataset/types.ts';
import type { StagedKbArticle } from '../../../pipeline/transform/staged-article.ts';

export const CONTACT_ID = '6762f11b1bb69f9f2193bba3';
export const LEAD_ID = '6762f11b1bb69f9f2193bbff';
export const GERALD = { name: 'Gerald Rogahn', email: 'gerald.rogahn@support.proseware.example', lswUuid: '1723b164-8907-46d3-ae0c-1e523deace9c' };
export const MARTHA = { name: 'Martha Casper', email: 'martha.casper@support.proseware.example', lswUuid: '8e324cdb-7ac0-43d6-87a6-6d52f23768d0' };

/** A CRM customer with custom fields at the top level. */
export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'C0000002', email: 'samuel.kuvalis2@example.org', url: 'https://crm.proseware.example/customers/C0000002',
    displayName: 'Samuel Kuvalis', screenName: 'samuel_kuvalis77', phoneNumbers: ['+17887692498'],
    created: '2023-03-15T09:43:27.848Z', lastUpdated: '2024-09-23T04:22:05.427Z',
    accountTier: 'gold', loyaltyNumber: 7710491, vip: false, birthDate: '1960-04-24', region: 'Nordics', crmNotes: 'Prefers email.',
    ...overrides,
  };
}

/** A Care author linked to a customer through `handles.crm[].id`. */
export function author(overrides: Partial<Author> = {}, customerId = 'C0000002'): Author {
  return {
    id: 'd5852c78-687a-49d7-a686-7265a603a837', displayNumber: 20001,
    handles: {
      twitter: [{ lswUuid: '471bb76b-a516-4c58-8c89-92b9fced704a', id: '893377002114289766', networkinstance: 'twitter', name: 'Samuel K', screenName: 'samk_tw' }],
      crm: [{ lswUuid: 'a6acf2ad-5655-4df3-8340-cdce5b702c9c', id: customerId, networkinstance: 'crm-proseware', name: 'Samuel Kuvalis' }],
    },
    brandOwned: false, properties: { source: 'social', language: 'es' }, lastModified: 1727065325427,
    ...overrides,
  };
}

let counter = 0;

/** A CRM interaction. */
export function interaction(overrides: Partial<Interaction> = {}): Interaction {
  counter += 1;
  return {
    id: `INT-${String(counter).padStart(9, '0')}`, created: '2023-01-16T09:19:31.814Z', body: 'Hello',
    service: 'chat', contentType: 'chat', direction: 'inbound', kind: 'message',
    author: { service: 'chat', name: 'Samuel Kuvalis', brandOwned: false, authorId: 'd5852c78-687a-49d7-a686-7265a603a837' },
    ...overrides,
  };
}

/** An agent's interaction (outbound message by default). */
export function agentInteraction(overrides: Partial<Interaction> = {}, agent = GERALD): Interaction {
  return interaction({ direction: 'outbound', body: '<p>Hi, thanks for writing.</p>', author: { service: 'chat', name: agent.name, brandOwned: true, email: agent.email }, ...overrides });
}

/** Files named `file-1.pdf` … */
export function files(n: number, prefix = 'ATT'): Attachment[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i + 1}`, fileName: `file-${i + 1}.pdf`, contentType: 'application/pdf', size: 1000 + i }));
}

/** A CRM case with custom fields at the top level. */
export function kase(overrides: Partial<Case> = {}): Case {
  return {
    id: '00010001', number: 10001, customerId: 'C0000002', title: 'Refund request ORD-3898985',
    description: 'I was charged twice for order ORD-3898985.', status: 'closed', priority: 1, assignedAgent: GERALD,
    brandId: 'brand-proseware-kitchen', initiativeId: '3101', campaignId: '880002', tags: ['refund'],
    created: '2023-01-16T09:19:00.077Z', lastUpdated: '2023-01-16T16:26:07.118Z',
    productLine: 'hardware', orderNumber: 'ORD-9359777', refundAmount: 173.85, followUpDate: '2023-03-16', escalated: false,
    interactions: [
      interaction({ id: 'INT-1', created: '2023-01-16T09:19:31.814Z', body: 'I returned the pizza and have no refund yet.' }),
      agentInteraction({ id: 'INT-2', created: '2023-01-16T14:26:45.175Z', body: '<p>Hi, the refund was issued.</p>' }),
      agentInteraction({ id: 'INT-3', created: '2023-01-16T14:27:06.195Z', kind: 'note', contentType: 'note', body: '<p>VIP customer.</p>' }),
      agentInteraction({ id: 'INT-4', created: '2023-01-16T16:26:07.118Z', kind: 'status_change', contentType: 'status', body: '<p>Status changed from open to closed</p>' }),
    ],
    ...overrides,
  };
}

/** A Care message. */
export function message(overrides: Partial<Message> = {}): Message {
  counter += 1;
  return {
    lswUuid: `msg-${String(counter).padStart(6, '0')}`, network: 'brand_messenger',
    author: { lswUuid: 'f2d38da4-6a6a-4e3b-8da2-0e0511c7e82e', personId: 'd5852c78-687a-49d7-a686-7265a603a837', name: 'Samuel Kuvalis', brandOwned: false },
    receiveDate: 1674993305277, postContent: '<p>Why was I charged?</p>', text: 'Why was I charged?', isPrivate: true,
    ...overrides,
  };
}

/** A Care conversation. */
export function careConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    lswUuid: '59faeb50-c86d-43c1-aae9-17b1ab0a5c29', displayNumber: 1800001, status: 'CLOSED', priority: 3,
    createDate: 1674993305277, closeDate: 1675065784672, assignedToAgent: GERALD,
    channel: { network: 'brand_messenger' }, participants: ['d5852c78-687a-49d7-a686-7265a603a837'],
    messages: [
      message({ lswUuid: 'm-1', receiveDate: 1674993305277 }),
      message({
        lswUuid: 'm-2', receiveDate: 1674993405277, postContent: '<p>Sorry, <b>refunded</b>.</p>', text: 'Sorry, refunded.',
        author: { lswUuid: 'bb3aaf9b', personId: '315d2b16', name: 'Proseware Support', brandOwned: true },
      }),
    ],
    notes: [{ source: 'agent', createDate: 1674993355277, note: 'Checked the ledger.', agent: MARTHA }],
    lastModified: 1675065784672,
    ...overrides,
  };
}

/** A Community TKB message item as the LiQL search serves it. */
export function kbArticle(overrides: Partial<StagedKbArticle> = {}): StagedKbArticle {
  return {
    type: 'message', id: '1002', subject: 'Setting up Chicken',
    body: '<p>Steps.</p><p><img src="/t5/image/serverpage/image-id/101iCFCF597CACF90411/image-size/large?v=v2&px=999" alt="step"></p>'
      + '<ul><li><a href="https://community.proseware.example/t5/Billing-Payments-Knowledge-Base/Warranty-coverage-explained/ta-p/1003">Warranty</a></li></ul>',
    teaser: 'Steps.', board: { id: 'orders-shipping-knowledge-base' }, visibility: 'public', language: 'en',
    post_time: '2024-05-17T14:05:08.898-05:00', author: { id: '5001', login: 'kh-gerald' },
    view_href: 'https://community.proseware.example/t5/orders-shipping-knowledge-base/setting-up-chicken/ta-p/1002',
    ...overrides,
  };
}

/** Lookups for the fixtures; `overrides` replace tables. */
export function fixtureLookups(overrides: Partial<LookupsInit> = {}): Lookups {
  return buildLookups({
    fallbackAdminId: '7200000',
    adminByEmail: { [GERALD.email]: '7100000' },
    intercomBrandByName: { 'Woodgrove Finance': '9000002' },
    tagIdByName: { 'brand: Proseware Kitchen': '6000101', 'initiative: Holiday Peak': '6000102', refund: '6000103' },
    brandNames: { 'brand-proseware-kitchen': 'Proseware Kitchen', 'brand-woodgrove-finance': 'Woodgrove Finance' },
    initiativeNames: { 3101: 'Holiday Peak' },
    campaignNames: { 880002: 'Holiday Peak: smart contracts' },
    contactByCustomer: { C0000002: { id: CONTACT_ID, role: 'user' }, C0000001: { id: LEAD_ID, role: 'lead' } },
    authorsByCustomer: { C0000002: [author()] },
    customerByAuthor: { 'd5852c78-687a-49d7-a686-7265a603a837': 'C0000002' },
    imageUrlById: { '101iCFCF597CACF90411': 'https://cdn.proseware.example/kb/101iCFCF597CACF90411.png' },
    agentEmailById: { 5001: GERALD.email, 5008: MARTHA.email },
    articleParentByBoard: { 'orders-shipping-knowledge-base': { id: 4201, type: 'section' } },
    helpCenterLocales: ['en', 'fr', 'de'],
    communityHost: 'community.proseware.example',
    ...overrides,
  });
}
