/**
 * A small hand-written Khoros dataset for the simulator specs: few enough records to make
 * precise assertions, with the edge cases the Care and Analytics routes must handle
 * (deleted and merged authors, Twitter and Facebook redaction, brand responses, media,
 * an author whose only change is a conversation touched days later).
 */
import type { Author, Conversation, Dataset } from '../../../simulators/dataset/types.ts';

/** Epoch ms the fixture is observed at: 2024-03-10T00:00:00Z. */
export const AS_OF = Date.UTC(2024, 2, 10);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Start of the fixture's time span: five days before `AS_OF`. */
export const SPAN_START = AS_OF - 5 * DAY;

const agentAda = { name: 'Ada Agent', email: 'ada@brand.example', lswUuid: 'agent-0001' };
const agentBob = { name: 'KH-Bob Builder', email: 'bob@brand.example', lswUuid: 'agent-0002' };

/** 23 authors, one every 5 hours from `SPAN_START`; #4 is deleted, #7 is merged into #1. */
function authors(): Author[] {
  return Array.from({ length: 23 }, (_, i): Author => {
    const n = i + 1;
    const id = `person-${String(n).padStart(4, '0')}`;
    const handles: Author['handles'] = {
      twitter: [{ lswUuid: `tw-${n}`, displayNumber: 30_000 + n, id: `tw-src-${n}`, name: `Tweeter ${n}`, screenName: `@tweeter${n}` }],
      crm: [{ lswUuid: `crm-${n}`, networkinstance: 'sim-crm', id: `cust-${n}` }],
    };
    if (n % 2 === 0) {
      handles.facebook = [{ lswUuid: `fb-${n}`, id: `fb-src-${n}`, name: `Face ${n}`, providerInstanceId: 'facebook', scopedIds: [{ id: `psid-${n}`, instance: 'page-1', scope: 'PAGE' }] }];
    }
    return {
      id,
      displayNumber: 13_000 + n,
      handles,
      tags: n === 2 ? [{ creator: { type: 'AGENT' }, tagId: 501, lswUuid: 'tag-501' }] : undefined,
      notes: n === 3 ? [{ note: 'VIP', agent: agentAda, createDate: SPAN_START }] : undefined,
      timezone: ['-21600'],
      properties: { tier: n % 3 === 0 ? 'gold' : 'standard' },
      deleted: n === 4 ? true : undefined,
      mergedIntoId: n === 7 ? 'person-0001' : undefined,
      lastModified: SPAN_START + i * 5 * HOUR,
    };
  });
}

/** A message author as Care embeds it. */
function by(personId: string, network: string, brandOwned = false) {
  return { lswUuid: `${network}-author-${personId}`, personId, name: `Name of ${personId}`, screenName: personId, network, brandOwned };
}

