import { expect } from 'chai';
import type { AdminReplyPayload } from '../../../pipeline/transform/payload-types.ts';
import { plannedRequests } from '../../../pipeline/transform/planned-requests.ts';
import { transformConversation } from '../../../pipeline/transform/transform-conversation.ts';
import { loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { CONTACT_ID, careConversation, files, fixtureLookups, message } from './fixtures.ts';
import { fixtureMapping } from './fixture-mapping.ts';

const validatorFor = loadIntercomSchemas();

describe('transformConversation', () => {
  const context = { mapping: fixtureMapping(), lookups: fixtureLookups() };

  it('opens with the customer\'s first message and interleaves brand replies and agent notes by time', () => {
    const result = transformConversation(careConversation(), context);
    expect(result.conversation).to.deep.equal({ from: { type: 'user', id: CONTACT_ID }, body: 'Why was I charged?', created_at: 1674993305 });
    expect(result.parts.map((p) => [p.role, p.sourceIds[0] ?? null])).to.deep.equal([
      ['reply', '59faeb50-c86d-43c1-aae9-17b1ab0a5c29/note/0'], ['reply', 'm-2'], ['assignment', null], ['state', null],
    ]);
    expect(result.parts[0].payload).to.deep.include({ message_type: 'note', admin_id: '7200000', created_at: 1674993355 });
    expect(result.parts[1].payload).to.deep.equal({
      message_type: 'comment', type: 'admin', admin_id: '7100000', body: '<p>Sorry, <b>refunded</b>.</p>', created_at: 1674993405, skip_notifications: true,
    });
    expect(result.update).to.deep.equal({ custom_attributes: { khoros_conversation_id: '59faeb50-c86d-43c1-aae9-17b1ab0a5c29', khoros_priority: 3 } });
    expect(result.tags.map((t) => t.name)).to.deep.equal(['channel: brand_messenger']);
    expect(result.findings.map((f) => `${f.rule}/${f.action}`)).to.deep.equal(['admin-missing/fallback-admin', 'tag-unprovisioned/tag-after-provisioning']);
    for (const request of plannedRequests(result)) expect(validatorFor(request.schema)(request.payload), request.path).to.equal(true);
  });

  it('orders messages stored out of order, with identical times broken by lswUuid', () => {
    const messages = [message({ lswUuid: 'm-3', receiveDate: 3 }), message({ lswUuid: 'm-1', receiveDate: 1 }), message({ lswUuid: 'm-2b', receiveDate: 2 }), message({ lswUuid: 'm-2a', receiveDate: 2 })];
    const result = transformConversation(careConversation({ messages, notes: [] }), context);
    expect([result.openingSourceId, ...result.parts.flatMap((p) => p.sourceIds)]).to.deep.equal(['m-1', 'm-2a', 'm-2b', 'm-3']);
  });

  it('splits media over 10 files and queues a conversation with no known customer', () => {
    const split = transformConversation(careConversation({
      messages: [message({ lswUuid: 'm-1' }), message({ lswUuid: 'm-2', receiveDate: 1674993305999, media: files(11) })], notes: [],
    }), context);
    expect(split.parts.filter((p) => p.sourceIds[0] === 'm-2').map((p) => p.attachmentIds.length)).to.deep.equal([10, 1]);
    const orphan = transformConversation(careConversation({ participants: [], messages: [message({ author: { lswUuid: 'x', personId: 'unknown' } })] }), context);
    expect(orphan.queue).to.deep.include({ rule: 'contact-unresolved', action: 'queue' });
    expect(orphan.conversation).to.equal(null);
  });

  it('uses the plain text of customer messages and the HTML of brand messages', () => {
    const result = transformConversation(careConversation({ notes: [] }), context);
    expect(result.conversation!.body).to.equal('Why was I charged?');
    expect((result.parts[0].payload as AdminReplyPayload).body).to.contain('<b>refunded</b>');
    expect(result.findings.map((f) => f.rule)).to.not.include('html-in-plain-text');
  });

  it('names Care tags by their ids and records the ids it cannot name', () => {
    const lookups = fixtureLookups({ careTagNames: { 14814: 'VIP customer' } });
    const result = transformConversation(careConversation({ tags: [{ creator: { type: 'AGENT' }, tagId: 14814 }, { creator: { type: 'SYSTEM' }, tagId: 999 }] }), { ...context, lookups });
    expect(result.tags.map((t) => t.name)).to.deep.equal(['VIP customer', 'channel: brand_messenger']);
    expect(result.findings.find((f) => f.rule === 'name-unresolved')).to.deep.include({ action: 'skip-tag', refs: ['Care tag 999'] });
  });

  it('reads parts.kinds by isPrivate when the map lists public and private, and credits a customer message made a note', () => {
    const mapping = fixtureMapping();
    mapping.objects.conversations.parts.kinds = { public: 'comment', private: 'note', note: 'note' };
    const messages = [message({ lswUuid: 'm-1', isPrivate: false }), message({ lswUuid: 'm-2', receiveDate: 1674993405277, isPrivate: true, text: 'my card number is private' })];
    const result = transformConversation(careConversation({ messages, notes: [] }), { ...context, mapping });
    expect(result.openingSourceId).to.equal('m-1');
    expect(result.parts[0].payload).to.deep.include({ message_type: 'note', type: 'admin', admin_id: '7200000' });
    expect((result.parts[0].payload as AdminReplyPayload).body).to.equal('<p><em>Written in Khoros by Samuel Kuvalis (customer)</em></p><p>my card number is private</p>');
    expect(result.findings.map((f) => f.rule)).to.not.include('admin-missing');
  });

  it('finds the contact through the map\'s from row (participants item 0)', () => {
    const result = transformConversation(careConversation({
      participants: ['d5852c78-687a-49d7-a686-7265a603a837'],
      messages: [message({ author: { lswUuid: 'x', personId: 'someone-else', brandOwned: false } })], notes: [],
    }), context);
    expect(result.conversation!.from.id).to.equal(CONTACT_ID);
  });
});
