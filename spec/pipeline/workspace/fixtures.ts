/**
 * A handful of records shaped like the dataset's (typed with `simulators/dataset/types.ts`,
 * so a shape change there breaks the build here), and a helper that stages them.
 */
import type { Agent, Author, Case, Conversation, Customer, KbArticle } from '../../../simulators/dataset/types.ts';
import type { Workspace, WorkspacePage } from '../../../pipeline/workspace/workspace.ts';

const agentRef = { name: 'KH-Ana Silva', email: 'ana.silva@brand.example', lswUuid: 'agent-uuid-1' };

export const customers: Customer[] = [
  { id: 'C0000001', email: 'jane.doe7@example.com', displayName: 'Jane Doe', screenName: 'janed', location: 'Lisbon', gender: 'female',
    phoneNumbers: ['+351 21 000 0000'], created: '2023-02-01T10:00:00.000Z', lastUpdated: '2024-01-05T08:30:00.000Z', loyaltyTier: 'gold', newsletter: true },
  { id: 'C0000002', email: null, displayName: 'No Mail', created: '2023-03-01T10:00:00.000Z', loyaltyTier: null },
];

export const cases: Case[] = [
  { id: '00004711', number: 4711, customerId: 'C0000001', title: 'Broken hinge', status: 'open', priority: 2, assignedAgent: agentRef,
    brandId: 'B1', initiativeId: 'I1', campaignId: 'P1', created: '2025-01-10T09:00:00.000Z', lastUpdated: '2025-01-11T09:00:00.000Z', productLine: 'gadgets',
    interactions: [
      { id: 'I-1', created: '2025-01-10T09:00:00.000Z', body: 'My hinge broke', direction: 'inbound', kind: 'message', service: 'email',
        author: { name: 'Jane Doe', brandOwned: false }, attachments: [{ id: 'A-1', fileName: 'hinge.jpg', contentType: 'image/jpeg', size: 2048 }] },
      // Stored out of time order on purpose, as the dataset does.
      { id: 'I-3', created: '2025-01-10T08:00:00.000Z', body: 'Internal note', direction: 'outbound', kind: 'note', service: 'email',
        author: { name: 'KH-Ana Silva', brandOwned: true, email: 'ana.silva@brand.example' } },
      { id: 'I-2', created: '2025-01-10T10:00:00.000Z', body: 'Sorry to hear that', direction: 'outbound', kind: 'message', service: 'email',
        author: { name: 'KH-Ana Silva', brandOwned: true, email: 'ana.silva@brand.example' } },
    ] },
  { id: 'CASE-004711', number: 4711, customerId: 'C0000002', title: 'Refund', status: 'pending', priority: 1, assignedAgent: null,
    created: '2025-08-01T09:00:00.000Z', interactions: [] },
  { id: 'CASE-010002', number: 10002, customerId: 'C0000001', title: 'Thanks', status: 'closed', priority: 3, assignedAgent: agentRef,
    created: '2025-08-02T09:00:00.000Z', interactions: [{ id: 'I-9', created: '2025-08-02T09:00:00.000Z', body: 'All good', direction: 'inbound', kind: 'message', service: 'twitter' }] },
];

export const authors: Author[] = [
  { id: 'P-1', displayNumber: 30004, lastModified: 1_736_500_000_000, brandOwned: false,
    handles: { twitter: [{ lswUuid: 'h-1', id: '123', screenName: 'janed' }], crm: [{ lswUuid: 'h-2', id: 'C0000001', name: 'Jane Doe' }] },
    tags: [{ creator: { type: 'AGENT' }, tagId: 7 }] },
];

export const agents: Agent[] = [{ ...agentRef, id: 11, role: 'agent', teamIds: ['T1'], initiativeIds: ['I1'], active: true }];

export const conversations: Conversation[] = [
  { lswUuid: 'conv-1', displayNumber: 501, status: 'CLOSED', priority: 1, createDate: 1_736_500_000_000, closeDate: 1_736_503_600_000,
    assignedToAgent: agentRef, workQueue: { lswUuid: 'wq-1', id: 3 }, channel: { network: 'twitter' }, participants: ['P-1', 'P-9'],
    lastModified: 1_736_503_600_000,
    messages: [
      { lswUuid: 'm-1', network: 'twitter', author: { lswUuid: 'h-1', personId: 'P-1', name: 'Jane Doe', brandOwned: false },
        receiveDate: 1_736_500_000_000, text: 'hello', media: [{ id: 'A-9', fileName: 'x.png', contentType: 'image/png', size: 10 }] },
      { lswUuid: 'm-2', network: 'twitter', author: { lswUuid: 'h-9', personId: 'P-9', name: 'Brand Support', brandOwned: true },
        receiveDate: 1_736_500_060_000, postContent: '<p>hi there</p>', isPrivate: false },
    ] },
];

export const kbArticles: KbArticle[] = [
  { id: '42', subject: 'Fixing hinges', body: '<p>Step 1 <img src="/t5/image/serverpage/image-id/1i2A"></p>', boardId: 'kb-1', visibility: 'public',
    language: 'en', post_time: '2024-03-01T10:00:00.000+01:00', author: { id: '7', login: 'ana' }, labels: ['hardware', 'howto'], imageIds: ['1i2A'] },
];

/** The pages that stage every fixture, one per family. */
export function fixturePages(): WorkspacePage[] {
  const page = (family: string, rows: { key: string; payload: unknown }[]): WorkspacePage =>
    ({ family, stream: family, endpoint: `GET /fixtures/${family}`, rows, quarantined: [], checkpoint: { done: true } });
  return [
    page('customers', customers.map((c) => ({ key: c.id, payload: c }))),
    page('cases', cases.map((c) => ({ key: c.id, payload: c }))),
    page('authors', authors.map((a) => ({ key: a.id, payload: a }))),
    page('agents', agents.map((a) => ({ key: String(a.id), payload: a }))),
    page('conversations', conversations.map((c) => ({ key: c.lswUuid, payload: c }))),
    page('kb_articles', kbArticles.map((a) => ({ key: a.id, payload: a }))),
  ];
}

/** Stages every fixture, plus two quarantined cases. */
export async function stageFixtures(ws: Workspace): Promise<void> {
  for (const page of fixturePages()) await ws.writePage(page);
  await ws.writePage({
    family: 'cases', stream: 'cases-bad', endpoint: 'GET /fixtures/cases?page=2', rows: [], checkpoint: { done: true },
    quarantined: [
      { key: 'CASE-1', reason: "/interactions/0/created must match format \"date-time\"\n/ must have required property 'customerId'", payload: { id: 'CASE-1' } },
      { key: 'CASE-2', reason: '/interactions/12/created must match format "date-time"', payload: { id: 'CASE-2' } },
    ],
  });
}
