import { expect } from 'chai';
import { IntercomClient } from 'intercom-client';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { ANN, CIARA, startConversationSim } from './harness.ts';

describe('Intercom simulator: conversations through the official intercom-client SDK, unmodified', () => {
  let sim: IntercomSimulator;
  let client: IntercomClient;
  before(async () => {
    sim = await startConversationSim();
    client = new IntercomClient({ token: sim.token, baseUrl: sim.url });
  });
  after(() => sim.close());

  it('creates a conversation from a contact, replies as contact and admin with created_at, and tags it', async () => {
    const message = await client.conversations.create({ from: { type: 'user', id: ANN }, body: 'Hello there', created_at: 1_600_000_000 });
    expect(message).to.include({ type: 'user_message', message_type: 'inapp', created_at: 1_600_000_000 });
    const conversationId = message.conversation_id!;
    await client.conversations.reply({
      conversation_id: conversationId,
      body: { message_type: 'comment', type: 'user', intercom_user_id: ANN, body: 'More details', created_at: 1_600_000_060 },
    });
    const replied = await client.conversations.reply({
      conversation_id: conversationId,
      body: { message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'Thanks, on it', created_at: 1_600_000_120 },
    });
    expect(replied.conversation_parts?.conversation_parts?.map((p) => [p.part_type, p.created_at])).to.deep.equal([
      ['comment', 1_600_000_060], ['comment', 1_600_000_120],
    ]);
    const tag = await client.tags.tagConversation({ conversation_id: conversationId, id: '101', admin_id: CIARA });
    expect(tag).to.include({ type: 'tag', id: '101', name: 'VIP' });
    const found = await client.conversations.find({ conversation_id: conversationId });
    expect(found.tags?.tags?.map((t) => t.id)).to.deep.equal(['101']);
    expect(sim.requests.entries.every((e) => e.status !== null && e.status < 400)).to.equal(true);
  });

  it('lists every conversation through the pages to the end without an error', async () => {
    for (let i = 0; i < 9; i++) await client.conversations.create({ from: { type: 'user', id: ANN }, body: `Message ${i}` });
    const ids: string[] = [];
    for await (const conversation of await client.conversations.list({ per_page: 4 })) ids.push(conversation.id);
    expect(ids).to.deep.equal([...sim.state.conversations.keys()]);
    const pages = sim.requests.entries.filter((e) => e.method === 'GET' && e.path === '/conversations');
    expect(pages).to.have.length(Math.ceil(ids.length / 4));
    expect(pages.every((e) => e.status === 200 && e.version === '2.14')).to.equal(true);
  });
});
