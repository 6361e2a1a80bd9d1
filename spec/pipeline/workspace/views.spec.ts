import { expect } from 'chai';
import { parseCaseId } from '../../../operators/parse-case-id.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { VIEWS } from '../../../pipeline/workspace/views.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { stageFixtures } from './fixtures.ts';

const at = (iso: string) => new Date(iso);

describe('workspace views', () => {
  let ws: Workspace;
  before(async () => {
    ws = await openWorkspace(':memory:', { runId: 'run-v' });
    await stageFixtures(ws);
  });
  after(() => ws.close());

  it('answer on a fresh workspace with no rows rather than an error', async () => {
    const fresh = await openWorkspace(':memory:');
    for (const view of Object.keys(VIEWS)) expect(await fresh.query(`SELECT * FROM ${view}`), view).to.deep.equal([]);
    await fresh.close();
  });

  it('customers: typed profile columns and the custom fields as JSON', async () => {
    const rows = await ws.query('SELECT id, email, display_name, screen_name, location, gender, created, last_updated, custom_fields FROM customers ORDER BY id');
    expect(rows).to.deep.equal([
      { id: 'C0000001', email: 'jane.doe7@example.com', display_name: 'Jane Doe', screen_name: 'janed', location: 'Lisbon', gender: 'female',
        created: at('2023-02-01T10:00:00Z'), last_updated: at('2024-01-05T08:30:00Z'), custom_fields: { loyaltyTier: 'gold', newsletter: true } },
      { id: 'C0000002', email: null, display_name: 'No Mail', screen_name: null, location: null, gender: null,
        created: at('2023-03-01T10:00:00Z'), last_updated: null, custom_fields: { loyaltyTier: null } },
    ]);
  });

  it('cases: canonical ids, agent, counts and custom fields', async () => {
    const rows = await ws.query(`SELECT id, canonical_id, number, customer_id, title, status, priority, assigned_agent_email, brand_id,
      initiative_id, campaign_id, created, interaction_count, custom_fields FROM cases ORDER BY id`);
    expect(rows[0]).to.deep.equal({ id: '00004711', canonical_id: 'L-4711', number: 4711, customer_id: 'C0000001', title: 'Broken hinge', status: 'open',
      priority: 2, assigned_agent_email: 'ana.silva@brand.example', brand_id: 'B1', initiative_id: 'I1', campaign_id: 'P1',
      created: at('2025-01-10T09:00:00Z'), interaction_count: 3, custom_fields: { productLine: 'gadgets' } });
    expect(rows.map((r) => [r.id, r.canonical_id, r.assigned_agent_email, r.interaction_count])).to.deep.equal([
      ['00004711', 'L-4711', 'ana.silva@brand.example', 3], ['CASE-004711', 'N-4711', null, 0], ['CASE-010002', 'N-10002', 'ana.silva@brand.example', 1],
    ]);
    expect(await ws.query('SELECT naive_key, ids, canonical_ids, cases FROM case_id_conflicts')).to.deep.equal([
      { naive_key: '4711', ids: ['00004711', 'CASE-004711'], canonical_ids: ['L-4711', 'N-4711'], cases: 2 },
    ]);
  });

  it('canonical_case_id agrees with operators/parse-case-id.ts', async () => {
    const ids = ['00012345', 'CASE-012345', 'CASE-2025-000123', '00000000', 'CASE-000000', 'CASE-0004711', 'case-4711', '1234',
      'CASE-123', ' 00012345', '000123456', 'CASE-25-000123'];
    const rows = await ws.query<{ c: string | null }>('SELECT canonical_case_id(unnest(CAST(json($1) AS VARCHAR[]))) AS c', [JSON.stringify(ids)]);
    expect(rows.map((r) => r.c)).to.deep.equal(ids.map((id) => parseCaseId(id)?.canonical ?? null));
    expect(rows.slice(0, 3).map((r) => r.c)).to.deep.equal(['L-12345', 'N-12345', 'N-2025-123']);
  });

  it('interactions: one row per interaction in source order, with author and attachments', async () => {
    const rows = await ws.query('SELECT * FROM interactions ORDER BY case_id, position');
    expect(rows).to.have.length(4);
    expect(rows[0]).to.deep.equal({ case_id: '00004711', id: 'I-1', position: 1, created: at('2025-01-10T09:00:00Z'), direction: 'inbound', kind: 'message',
      service: 'email', author_name: 'Jane Doe', author_email: null, brand_owned: false, body: 'My hinge broke', attachment_count: 1 });
    expect(rows.map((r) => [r.case_id, r.id, r.brand_owned])).to.deep.equal([
      ['00004711', 'I-1', false], ['00004711', 'I-3', true], ['00004711', 'I-2', true], ['CASE-010002', 'I-9', null],
    ]);
  });

  it('authors, agents, conversations, messages and kb_articles: typed columns', async () => {
    expect(await ws.query('SELECT id, display_number, customer_id, name, networks, brand_owned, deleted, tag_count, last_modified FROM authors')).to.deep.equal([
      { id: 'P-1', display_number: 30004, customer_id: 'C0000001', name: 'Jane Doe', networks: ['twitter', 'crm'], brand_owned: false, deleted: false,
        tag_count: 1, last_modified: new Date(1_736_500_000_000) },
    ]);
    expect(await ws.query('SELECT id, name, email, role, active, team_ids, initiative_ids FROM agents')).to.deep.equal([
      { id: '11', name: 'KH-Ana Silva', email: 'ana.silva@brand.example', role: 'agent', active: true, team_ids: ['T1'], initiative_ids: ['I1'] },
    ]);
    expect(await ws.query('SELECT id, display_number, status, created, closed, assigned_agent_email, work_queue_id, network, participant_ids, message_count FROM conversations')).to.deep.equal([
      { id: 'conv-1', display_number: 501, status: 'CLOSED', created: new Date(1_736_500_000_000), closed: new Date(1_736_503_600_000),
        assigned_agent_email: 'ana.silva@brand.example', work_queue_id: '3', network: 'twitter', participant_ids: ['P-1', 'P-9'], message_count: 2 },
    ]);
    expect(await ws.query('SELECT conversation_id, id, position, author_name, brand_owned, received, text, media_count FROM messages ORDER BY position')).to.deep.equal([
      { conversation_id: 'conv-1', id: 'm-1', position: 1, author_name: 'Jane Doe', brand_owned: false, received: new Date(1_736_500_000_000), text: 'hello', media_count: 1 },
      { conversation_id: 'conv-1', id: 'm-2', position: 2, author_name: 'Brand Support', brand_owned: true, received: new Date(1_736_500_060_000), text: '<p>hi there</p>', media_count: 0 },
    ]);
    expect(await ws.query('SELECT id, subject, board_id, visibility, language, post_time, author_login, labels, image_count FROM kb_articles')).to.deep.equal([
      { id: '42', subject: 'Fixing hinges', board_id: 'kb-1', visibility: 'public', language: 'en', post_time: at('2024-03-01T09:00:00Z'),
        author_login: 'ana', labels: ['hardware', 'howto'], image_count: 1 },
    ]);
  });

  it('kb_articles: labels are null where the API gave a LiQL reference ({query}) instead of the list, and the view still answers', async () => {
    const fresh = await openWorkspace(':memory:');
    const reference = { query: "SELECT * FROM labels WHERE messages.id = '43'" };
    await fresh.writePage({ family: 'kb_articles', stream: 'kb_articles', endpoint: 'GET /fixtures/kb_articles', quarantined: [], checkpoint: { done: true },
      rows: [{ key: '43', payload: { id: '43', subject: 'Referenced labels', body: '<p>x</p>', boardId: 'kb-1', labels: reference } }] });
    expect(await fresh.query('SELECT id, labels FROM kb_articles')).to.deep.equal([{ id: '43', labels: null }]);
    await fresh.close();
  });

  it('quarantine_summary: counts per family and kind of reason, array indexes folded', async () => {
    expect(await ws.query('SELECT family, reason_kind, records FROM quarantine_summary')).to.deep.equal([
      { family: 'cases', reason_kind: '/interactions/*/created must match format "date-time"', records: 2 },
    ]);
  });
});
