import { expect } from 'chai';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { ANN, BOB, CAROL, CIARA, startConversationSim } from './harness.ts';

const NOW = 1_750_000_000;

describe('Intercom simulator: reading, listing and searching conversations', () => {
  let sim: IntercomSimulator;
  let now = NOW;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => callApi(sim, method, path, body, headers);
  const create = async (body: Record<string, unknown> = {}) =>
    (await api('POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'Hello there', ...body })).body.conversation_id as string;

  before(async () => {
    sim = await startConversationSim({ clock: () => now * 1000 });
  });
  after(() => sim.close());
  beforeEach(() => {
    now = NOW;
    sim.state.hooks = {};
  });

  describe('reading', () => {
    it('returns the 500 most recent parts with the full total_count', async () => {
      const id = await create();
      for (let i = 0; i < 503; i++) {
        await api('POST', `/conversations/${id}/reply`, { message_type: 'note', type: 'admin', admin_id: CIARA, body: `n${i}` });
      }
      const { body } = await api('GET', `/conversations/${id}`);
      expect(body.conversation_parts.total_count).to.equal(503);
      expect(body.conversation_parts.conversation_parts).to.have.length(500);
      expect(body.conversation_parts.conversation_parts[0].body).to.equal('<p>n3</p>');
    });

    it('answers the ≤2.15 shapes to older versions', async () => {
      const id = await create();
      const { body } = await api('GET', `/conversations/${id}`, undefined, { 'Intercom-Version': '2.14' });
      expect(body).to.include({ admin_assignee_id: null, team_assignee_id: null, priority: 'not_priority' });
    });

    it('lists conversations by cursor to the end, omitting pages.next on the last page', async () => {
      const seen: string[] = [];
      let path = '/conversations?per_page=7';
      for (let guard = 0; guard < 100; guard++) {
        const { body } = await api('GET', path);
        expect(body.type).to.equal('conversation.list');
        expect(body.conversations.every((c: any) => c.conversation_parts === undefined)).to.equal(true);
        seen.push(...body.conversations.map((c: any) => c.id));
        if (!body.pages.next) break;
        path = `/conversations?per_page=7&starting_after=${encodeURIComponent(body.pages.next.starting_after)}`;
      }
      expect(seen).to.deep.equal([...sim.state.conversations.keys()]);
    });

    it('hides a part dropped by the dropConversationPart hook', async () => {
      const id = await create();
      const part = (await api('POST', `/conversations/${id}/reply`, { message_type: 'note', type: 'admin', admin_id: CIARA, body: 'x' })).body.conversation_parts.conversation_parts[0];
      sim.state.hooks.dropConversationPart = part.id;
      const { body } = await api('GET', `/conversations/${id}`);
      expect(body.conversation_parts).to.deep.equal({ type: 'conversation_part.list', conversation_parts: [], total_count: 0 });
    });
  });

  describe('search', () => {
    let ids: string[];
    before(async () => {
      now = NOW;
      ids = [
        await create({ from: { type: 'user', id: ANN }, body: 'I need support with billing', created_at: 1_700_000_000 }),
        await create({ from: { type: 'user', id: BOB }, body: 'Password reset please', created_at: 1_700_100_000 }),
        await create({ from: { type: 'lead', id: CAROL }, body: 'Pricing question', created_at: 1_700_200_000 }),
      ];
      await api('POST', `/conversations/${ids[1]}/tags`, { id: '102', admin_id: CIARA });
      await api('POST', `/conversations/${ids[2]}/parts`, { message_type: 'close', type: 'admin', admin_id: CIARA });
      await api('PUT', `/conversations/${ids[0]}`, { custom_attributes: { khoros_case_number: 7 } });
    });
    const search = (query: unknown, pagination?: unknown) => api('POST', '/conversations/search', { query, pagination });
    const found = async (query: unknown) => (await search(query)).body.conversations.map((c: any) => c.id).filter((id: string) => ids.includes(id));

    it('filters by contact, state, time, tag, words of the body and custom attributes', async () => {
      expect(await found({ field: 'contact_ids', operator: '=', value: BOB })).to.include(ids[1]);
      expect(await found({ operator: 'AND', value: [{ field: 'state', operator: '=', value: 'closed' }, { field: 'created_at', operator: '>', value: '1700000000' }] })).to.deep.equal([ids[2]]);
      expect(await found({ field: 'tag_ids', operator: 'IN', value: ['102'] })).to.deep.equal([ids[1]]);
      expect(await found({ field: 'source.body', operator: '=', value: 'support' })).to.deep.equal([ids[0]]);
      expect(await found({ field: 'source.body', operator: '=', value: 'need support' })).to.deep.equal([]);
      expect(await found({ field: 'custom_attributes.khoros_case_number', operator: '=', value: 7 })).to.deep.equal([ids[0]]);
    });

    it('nests AND/OR groups and refuses deeper nesting and oversized groups', async () => {
      const nested = { operator: 'OR', value: [{ operator: 'AND', value: [{ field: 'source.author.id', operator: '=', value: CAROL }, { field: 'open', operator: '=', value: false }] }, { field: 'id', operator: '=', value: ids[0] }] };
      expect((await found(nested)).sort()).to.deep.equal([ids[0], ids[2]].sort());
      const tooDeep = { operator: 'AND', value: [{ operator: 'OR', value: [{ operator: 'AND', value: [{ operator: 'OR', value: [{ field: 'id', operator: '=', value: '1' }] }] }] }] };
      expect((await search(tooDeep)).status).to.equal(400);
      const tooWide = { operator: 'OR', value: Array.from({ length: 16 }, (_, i) => ({ field: 'id', operator: '=', value: String(i) })) };
      expect((await search(tooWide)).status).to.equal(400);
      expect((await search({ field: 'state', operator: '>', value: 'open' })).status).to.equal(400);
      expect((await search({ field: 'created_at', operator: '=', value: 'foobar' })).status).to.equal(400);
    });

    it('pages with the body cursor', async () => {
      const first = (await search({ field: 'state', operator: 'IN', value: ['open', 'closed'] }, { per_page: 2 })).body;
      expect(first.conversations).to.have.length(2);
      const second = (await search({ field: 'state', operator: 'IN', value: ['open', 'closed'] }, { per_page: 2, starting_after: first.pages.next.starting_after })).body;
      expect(second.conversations[0].id).to.not.equal(first.conversations[0].id);
    });

    it('lags by searchDelaySeconds like contact search', async () => {
      sim.state.searchDelaySeconds = 60;
      try {
        const id = await create({ body: 'Fresh zebra' });
        expect(await found({ field: 'source.body', operator: '=', value: 'zebra' })).to.deep.equal([]);
        ids.push(id);
        now = NOW + 61;
        expect(await found({ field: 'source.body', operator: '=', value: 'zebra' })).to.deep.equal([id]);
      } finally {
        sim.state.searchDelaySeconds = 0;
      }
    });
  });
});