/** Five conversations over Twitter, Facebook and chat. */
function conversations(): Conversation[] {
  return [
    {
      lswUuid: 'conv-0001', displayNumber: 1001, status: 'CLOSED', priority: 3,
      createDate: SPAN_START + 2 * HOUR, closeDate: SPAN_START + 30 * HOUR,
      assignedToAgent: agentAda, workQueue: { lswUuid: 'wq-0001', id: 156 },
      tags: [{ creator: { type: 'AGENT' }, tagId: 501, lswUuid: 'tag-501' }],
      notes: [{ source: 'UI', createDate: SPAN_START + 3 * HOUR, note: 'Refund issued', agent: agentAda }],
      channel: { network: 'twitter', networkinstance: 'twitter' }, participants: ['person-0001'],
      messages: [
        { lswUuid: 'msg-0001', id: 'tw-doc-1', network: 'twitter', networkinstance: 'twitter', author: by('person-0001', 'twitter'), receiveDate: SPAN_START + 2 * HOUR, postContent: '<p>My order is late</p>', text: 'My order is late', url: 'https://twitter.com/x/status/1' },
        { lswUuid: 'msg-0002', id: 'tw-doc-2', network: 'twitter', networkinstance: 'twitter', author: { lswUuid: 'brand-tw', name: 'Brand', network: 'twitter', brandOwned: true, agent: agentAda }, receiveDate: SPAN_START + 4 * HOUR, postContent: '<p>Sorry! DM us</p>', text: 'Sorry! DM us', inReplySourceId: 'tw-doc-1' },
      ],
      lastModified: SPAN_START + 30 * HOUR,
    },
    {
      lswUuid: 'conv-0002', displayNumber: 1002, status: 'RESPONDED', priority: 1,
      createDate: SPAN_START + 26 * HOUR, workQueue: { lswUuid: 'wq-0002', id: 157 },
      channel: { network: 'facebook', networkinstance: 'page-1' }, participants: ['person-0002'],
      messages: [
        {
          lswUuid: 'msg-0003', id: 'fb-doc-3', network: 'facebook', networkinstance: 'page-1', author: by('person-0002', 'facebook'), receiveDate: SPAN_START + 26 * HOUR, postContent: '<p>Photo of the damage</p>', text: 'Photo of the damage',
          media: [{ id: 'att-0001', fileName: 'damage photo.jpg', contentType: 'image/jpeg', size: 2048 }],
        },
        { lswUuid: 'msg-0004', id: 'fb-doc-4', network: 'facebook', networkinstance: 'page-1', author: { lswUuid: 'brand-fb', name: 'Brand', network: 'facebook', brandOwned: true }, receiveDate: SPAN_START + 27 * HOUR, postContent: '<p>We will replace it</p>', text: 'We will replace it', inReplySourceId: 'fb-doc-3' },
      ],
      lastModified: SPAN_START + 27 * HOUR,
    },
    {
      // Person 3 changed at SPAN_START + 10 h; this conversation marks it changed again on day 4.
      lswUuid: 'conv-0003', displayNumber: 1003, status: 'AVAILABLE', priority: 0,
      createDate: SPAN_START + 60 * HOUR, channel: { network: 'external', networkinstance: 'smooch' }, participants: ['person-0003'],
      messages: [{ lswUuid: 'msg-0005', id: 'chat-5', network: 'external', networkinstance: 'smooch', author: by('person-0003', 'external'), receiveDate: SPAN_START + 60 * HOUR, text: 'Hello?', postContent: 'Hello?' }],
      lastModified: SPAN_START + 100 * HOUR,
    },
    {
      lswUuid: 'conv-0004', displayNumber: 1004, status: 'CLOSED', priority: 5, createDate: SPAN_START + 70 * HOUR, closeDate: SPAN_START + 90 * HOUR,
      assignedToAgent: agentBob, workQueue: { lswUuid: 'wq-0001', id: 156 }, channel: { network: 'twitter', networkinstance: 'twitter' }, participants: ['person-0001', 'person-0005'],
      messages: [{ lswUuid: 'msg-0006', id: 'tw-doc-6', network: 'twitter', author: by('person-0005', 'twitter'), receiveDate: SPAN_START + 70 * HOUR, text: 'Still waiting' }],
      lastModified: SPAN_START + 90 * HOUR,
    },
    {
      lswUuid: 'conv-0005', displayNumber: 1005, status: 'AVAILABLE', priority: 2, createDate: SPAN_START + 110 * HOUR,
      channel: { network: 'facebook', networkinstance: 'page-1' }, participants: ['person-0006'],
      messages: [{ lswUuid: 'msg-0007', id: 'fb-doc-7', network: 'facebook', networkinstance: 'page-1', author: by('person-0006', 'facebook'), receiveDate: SPAN_START + 110 * HOUR, text: 'Is anyone there?' }],
      lastModified: SPAN_START + 110 * HOUR,
    },
  ];
}

/**
 * A fresh copy of the fixture dataset (specs may not share mutable records).
 *
 * @example
 * const sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000 });
 */
export function fixtureDataset(): Dataset {
  return {
    version: 1,
    meta: { scale: 'hand-written', asOf: AS_OF },
    khoros: {
      instance: { name: 'acme', companyKey: 'sim-company-key' },
      customers: [],
      cases: [],
      authors: authors(),
      conversations: conversations(),
      agents: [
        { ...agentAda, id: 1, role: 'admin', teamIds: ['team-1'], active: true },
        { ...agentBob, id: 2, role: 'agent', teamIds: ['team-1', 'team-2'], active: true },
        { name: 'Cy Gone', email: 'cy@brand.example', lswUuid: 'agent-0003', id: 3, role: 'agent', active: false },
      ],
      teams: [
        { uuid: 'team-1', teamId: 11, name: 'Tier 1', description: 'First line', memberIds: ['agent-0001', 'agent-0002'] },
        { uuid: 'team-2', teamId: 12, name: 'Escalations' },
      ],
      workQueues: [
        { id: 'wq-0001', numericId: 156, name: 'Social', description: 'Twitter and Facebook', archived: false },
        { id: 'wq-0002', numericId: 157, name: 'Damage claims', archived: true },
      ],
      tags: [{ tagId: 501, lswUuid: 'tag-501', name: 'refund', color: '#ff0000' }],
      brands: [{ id: 'brand-1', name: 'Acme' }],
      automationRules: [{ id: 'rule-1', name: 'Route refunds', trigger: 'conversation.created', conditions: ['text contains refund'], actions: ['assign wq-0001'], enabled: true }],
      slas: [{ id: 'sla-1', name: 'Standard', firstResponseMinutes: 60, resolutionMinutes: 1440, priorities: [0, 1, 2] }],
    },
    intercom: {},
  };
}
