import { expect } from 'chai';
import { DEFAULT_DESCRIPTION_PATH } from '../../../simulators/intercom/openapi-description.ts';
import { setDescriptionFile } from '../../../simulators/intercom/openapi-validator.ts';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { ANN, BOB, CIARA, TEAM, TOMAS, startConversationSim } from './harness.ts';

const NOW = 1_750_000_000;
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// Run once with the official description validating bodies, once with the hand-written checks alone.
for (const checks of ['description and hand-written checks', 'hand-written checks only']) describe(`Intercom simulator: conversations (${checks})`, () => {
  let sim: IntercomSimulator;
  let now = NOW;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => callApi(sim, method, path, body, headers);
  const create = async (body: Record<string, unknown> = {}) =>
    (await api('POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'Hello there', ...body })).body.conversation_id as string;

  before(async () => {
    setDescriptionFile(checks.startsWith('hand') ? null : DEFAULT_DESCRIPTION_PATH);
    sim = await startConversationSim({ clock: () => now * 1000 });
  });
  after(async () => {
    setDescriptionFile(DEFAULT_DESCRIPTION_PATH);
    await sim.close();
  });
  beforeEach(() => {
    now = NOW;
    sim.state.hooks = {};
  });

  describe('creating', () => {
    it('answers the user_message with the conversation id and stores a contact-initiated conversation', async () => {
      const { status, body } = await api('POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'Hello <b>there</b>\n\nBye' });
      expect(status).to.equal(200);
      expect(body).to.include({ type: 'user_message', created_at: NOW, body: 'Hello <b>there</b>\n\nBye', message_type: 'inapp' });
      const conversation = (await api('GET', `/conversations/${body.conversation_id}`)).body;
      expect(conversation).to.include({ type: 'conversation', id: body.conversation_id, state: 'open', open: true, read: false, waiting_since: NOW, admin_assignee_id: 0, priority: 'none' });
      expect(conversation.source).to.include({ type: 'conversation', id: body.id, delivered_as: 'customer_initiated', body: '<p>Hello &lt;b&gt;there&lt;/b&gt;</p>\n<p>Bye</p>' });
      expect(conversation.source.author).to.deep.equal({ type: 'user', id: ANN, name: 'Ann Smith', email: 'ann@example.com' });
      expect(conversation.contacts).to.deep.equal({ type: 'contact.list', contacts: [{ type: 'contact', id: ANN, external_id: 'cust-1' }] });
      expect(conversation.conversation_parts).to.deep.equal({ type: 'conversation_part.list', conversation_parts: [], total_count: 0 });
    });

    it('honours created_at from Intercom-Version 2.11 on, and ignores it before', async () => {
      const old = (await api('POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'x', created_at: 1_600_000_000 })).body;
      expect(old.created_at).to.equal(1_600_000_000);
      expect((await api('GET', `/conversations/${old.conversation_id}`)).body).to.include({ created_at: 1_600_000_000, updated_at: 1_600_000_000 });
      const v210 = (await api('POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'x', created_at: 1_600_000_000 }, { 'Intercom-Version': '2.10' })).body;
      expect(v210.created_at).to.equal(NOW);
    });

    it('answers 404 "User Not Found" for an unknown contact and 400 for a missing body', async () => {
      const missing = await api('POST', '/conversations', { from: { type: 'user', id: '123_doesnt_exist' }, body: 'Hello there' });
      expect(missing.status).to.equal(404);
      expect(missing.body.errors[0]).to.include({ code: 'not_found', message: 'User Not Found' });
      const noBody = await api('POST', '/conversations', { from: { type: 'user', id: ANN } });
      expect(noBody.status).to.equal(400);
      expect(noBody.body.errors[0].code).to.equal('parameter_not_found');
      const badType = await api('POST', '/conversations', { from: { type: 'admin', id: ANN }, body: 'x' });
      expect(badType.status).to.equal(400);
    });
  });

  describe('replying', () => {
    it('appends contact and admin replies with their created_at, in arrival order even when earlier', async () => {
      const id = await create({ created_at: 1_600_000_000 });
      await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: ANN, body: 'More info', created_at: 1_600_000_100 });
      await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'On it', created_at: 1_600_000_200 });
      await api('POST', `/conversations/${id}/reply`, { message_type: 'note', type: 'admin', admin_id: TOMAS, body: '<p>internal</p>', created_at: 1_600_000_150 });
      const { body } = await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', user_id: 'cust-1', body: 'Thanks', created_at: 1_600_000_300 });
      const parts = body.conversation_parts.conversation_parts;
      expect(parts.map((p: any) => [p.part_type, p.author.type, p.created_at])).to.deep.equal([
        ['comment', 'user', 1_600_000_100], ['comment', 'admin', 1_600_000_200], ['note', 'admin', 1_600_000_150], ['comment', 'user', 1_600_000_300],
      ]);
      expect(parts[1]).to.include({ type: 'conversation_part', body: '<p>On it</p>', updated_at: 1_600_000_200, notified_at: 1_600_000_200, redacted: false });
      expect(parts[1].author).to.deep.equal({ type: 'admin', id: CIARA, name: 'Ciara Lee', email: 'ciara@acme.test' });
      expect(body.conversation_parts.total_count).to.equal(4);
      expect(body.waiting_since).to.equal(1_600_000_300);
      expect(body.teammates.teammates.map((t: any) => t.id)).to.deep.equal([CIARA, TOMAS]);
      expect(body.statistics).to.include({ first_admin_reply_at: 1_600_000_200, time_to_admin_reply: 200, count_conversation_parts: 4 });
    });

    it('finds the replying contact by email and replies to the contact\'s last conversation', async () => {
      const id = await create({ from: { type: 'user', id: BOB } });
      const { status, body } = await api('POST', '/conversations/last/reply', { message_type: 'comment', type: 'user', email: 'BOB@example.org', body: 'ping' });
      expect(status).to.equal(200);
      expect(body.id).to.equal(id);
      const unknown = await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', email: 'nobody@example.org', body: 'x' });
      expect(unknown.status).to.equal(404);
      expect(unknown.body.errors[0].message).to.equal('User Not Found');
    });

    it('refuses an admin reply without admin_id, with an unknown admin, or a comment without body', async () => {
      const id = await create();
      expect((await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', body: 'x' })).status).to.equal(400);
      expect((await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', admin_id: '42', body: 'x' })).status).to.equal(404);
      const noBody = await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', admin_id: CIARA });
      expect(noBody.status).to.equal(400);
      expect((await api('POST', '/conversations/999999/reply', { message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'x' })).status).to.equal(404);
    });

    it('stores attachment_files, serves them back with their content type, and describes them as Intercom does', async () => {
      const id = await create();
      const { body } = await api('POST', `/conversations/${id}/reply`, {
        message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'See attached',
        attachment_files: [{ content_type: 'image/png', data: PNG_1X1, name: 'dot.png' }, { content_type: 'text/plain', data: Buffer.from('hello').toString('base64'), name: 'note.txt' }],
      });
      const [image, text] = body.conversation_parts.conversation_parts[0].attachments;
      expect(image).to.include({ type: 'upload', name: 'dot.png', content_type: 'image/png', width: 1, height: 1 });
      expect(text).to.include({ type: 'upload', name: 'note.txt', content_type: 'text/plain', filesize: 5 });
      expect(text.url.startsWith(`${sim.url}/_files/`)).to.equal(true);
      const served = await fetch(text.url);
      expect(served.status).to.equal(200);
      expect(served.headers.get('content-type')).to.equal('text/plain');
      expect(await served.text()).to.equal('hello');
    });

    it('re-hosts attachment_urls and refuses more than 10 files', async () => {
      const id = await create();
      const first = (await api('POST', `/conversations/${id}/reply`, {
        message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'a', attachment_files: [{ content_type: 'image/png', data: PNG_1X1, name: 'dot.png' }],
      })).body.conversation_parts.conversation_parts[0].attachments[0];
      const { body } = await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: ANN, body: 'b', attachment_urls: [first.url] });
      const copy = body.conversation_parts.conversation_parts[1].attachments[0];
      expect(copy).to.include({ name: 'dot.png', content_type: 'image/png', width: 1 });
      expect(copy.url).to.not.equal(first.url);
      const files = Array.from({ length: 11 }, (_, i) => ({ content_type: 'text/plain', data: 'aGk=', name: `f${i}.txt` }));
      expect((await api('POST', `/conversations/${id}/reply`, { message_type: 'note', type: 'admin', admin_id: CIARA, body: 'x', attachment_files: files })).status).to.equal(400);
    });

    it('sanitises HTML bodies: scripts, styles and event handlers go, allowed tags stay', async () => {
      const id = await create();
      const note = '<html> <body>  <h2>An Unordered HTML List</h2>  <ul>   <li>Coffee</li>   <li>Tea</li> </ul> <script>alert(1)</script><p onclick="x()" style="color:red">Hi <a href="javascript:evil()">x</a> <a href="https://ok.test">ok</a></p></body> </html>';
      const { body } = await api('POST', `/conversations/${id}/reply`, { message_type: 'note', type: 'admin', admin_id: CIARA, body: note });
      expect(body.conversation_parts.conversation_parts[0].body).to.equal(
        '<h2>An Unordered HTML List</h2>\n<ul>\n<li>Coffee</li>\n<li>Tea</li>\n</ul>\n<p>Hi <a>x</a>\n<a href="https://ok.test">ok</a></p>');
    });

    it('answers display_as=plaintext with text bodies and links as "label (url)"', async () => {
      const id = await create();
      await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', admin_id: CIARA, body: '<p>See <a href="https://x.test">docs</a></p>' });
      const { body } = await api('GET', `/conversations/${id}?display_as=plaintext`);
      expect(body.source.body).to.equal('Hello there');
      expect(body.conversation_parts.conversation_parts[0].body).to.equal('See docs (https://x.test)');
    });
  });

  describe('managing', () => {
    it('stamps close, snooze, open and assignment parts with the current time, never a supplied created_at', async () => {
      const id = await create({ created_at: 1_600_000_000 });
      now = NOW + 10;
      const closed = (await api('POST', `/conversations/${id}/parts`, { message_type: 'close', type: 'admin', admin_id: CIARA, body: 'Bye', created_at: 1_600_000_500 })).body;
      expect(closed).to.include({ state: 'closed', open: false });
      expect(closed.conversation_parts.conversation_parts[0]).to.include({ part_type: 'close', created_at: NOW + 10, body: '<p>Bye</p>' });
      const snoozed = (await api('POST', `/conversations/${id}/parts`, { message_type: 'snoozed', admin_id: CIARA, snoozed_until: NOW + 3600 })).body;
      expect(snoozed).to.include({ state: 'snoozed', snoozed_until: NOW + 3600 });
      const opened = (await api('POST', `/conversations/${id}/parts`, { message_type: 'open', admin_id: CIARA })).body;
      expect(opened).to.include({ state: 'open', open: true, snoozed_until: null });
      const assigned = (await api('POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'team', admin_id: CIARA, assignee_id: TEAM })).body;
      expect(assigned.team_assignee_id).to.equal(Number(TEAM));
      const last = assigned.conversation_parts.conversation_parts.at(-1);
      expect(last).to.include({ part_type: 'assignment', created_at: NOW + 10 });
      expect(last.assigned_to).to.deep.equal({ type: 'team', id: TEAM });
      const unassigned = (await api('POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'admin', admin_id: CIARA, assignee_id: '0' })).body;
      expect(unassigned.admin_assignee_id).to.equal(0);
      expect(unassigned.statistics).to.include({ count_assignments: 2, first_close_at: NOW + 10, count_reopens: 1 });
    });

    it('reopens a snoozed conversation once snoozed_until has passed', async () => {
      const id = await create();
      await api('POST', `/conversations/${id}/parts`, { message_type: 'snoozed', admin_id: CIARA, snoozed_until: NOW + 60 });
      now = NOW + 61;
      expect((await api('GET', `/conversations/${id}`)).body).to.include({ state: 'open', snoozed_until: null });
    });

    it('refuses a past snoozed_until, an unknown assignee and an unknown message_type', async () => {
      const id = await create();
      expect((await api('POST', `/conversations/${id}/parts`, { message_type: 'snoozed', admin_id: CIARA, snoozed_until: NOW - 1 })).status).to.equal(400);
      expect((await api('POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'admin', admin_id: CIARA, assignee_id: '123' })).status).to.equal(404);
      const bad = await api('POST', `/conversations/${id}/parts`, { message_type: 'archive', admin_id: CIARA });
      expect(bad.status).to.equal(400);
      expect(bad.body.errors[0].message).to.match(/message_type/);
    });

    it('reopens a closed conversation on a contact reply, with an "open" part', async () => {
      const id = await create();
      await api('POST', `/conversations/${id}/parts`, { message_type: 'close', type: 'admin', admin_id: CIARA });
      const { body } = await api('POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: ANN, body: 'Thanks again :)' });
      expect(body).to.include({ state: 'open', open: true });
      expect(body.conversation_parts.conversation_parts.at(-1)).to.include({ part_type: 'open', body: '<p>Thanks again :)</p>' });
    });
  });

  describe('updating and deleting', () => {
    it('writes known custom attributes, adds attribute parts, and sets title and read', async () => {
      const id = await create();
      const { status, body } = await api('PUT', `/conversations/${id}`, { read: true, title: 'Billing', custom_attributes: { issue_type: 'Billing', khoros_case_number: 42, channel: 'twitter' } });
      expect(status).to.equal(200);
      expect(body).to.include({ read: true, title: 'Billing' });
      expect(body.custom_attributes).to.deep.equal({ issue_type: 'Billing', khoros_case_number: 42, channel: 'twitter' });
      const parts = body.conversation_parts.conversation_parts;
      expect(parts.map((p: any) => p.part_type)).to.deep.equal(Array(3).fill('conversation_attribute_updated_by_admin'));
      expect(parts[0].author.type).to.equal('bot');
      expect(parts[0].event_details).to.deep.equal({ attribute: { name: 'issue_type' }, value: { name: 'Billing', previous: null } });
    });

    it('refuses unknown, archived and mistyped attributes and unknown list options with 400', async () => {
      const id = await create();
      for (const custom_attributes of [{ nope: 'x' }, { old_field: 'x' }, { khoros_case_number: 'forty' }, { channel: 'email' }]) {
        const { status, body } = await api('PUT', `/conversations/${id}`, { custom_attributes });
        expect(status, JSON.stringify(custom_attributes)).to.equal(400);
        expect(body.errors[0].code).to.equal('parameter_invalid');
      }
      const unknown = await api('PUT', `/conversations/${id}`, { custom_attributes: { nope: 'x' } });
      expect(unknown.body.errors[0].message).to.equal("Conversation attribute 'nope' does not exist");
    });

    it('deletes a conversation', async () => {
      const id = await create();
      expect((await api('DELETE', `/conversations/${id}`)).body).to.deep.equal({ id, object: 'conversation', deleted: true });
      expect((await api('GET', `/conversations/${id}`)).status).to.equal(404);
    });
  });

  describe('tags', () => {
    it('tags and untags with admin_id, answering the tag with applied_at and applied_by', async () => {
      const id = await create();
      const tagged = await api('POST', `/conversations/${id}/tags`, { id: '101', admin_id: CIARA });
      expect(tagged.body).to.deep.equal({ type: 'tag', id: '101', name: 'VIP', applied_at: NOW, applied_by: { type: 'admin', id: CIARA } });
      expect((await api('GET', `/conversations/${id}`)).body.tags.tags.map((t: any) => t.id)).to.deep.equal(['101']);
      const untagged = await api('DELETE', `/conversations/${id}/tags/101`, { admin_id: CIARA });
      expect(untagged.status).to.equal(200);
      expect((await api('GET', `/conversations/${id}`)).body.tags.tags).to.deep.equal([]);
    });

    it('requires admin_id and an existing tag and conversation', async () => {
      const id = await create();
      expect((await api('POST', `/conversations/${id}/tags`, { id: '101' })).status).to.equal(400);
      expect((await api('DELETE', `/conversations/${id}/tags/101`)).status).to.equal(400);
      const noTag = await api('POST', `/conversations/${id}/tags`, { id: '999', admin_id: CIARA });
      expect(noTag.status).to.equal(404);
      expect(noTag.body.errors[0].code).to.equal('tag_not_found');
      const noConversation = await api('POST', '/conversations/999999/tags', { id: '101', admin_id: CIARA });
      expect(noConversation.body.errors[0]).to.include({ code: 'not_found', message: 'Conversation not found' });
    });
  });
});
