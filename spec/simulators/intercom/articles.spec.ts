import { expect } from 'chai';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { CIARA, TOMAS, startConversationSim } from './harness.ts';

const NOW = 1_750_000_000;
const AUTHOR = Number(CIARA);

describe('Intercom simulator: help center (articles, collections, help centers)', () => {
  let sim: IntercomSimulator;
  let now = NOW;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => callApi(sim, method, path, body, headers);

  before(async () => {
    sim = await startConversationSim({ clock: () => now * 1000 });
  });
  after(() => sim.close());
  beforeEach(() => {
    now = NOW;
  });

  describe('help centers', () => {
    it('lists and gets the dataset help centers, read-only', async () => {
      const { body } = await api('GET', '/help_center/help_centers');
      expect(body.type).to.equal('list');
      expect(body.data.map((hc: any) => hc.id)).to.deep.equal(['81', '82']);
      expect(body.data[0]).to.include({ identifier: 'acme', default: true, url: 'https://intercom.help/acme' });
      expect((await api('GET', '/help_center/help_centers/82')).body.locales).to.deep.equal(['en', 'fr']);
      expect((await api('GET', '/help_center/help_centers/99')).status).to.equal(404);
    });
  });

  describe('collections', () => {
    it('creates collections and sections in the default or a given help center', async () => {
      const { status, body } = await api('POST', '/help_center/collections', { name: 'Billing', description: 'Money things' });
      expect(status).to.equal(200);
      expect(body).to.include({ name: 'Billing', description: 'Money things', icon: 'book-bookmark', parent_id: null, help_center_id: 81, order: 1, created_at: NOW });
      expect(body.url).to.equal(`https://intercom.help/acme/en/collections/${body.id}-billing`);
      expect(body).to.not.have.property('translated_content');
      const section = (await api('POST', '/help_center/collections', { name: 'Invoices', parent_id: body.id })).body;
      expect(section).to.include({ parent_id: body.id, help_center_id: 81 });
      const eu = (await api('POST', '/help_center/collections', { name: 'Facturation', help_center_id: 82, translated_content: { fr: { name: 'Facturation FR' } } })).body;
      expect(eu).to.include({ help_center_id: 82, default_locale: 'en' });
      expect(eu.translated_content.fr).to.deep.equal({ type: 'group_content', name: 'Facturation FR', description: '' });
    });

    it('refuses a missing name with the documented error, and unknown parents, help centers and locales', async () => {
      const missing = await api('POST', '/help_center/collections', { description: 'Missing required parameter' });
      expect(missing.status).to.equal(400);
      expect(missing.body.errors[0]).to.include({ code: 'parameter_not_found' });
      expect((await api('POST', '/help_center/collections', { name: 'x', parent_id: '9999' })).status).to.equal(400);
      expect((await api('POST', '/help_center/collections', { name: 'x', help_center_id: 99 })).status).to.equal(400);
      expect((await api('POST', '/help_center/collections', { name: 'x', translated_content: { de: { name: 'y' } } })).status).to.equal(400);
    });

    it('updates, refuses a cycle, deletes with nested collections and leaves their articles standalone', async () => {
      const top = (await api('POST', '/help_center/collections', { name: 'Top' })).body;
      const child = (await api('POST', '/help_center/collections', { name: 'Child', parent_id: top.id })).body;
      expect((await api('PUT', `/help_center/collections/${top.id}`, { parent_id: child.id })).status).to.equal(400);
      now = NOW + 5;
      const renamed = (await api('PUT', `/help_center/collections/${child.id}`, { name: 'Kid' })).body;
      expect(renamed).to.include({ name: 'Kid', updated_at: NOW + 5 });
      const article = (await api('POST', '/articles', { title: 'In kid', author_id: AUTHOR, parent_id: Number(child.id), parent_type: 'section' })).body;
      expect((await api('DELETE', `/help_center/collections/${top.id}`)).body).to.deep.equal({ id: top.id, object: 'collection', deleted: true });
      expect((await api('GET', `/help_center/collections/${child.id}`)).status).to.equal(404);
      expect((await api('GET', `/articles/${article.id}`)).body.parent_ids).to.deep.equal([]);
    });

    it('pages by number, most recently updated first, with data: [] past the end', async () => {
      const total = sim.state.collections.size;
      const seen: string[] = [];
      for (let page = 1; page < 50; page++) {
        const { body } = await api('GET', `/help_center/collections?page=${page}&per_page=2`);
        if (body.data.length === 0) break;
        seen.push(...body.data.map((c: any) => c.id));
      }
      expect(seen).to.have.length(total);
      const updated = seen.map((id) => sim.state.collections.get(id)!.updated_at);
      expect(updated).to.deep.equal([...updated].sort((a, b) => b - a));
    });
  });

  describe('articles', () => {
    it('creates a draft by default, normalising a plain body as Intercom does', async () => {
      const { status, body } = await api('POST', '/articles', { title: 'Thanks for everything', description: 'Description of the Article', body: 'Body of the Article', author_id: AUTHOR });
      expect(status).to.equal(200);
      expect(body).to.include({ type: 'article', title: 'Thanks for everything', body: '<p class="no-margin">Body of the Article</p>', author_id: AUTHOR, state: 'draft', created_at: NOW });
      expect(body.parent_ids).to.deep.equal([]);
      expect(body.statistics).to.include({ type: 'article_statistics', views: 0 });
      expect(body.url).to.equal(`https://intercom.help/acme/en/articles/${body.id}-thanks-for-everything`);
      expect(body).to.not.have.property('translated_content');
      expect(body).to.not.have.property('parent_id');
    });

    it('removes scripts, event handlers and unknown iframes, keeps allowed tags and video embeds', async () => {
      const html = '<h2 onclick="x()">Title</h2><script>alert(1)</script><p style="color:red">Text <img src="https://cdn.test/a.png" onerror="x()"></p>'
        + '<iframe src="https://www.youtube.com/embed/abc"></iframe><iframe src="https://evil.test/"></iframe><table><tr><td>1</td></tr></table>';
      const { body } = await api('POST', '/articles', { title: 'Html', author_id: AUTHOR, body: html });
      expect(body.body).to.equal('<h2>Title</h2><p>Text <img src="https://cdn.test/a.png"></p><iframe src="https://www.youtube.com/embed/abc"></iframe><table><tr><td>1</td></tr></table>');
    });

    it('refuses a missing author, a non-teammate author, a missing title and body with body_markdown', async () => {
      const noAuthor = await api('POST', '/articles', { title: 'x', body: 'y' });
      expect(noAuthor.status).to.equal(400);
      expect(noAuthor.body.errors[0].code).to.equal('parameter_not_found');
      expect((await api('POST', '/articles', { title: 'x', author_id: 12345 })).status).to.equal(400);
      expect((await api('POST', '/articles', { author_id: AUTHOR })).status).to.equal(400);
      expect((await api('POST', '/articles', { title: 'x', author_id: AUTHOR, body: 'a', body_markdown: 'b' })).status).to.equal(400);
      expect((await api('POST', '/articles', { title: 'x', author_id: AUTHOR, state: 'live' })).status).to.equal(400);
    });

    it('converts body_markdown to HTML and keeps the markdown', async () => {
      const { body } = await api('POST', '/articles', { title: 'Md', author_id: AUTHOR, body_markdown: '# Hello\n\nA paragraph with **bold** text.' });
      expect(body).to.include({ body: '<h1>Hello</h1>\n<p>A paragraph with <strong>bold</strong> text.</p>', body_markdown: '# Hello\n\nA paragraph with **bold** text.' });
    });

    it('files an article in a collection of a bilingual help center, with translations', async () => {
      const collection = (await api('POST', '/help_center/collections', { name: 'EU docs', help_center_id: 82 })).body;
      const { body } = await api('POST', '/articles', {
        title: 'Reset', author_id: AUTHOR, state: 'published', parent_id: Number(collection.id), parent_type: 'collection',
        translated_content: { fr: { title: 'Réinitialiser', body: 'Corps', author_id: Number(TOMAS), state: 'published' } },
      });
      expect(body.parent_ids).to.deep.equal([Number(collection.id)]);
      expect(body.default_locale).to.equal('en');
      expect(body.translated_content.fr).to.include({ type: 'article_content', title: 'Réinitialiser', body: '<p class="no-margin">Corps</p>', author_id: Number(TOMAS), state: 'published' });
      expect(body.translated_content.fr.url).to.equal(`https://intercom.help/acme-eu/fr/articles/${body.id}-reinitialiser`);
      expect(body.translated_content.en).to.include({ title: 'Reset', state: 'published' });
      const old = (await api('GET', `/articles/${body.id}`, undefined, { 'Intercom-Version': '2.14' })).body;
      expect(old).to.include({ parent_id: Number(collection.id), parent_type: 'collection' });
      const german = await api('POST', '/articles', { title: 'x', author_id: AUTHOR, parent_id: Number(collection.id), translated_content: { de: { title: 'y' } } });
      expect(german.status).to.equal(400);
    });

    it('updates without state keeping it, and publishes on request', async () => {
      const created = (await api('POST', '/articles', { title: 'Draft one', author_id: AUTHOR })).body;
      now = NOW + 10;
      const edited = (await api('PUT', `/articles/${created.id}`, { body: '<p>New</p>' })).body;
      expect(edited).to.include({ state: 'draft', body: '<p>New</p>', updated_at: NOW + 10, created_at: NOW });
      const published = (await api('PUT', `/articles/${created.id}`, { state: 'published', title: 'Published one' })).body;
      expect(published).to.include({ state: 'published', title: 'Published one' });
      expect((await api('PUT', '/articles/99999', { title: 'x' })).status).to.equal(404);
    });

    it('publishes on scheduled_publish_at, refusing past times and a draft state', async () => {
      const at = new Date((NOW + 3600) * 1000).toISOString();
      const created = (await api('POST', '/articles', { title: 'Later', author_id: AUTHOR, state: 'published', scheduled_publish_at: at })).body;
      expect(created).to.include({ state: 'draft', scheduled_publish_at: NOW + 3600 });
      now = NOW + 3601;
      expect((await api('GET', `/articles/${created.id}`)).body).to.include({ state: 'published', scheduled_publish_at: null });
      const past = new Date((NOW - 10) * 1000).toISOString();
      expect((await api('POST', '/articles', { title: 'x', author_id: AUTHOR, scheduled_publish_at: past })).status).to.equal(400);
      expect((await api('POST', '/articles', { title: 'x', author_id: AUTHOR, state: 'draft', scheduled_publish_at: at })).status).to.equal(400);
    });

    it('lists by page number without statistics, and answers data: [] past the end', async () => {
      const total = sim.state.articles.size;
      const first = (await api('GET', '/articles?per_page=3')).body;
      expect(first).to.include({ type: 'list', total_count: total });
      expect(first.pages).to.deep.equal({ type: 'pages', page: 1, per_page: 3, total_pages: Math.ceil(total / 3) });
      expect(first.data[0]).to.not.have.property('statistics');
      const past = (await api('GET', `/articles?page=${Math.ceil(total / 3) + 1}&per_page=3`));
      expect(past.status).to.equal(200);
      expect(past.body.data).to.deep.equal([]);
      expect((await api('GET', '/articles?page=0')).status).to.equal(400);
    });

    it('deletes an article', async () => {
      const created = (await api('POST', '/articles', { title: 'Gone', author_id: AUTHOR })).body;
      expect((await api('DELETE', `/articles/${created.id}`)).body).to.deep.equal({ id: created.id, object: 'article', deleted: true });
      expect((await api('GET', `/articles/${created.id}`)).status).to.equal(404);
    });
  });

  describe('internal articles', () => {
    it('creates, reads, updates, lists and deletes internal articles', async () => {
      const { status, body } = await api('POST', '/internal_articles', { title: 'Runbook', body: 'Do this', owner_id: AUTHOR, author_id: Number(TOMAS) });
      expect(status).to.equal(200);
      expect(body).to.include({ type: 'internal_article', title: 'Runbook', body: '<p class="no-margin">Do this</p>', owner_id: AUTHOR, locale: 'en', ai_copilot_availability: false });
      expect((await api('PUT', `/internal_articles/${body.id}`, { title: 'Runbook 2' })).body.title).to.equal('Runbook 2');
      expect((await api('GET', '/internal_articles')).body.data.map((a: any) => a.id)).to.include(body.id);
      expect((await api('POST', '/internal_articles', { title: 'x', author_id: AUTHOR })).status).to.equal(400);
      expect((await api('DELETE', `/internal_articles/${body.id}`)).body).to.deep.equal({ id: body.id, object: 'internal_article', deleted: true });
      expect((await api('GET', `/internal_articles/${body.id}`)).status).to.equal(404);
    });
  });
});
