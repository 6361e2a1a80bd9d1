import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { kbCrmFixture } from './fixture-kb-crm.ts';

const LOGIN = '/restapi/vc/authentication/sessions/login';

describe('Khoros simulator: Community (login, LiQL, images)', () => {
  let sim: KhorosSimulator;
  let key: string;
  const dataset = kbCrmFixture();
  const articles = dataset.khoros.kb!.articles;

  before(async () => {
    sim = await startKhorosSimulator({ dataset: kbCrmFixture(), quotaScale: 1000, pageSizes: { liql: 50 } });
    const res = await got.post(`${sim.urls.community}${LOGIN}`, {
      searchParams: { 'restapi.response_format': 'json', 'user.login': sim.settings.username, 'user.password': sim.settings.password },
    }).json<{ response: { status: string; value: { type: string; $: string } } }>();
    key = res.response.value.$;
  });
  after(() => sim.close());

  async function search(q: string, sessionKey: string | null = key) {
    const res = await got(`${sim.urls.community}/api/2.0/search`, {
      searchParams: { q }, headers: sessionKey ? { 'li-api-session-key': sessionKey } : {},
      throwHttpErrors: false, retry: { limit: 0 }, responseType: 'json',
    });
    return { status: res.statusCode, body: res.body as any };
  }

  it('logs in with a form body, answers JSON or v1 XML, and refuses bad credentials with a v1 error on HTTP 200', async () => {
    const form = await got.post(`${sim.urls.community}${LOGIN}?restapi.response_format=json`, {
      form: { 'user.login': sim.settings.username, 'user.password': sim.settings.password },
    }).json<any>();
    expect(form.response).to.include({ status: 'success' });
    expect(form.response.value.type).to.equal('string');
    expect(sim.store.sessions.has(form.response.value.$)).to.equal(true);

    const xml = await got.post(`${sim.urls.community}${LOGIN}`, { form: { 'user.login': sim.settings.username, 'user.password': sim.settings.password } });
    expect(xml.headers['content-type']).to.match(/xml/);
    expect(xml.body).to.match(/<response status="success"><value type="string">[\w-]+<\/value><\/response>/);

    const bad = await got.post(`${sim.urls.community}${LOGIN}`, { searchParams: { 'restapi.response_format': 'json', 'user.login': 'x', 'user.password': 'y' } });
    expect(bad.statusCode).to.equal(200);
    expect(JSON.parse(bad.body)).to.deep.equal({ response: { status: 'error', error: { code: 303, message: 'User authentication failed.' } } });
  });

  it('answers 401 in the v2 error envelope without a valid session key', async () => {
    for (const sessionKey of [null, 'not-a-key']) {
      const { status, body } = await search('SELECT id FROM messages', sessionKey);
      expect(status).to.equal(401);
      expect(body).to.include({ status: 'error' });
      expect(body.data).to.deep.equal({ type: 'error_data', code: 401, developer_message: '', more_info: '' });
      expect(body.metadata).to.deep.equal({});
    }
  });

  it('pages every TKB article with LIMIT and CURSOR to the end, none missed or repeated', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const q = `SELECT * FROM messages WHERE conversation.style = 'tkb' ORDER BY post_time DESC LIMIT 2${cursor ? ` CURSOR '${cursor}'` : ''}`;
      const { status, body } = await search(q);
      expect(status).to.equal(200);
      expect(body).to.include({ status: 'success', message: '', http_code: 200 });
      expect(body.data).to.include({ type: 'messages', list_item_type: 'message', size: body.data.items.length });
      seen.push(...body.data.items.map((i: { id: string }) => i.id));
      cursor = body.data.next_cursor;
      if (!cursor) break;
    }
    expect(cursor).to.equal(undefined);
    const expected = [...articles].sort((a, b) => Date.parse(b.post_time) - Date.parse(a.post_time)).map((a) => a.id);
    expect(seen).to.deep.equal(expected);
  });

  it('serves a TKB article in the Community v2 message shape with seed-defined visibility and category path', async () => {
    const { body } = await search("SELECT * FROM messages WHERE id = '103'");
    const m = body.data.items[0];
    expect(m).to.include({ type: 'message', id: '103', href: '/messages/103', subject: 'Download invoices', depth: 0, read_only: false, moderation_status: 'approved', visibility: 'registered', language: 'en' });
    expect(m.view_href).to.equal('https://help.acme.test/t5/billing-articles/download-invoices/ta-p/103');
    expect(m.body).to.contain('src="/t5/image/serverpage/image-id/5i1A2B3C/image-size/large?v=v2&px=999"');
    expect(m.author).to.deep.include({ type: 'user', id: '7', login: 'kb-editor', href: '/users/7' });
    expect(m.board).to.deep.equal({ type: 'board', id: 'billing-kb', href: '/boards/billing-kb', view_href: 'https://help.acme.test/t5/billing-articles/tkb-p/billing-kb' });
    expect(m.conversation).to.include({ type: 'conversation', id: '103', style: 'tkb', thread_style: 'tkb', messages_count: 1, solved: false, last_post_time: '2024-01-12T08:00:00.000+00:00' });
    expect(m.current_revision).to.include({ last_edit_time: '2024-01-12T08:00:00.000+00:00' });
    expect(m.images).to.deep.equal({ query: "SELECT * FROM images WHERE messages.id = '103'" });
    expect(m.category).to.deep.equal({ type: 'category', id: 'billing', title: 'Billing', path: [{ id: 'help', title: 'Help Center' }, { id: 'billing', title: 'Billing' }] });
  });

  it('filters on last_edit_time for deltas, on board ids with IN, and counts', async () => {
    const edited = await search("SELECT id FROM messages WHERE last_edit_time > '2024-02-01T00:00:00Z'");
    expect(edited.body.data.items).to.deep.equal([{ type: 'message', id: '102' }]);
    const tech = await search("SELECT id FROM messages WHERE board.id IN ('tech-kb') AND depth = 0");
    expect(tech.body.data.items.map((i: { id: string }) => i.id)).to.deep.equal(['101', '104', '105', '107']);
    const count = await search("SELECT count(*) FROM messages WHERE conversation.style = 'tkb'");
    expect(count.body.data).to.deep.equal({ count: 7 });
  });

  it('lists boards under their parent category and the category tree', async () => {
    const boards = await search('SELECT * FROM boards');
    expect(boards.body.data).to.include({ type: 'boards', list_item_type: 'board', size: 2 });
    expect(boards.body.data.items[0]).to.deep.include({ type: 'board', id: 'billing-kb', title: 'Billing Articles', conversation_style: 'tkb' });
    expect(boards.body.data.items[0].parent_category).to.include({ type: 'category', id: 'billing' });
    const categories = await search("SELECT id, parent_category.id FROM categories WHERE id IN ('help', 'tech')");
    expect(categories.body.data.items).to.deep.equal([{ type: 'category', id: 'help' }, { type: 'category', id: 'tech', parent_category: { id: 'help' } }]);
  });

  it('refuses an unquoted CURSOR, an unknown collection and a LIMIT above the maximum with 400', async () => {
    const unquoted = await search('SELECT id FROM messages LIMIT 2 CURSOR abc');
    expect(unquoted.status).to.equal(400);
    expect(unquoted.body).to.include({ status: 'error' });
    expect(unquoted.body.message).to.match(/^Invalid query syntax/);
    expect((await search('SELECT id FROM widgets')).status).to.equal(400);
    const tooMany = await search('SELECT id FROM messages LIMIT 51');
    expect(tooMany.status).to.equal(400);
    expect(tooMany.body.message).to.match(/exceeds the maximum of 50/);
  });

  it("serves a message's images with their declared type and length, without a session key", async () => {
    const { body } = await search("SELECT * FROM images WHERE messages.id = '103'");
    expect(body.data.items.map((i: { id: string }) => i.id)).to.deep.equal(['5i1A2B3C', '6iDEADBEEF']);
    const jpeg = body.data.items[1];
    expect(jpeg).to.include({ type: 'image', title: 'invoice.jpg', url: `${sim.urls.community}/t5/image/serverpage/image-id/6iDEADBEEF/image-size/large?v=v2&px=999` });
    const res = await got(jpeg.url, { responseType: 'buffer' });
    expect(res.headers['content-type']).to.equal('image/jpeg');
    expect(res.headers['content-length']).to.equal('100000');
    expect(res.body.length).to.equal(100_000);
    expect([...res.body.subarray(0, 3)]).to.deep.equal([0xff, 0xd8, 0xff]);
    const missing = await got(`${sim.urls.community}/t5/image/serverpage/image-id/0iNOPE/image-size/large`, { throwHttpErrors: false });
    expect(missing.statusCode).to.equal(404);
  });

  it('lists labels and the labels of a message', async () => {
    const { body } = await search("SELECT * FROM labels WHERE messages.id = '102'");
    expect(body.data.items).to.deep.equal([{ type: 'label', id: 'account', text: 'account' }, { type: 'label', id: 'billing', text: 'billing' }]);
  });
});

