/**
 * A small hand-written dataset for precise assertions on the Community, Marketing, CRM,
 * files and admin families: a few customers and cases (interactions stored out of time
 * order, attachments of every magic type, one of 120 MB, one with literal content), a
 * two-level category tree with two TKB boards and seven articles, three images,
 * initiatives with plans, two authors and one conversation.
 */
import type { Dataset, KbArticle } from '../../../simulators/dataset/types.ts';

/** 120 MiB: the attachment that must stream without being buffered. */
export const HUGE_ATTACHMENT_BYTES = 120 * 1024 * 1024;

/**
 * A fresh copy of the fixture (mutating specs get their own).
 *
 * @example
 * const sim = await startKhorosSimulator({ dataset: kbCrmFixture(), quotaScale: 1000 });
 */
export function kbCrmFixture(): Dataset {
  return {
    version: 1,
    meta: { scale: 'hand-written', asOf: Date.parse('2025-06-01T00:00:00Z') },
    khoros: {
      instance: { name: 'acme', communityHost: 'help.acme.test', companyId: '1001', environment: 'app' },
      customFields: {
        customer: [
          { name: 'loyaltyTier', label: 'Loyalty tier', type: 'single_sel_list', searchable: true, listValues: [{ name: 'Gold', value: 'gold' }, { name: 'Silver', value: 'silver' }] },
          { name: 'accountNumber', label: 'Account number', type: 'text', searchable: true },
          { name: 'notes', label: 'Notes', type: 'textarea', searchable: false },
        ],
        case: [{ name: 'productLine', label: 'Product line', type: 'text', searchable: false }],
      },
      customers: [
        { id: 'cust-1', email: 'ana@example.com', displayName: 'Ana Lima', screenName: '@analima', phoneNumbers: ['+1 (555) 010-0001'], loyaltyTier: 'gold', accountNumber: 'A-100', notes: 'VIP' },
        { id: 'cust-2', email: 'BEN@Example.com', displayName: 'Ben Ode', loyaltyTier: 'silver', accountNumber: 'A-200' },
        { id: 'cust-3', email: null, displayName: 'No Mail', screenName: 'nomail', loyaltyTier: 'gold' },
        { id: 'cust-4', email: 'dee@example.com', displayName: 'Dee Park', phoneNumbers: ['555-010-0004'] },
        { id: 'cust-5', email: 'eve@example.com', displayName: 'Eve Stone', url: 'https://crm.acme.test/c/5' },
      ],
      cases: [
        {
          id: '00012345', number: 12345, customerId: 'cust-1', title: 'Refund', status: 'closed', productLine: 'widgets',
          created: '2025-01-02T09:00:00Z', lastUpdated: '2025-01-05T10:00:00Z',
          interactions: [
            // Stored out of time order on purpose.
            { id: 'i-2', created: '2025-01-03T09:00:00Z', body: 'We refunded you.', direction: 'outbound', author: { name: 'Agent Al', brandOwned: true } },
            { id: 'i-1', created: '2025-01-02T09:00:00Z', body: 'I want a refund.', direction: 'inbound',
              attachments: [{ id: 'att-png', fileName: 'Screen shot 1.png', contentType: 'image/png', size: 2048 }] },
          ],
        },
        {
          id: 'CASE-2025-000123', number: 123, customerId: 'cust-1', title: 'Invoice', status: 'open',
          created: '2025-03-01T09:00:00Z', lastUpdated: '2025-03-02T09:00:00Z',
          interactions: [
            { id: 'i-3', created: '2025-03-01T09:00:00Z', body: 'Invoice attached.',
              attachments: [
                { id: 'att-pdf', fileName: 'invoice.pdf', contentType: 'application/pdf', size: 70_000 },
                { id: 'att-huge', fileName: 'export.zip', contentType: 'application/zip', size: HUGE_ATTACHMENT_BYTES },
              ] },
          ],
        },
        {
          id: '00012346', customerId: 'cust-2', title: 'Login', status: 'pending', created: '2025-02-01T09:00:00Z', lastUpdated: '2025-02-01T12:00:00Z',
          interactions: [
            { id: 'i-4', created: '2025-02-01T09:00:00Z', body: 'Cannot log in',
              attachments: [
                { id: 'att-jpg', fileName: 'photo.jpg', contentType: 'image/jpeg', size: 5000 },
                { id: 'att-txt', fileName: 'log.txt', contentType: 'text/plain', size: 11, contentBase64: Buffer.from('hello world').toString('base64') },
              ] },
          ],
        },
        { id: '00012347', customerId: null, title: 'Orphan', status: 'open', created: '2025-04-01T09:00:00Z', lastUpdated: '2025-04-01T09:00:00Z', interactions: [] },
        {
          id: '00012348', customerId: 'cust-4', title: 'Docs', status: 'resolved', created: '2025-05-01T09:00:00Z', lastUpdated: '2025-05-03T09:00:00Z',
          interactions: [{ id: 'i-5', created: '2025-05-01T09:00:00Z', body: 'Spec', attachments: [{ id: 'att-docx', fileName: 'spec.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 3000 }, { id: 'att-gif', fileName: 'anim.gif', contentType: 'image/gif', size: 500 }] }],
        },
      ],
      authors: [
        { id: 'person-1', displayNumber: 1, handles: { crm: [{ lswUuid: 'h-1', id: 'cust-1' }] }, lastModified: Date.parse('2025-01-01T00:00:00Z') },
        { id: 'person-2', displayNumber: 2, handles: {}, lastModified: Date.parse('2025-01-01T00:00:00Z') },
      ],
      conversations: [
        {
          lswUuid: 'conv-1', displayNumber: 501, status: 'RESPONDED', createDate: Date.parse('2025-01-01T00:00:00Z'), lastModified: Date.parse('2025-01-02T00:00:00Z'),
          participants: ['person-1'],
          messages: [
            { lswUuid: 'msg-1', network: 'twitter', author: { lswUuid: 'h-1', personId: 'person-1' }, receiveDate: Date.parse('2025-01-01T00:00:00Z') },
            { lswUuid: 'msg-2', network: 'twitter', author: { lswUuid: 'agent-1', brandOwned: true }, receiveDate: Date.parse('2025-01-02T00:00:00Z'), postContent: 'Hi!' },
          ],
        },
      ],
      initiatives: [
        { id: '11', name: 'Customer Care', description: 'Care team' },
        { id: '12', name: 'Social Care' },
        { id: '13', name: 'Launch 2025', description: 'Marketing launch' },
      ],
      campaigns: [
        { id: 'p-1', campaignId: '900', initiativeId: '11', name: 'Spring care push' },
        { id: 'p-2', campaignId: '901', initiativeId: '11', name: 'Summer care push' },
        { id: 'p-3', campaignId: '902', initiativeId: '11', name: 'Autumn care push' },
        { id: 'p-4', campaignId: '903', initiativeId: '12', name: 'Twitter care' },
        { id: 'p-5', campaignId: '904', initiativeId: '13', name: 'Launch teaser' },
      ],
      kb: {
        categories: [
          { id: 'help', title: 'Help Center', parentId: null },
          { id: 'billing', title: 'Billing', parentId: 'help' },
          { id: 'tech', title: 'Technical Help', parentId: 'help' },
        ],
        boards: [
          { id: 'billing-kb', title: 'Billing Articles', categoryId: 'billing' },
          { id: 'tech-kb', title: 'Tech Articles', categoryId: 'tech' },
        ],
        articles: [
          article('101', 'Reset a password', 'tech-kb', '2024-01-10T08:00:00.000-07:00', { imageIds: ['5i1A2B3C'], labels: ['account'] }),
          article('102', 'Update billing details', 'billing-kb', '2024-01-11T08:00:00.000+00:00', { labels: ['billing', 'account'], last_edit_time: '2024-03-01T00:00:00.000+00:00' }),
          article('103', 'Download invoices', 'billing-kb', '2024-01-12T08:00:00.000+00:00', { imageIds: ['5i1A2B3C', '6iDEADBEEF'], visibility: 'registered' }),
          article('104', 'Two-factor setup', 'tech-kb', '2024-01-13T08:00:00.000+00:00', { visibility: 'agent-only' }),
          article('105', 'Close an account', 'tech-kb', '2024-01-14T08:00:00.000+00:00', { language: 'de' }),
          article('106', 'Refund policy', 'billing-kb', '2024-01-15T08:00:00.000+00:00', { imageIds: ['7iCAFE'] }),
          article('107', 'API keys', 'tech-kb', '2024-01-16T08:00:00.000+00:00'),
        ],
        images: [
          { id: '5i1A2B3C', contentType: 'image/png', size: 4096, title: 'reset.png' },
          { id: '6iDEADBEEF', contentType: 'image/jpeg', size: 100_000, title: 'invoice.jpg' },
          { id: '7iCAFE', contentType: 'image/gif', size: 300, title: 'spinner.gif' },
        ],
      },
    },
    intercom: {},
  };
}

function article(id: string, subject: string, boardId: string, post_time: string, extra: Partial<KbArticle> = {}): KbArticle {
  const images = (extra.imageIds ?? []).map((i) => `<img src="/t5/image/serverpage/image-id/${i}/image-size/large?v=v2&px=999">`).join('');
  return {
    id, subject, boardId, post_time, visibility: 'public', language: 'en',
    body: `<p>${subject}.</p>${images}`, author: { id: '7', login: 'kb-editor' },
    ...extra,
  };
}