describe('Khoros simulator: Community over a generated tiny dataset', () => {
  const dataset = generateDataset({ seed: 7, scale: 'tiny' });
  let sim: KhorosSimulator;
  let key: string;

  before(async () => {
    sim = await startKhorosSimulator({ dataset, quotaScale: 1000 });
    const res = await got.post(`${sim.urls.community}${LOGIN}`, {
      searchParams: { 'restapi.response_format': 'json', 'user.login': sim.settings.username, 'user.password': sim.settings.password },
    }).json<{ response: { value: { $: string } } }>();
    key = res.response.value.$;
  });
  after(() => sim.close());

  it('pages every article and serves every image its bodies embed with the declared length (404 for a broken link)', async () => {
    const seen: { id: string; body: string }[] = [];
    let cursor: string | undefined;
    do {
      const q = `SELECT id, body FROM messages WHERE conversation.style = 'tkb' LIMIT 3${cursor ? ` CURSOR '${cursor}'` : ''}`;
      const res = await got(`${sim.urls.community}/api/2.0/search`, { searchParams: { q }, headers: { 'li-api-session-key': key } }).json<any>();
      seen.push(...res.data.items);
      cursor = res.data.next_cursor;
    } while (cursor && seen.length < 1000);
    const articles = dataset.khoros.kb!.articles;
    expect(seen.map((m) => m.id)).to.have.members(articles.map((a) => a.id)).and.to.have.length(articles.length);
    const srcs = new Set(seen.flatMap((m) => [...m.body.matchAll(/src="(\/t5\/image\/serverpage\/[^"]+)"/g)].map((x) => x[1].replace(/&amp;/g, '&'))));
    expect(srcs.size).to.be.greaterThan(0);
    for (const src of srcs) {
      // Relative image paths resolve against the community base URL.
      const res = await got(`${sim.urls.community}${src}`, { responseType: 'buffer', throwHttpErrors: false });
      const id = /image-id\/([^/]+)/.exec(src)![1];
      const image = dataset.khoros.kb!.images!.find((i) => i.id === id);
      // A body may embed an image the dataset does not hold (a planted broken link).
      if (!image) {
        expect(res.statusCode, src).to.equal(404);
        continue;
      }
      expect(res.headers['content-type'], src).to.equal(image.contentType);
      expect(res.body.length, src).to.equal(image.size);
    }
  });
});
