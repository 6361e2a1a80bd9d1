import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { SPAN_START, HOUR, fixtureDataset } from './fixture.ts';

describe('Khoros simulator: Care Conversation API and directory', () => {
  let sim: KhorosSimulator;

  before(async () => {
    sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000, pageSizes: { agents: 2 } });
  });
  after(() => sim.close());

  async function care(path: string) {
    const auth = Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64');
    const res = await got(`${sim.urls.care}${path}`, { headers: { authorization: `Basic ${auth}` }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  it('answers conversation details as a one-element array in the documented shape', async () => {
    const { status, body } = await care('/api/v2/conversations/conv-0001');
    expect(status).to.equal(200);
    expect(body.status).to.equal('success');
    expect(body.data).to.have.length(1);
    const details = body.data[0];
    expect(details).to.include({
      lswUuid: 'conv-0001', displayNumber: 1001, status: 'CLOSED', priority: 3, needsAttention: false,
      createDate: SPAN_START + 2 * HOUR, closeDate: SPAN_START + 30 * HOUR,
      responsePortalLink: 'https://acme.response.lithium.com/portal/conversation/1001',
    });
    expect(details.assignedToAgent).to.deep.equal({ name: 'Ada Agent', email: 'ada@brand.example', lswUuid: 'agent-0001' });
    expect(details.workQueue).to.deep.equal({ lswUuid: 'wq-0001', id: 156 });
    expect(details.tags).to.deep.equal([{ creator: { type: 'AGENT' }, tagId: 501, lswUuid: 'tag-501' }]);
    expect(details.notes[0]).to.include({ source: 'UI', note: 'Refund issued' });
    expect(details.messages.map((m: { lswUuid: string }) => m.lswUuid)).to.deep.equal(['msg-0001', 'msg-0002']);
    expect(details.primaryMessage).to.deep.equal(details.messages[0]);
    expect(details.messages[0].author).to.include({ lswUuid: 'twitter-author-person-0001', personId: 'person-0001', name: 'Name of person-0001', network: 'twitter' });
    expect(details.messages[0]).to.include({ conversationDisplayId: 1001, network: 'twitter', networkinstance: 'twitter', receiveDate: SPAN_START + 2 * HOUR });
  });

  it('drops the body of customer Twitter posts but keeps the brand response whole', async () => {
    const [customer, brand] = (await care('/api/v2/conversations/conv-0001')).body.data[0].messages;
    expect(customer).to.not.have.any.keys('postContent', 'text');
    expect(customer).to.include({ id: 'tw-doc-1', url: 'https://twitter.com/x/status/1' });
    expect(brand).to.include({ id: 'tw-doc-2', text: 'Sorry! DM us', postContent: '<p>Sorry! DM us</p>', inReplySourceId: 'tw-doc-1' });
  });

  it('drops the source id of customer Facebook posts, keeps their body and links media to the files family', async () => {
    const details = (await care('/api/v2/conversations/conv-0002')).body.data[0];
    const [customer, brand] = details.messages;
    expect(customer).to.not.have.property('id');
    expect(customer).to.include({ text: 'Photo of the damage', postContent: '<p>Photo of the damage</p>' });
    expect(customer.media).to.deep.equal([{
      id: 'att-0001', fileName: 'damage photo.jpg', contentType: 'image/jpeg', size: 2048,
      url: `${sim.url}/files/attachments/att-0001/damage%20photo.jpg`,
    }]);
    expect(brand).to.include({ id: 'fb-doc-4', inReplySourceId: 'fb-doc-3' });
    expect(details.assignedToAgent).to.deep.equal({});
    expect(details).to.include({ totalResponses: 1, hasResponse: true });
  });

  it('answers 404 fail for an unknown conversation', async () => {
    expect(await care('/api/v2/conversations/nope')).to.deep.equal({ status: 404, body: { status: 'fail', message: 'No conversation found with id nope' } });
  });

  describe('displayIds', () => {
    it('answers known display ids without _meta', async () => {
      const { body } = await care('/api/v2/conversations/displayIds/1002,1001');
      expect(body.data.map((d: { lswUuid: string }) => d.lswUuid)).to.deep.equal(['conv-0002', 'conv-0001']);
      expect(body).to.not.have.property('_meta');
    });

    it('accepts 20 ids (seven digits long, as real display numbers) and lists the unknown ones in _meta', async () => {
      const ids = [1001, 1005, ...Array.from({ length: 18 }, (_, i) => 9_000_000 + i)];
      const { status, body } = await care(`/api/v2/conversations/displayIds/${ids.join(',')}`);
      expect(status).to.equal(200);
      expect(body.data.map((d: { displayNumber: number }) => d.displayNumber)).to.deep.equal([1001, 1005]);
      expect(body._meta.status).to.equal('Some conversations could not be processed.');
      expect(body._meta.unprocessed.map((u: { displayId: number }) => u.displayId)).to.deep.equal(ids.slice(2));
    });

    it('refuses more than 20 ids and non-numeric ids with 400', async () => {
      const ids = Array.from({ length: 21 }, (_, i) => 1001 + i).join(',');
      expect(await care(`/api/v2/conversations/displayIds/${ids}`)).to.deep.equal({
        status: 400, body: { status: 'fail', message: 'A maximum of 20 display ids is allowed' },
      });
      expect((await care('/api/v2/conversations/displayIds/1001,abc')).status).to.equal(400);
    });
  });

  describe('bySourceDocumentId', () => {
    it('finds the conversation holding a network document', async () => {
      const { body } = await care('/api/v2/conversations/bySourceDocumentId/networks/twitter/instances/twitter/id/tw-doc-6');
      expect(body.data[0].lswUuid).to.equal('conv-0004');
      const fb = await care('/api/v2/conversations/bySourceDocumentId/networks/facebook/instances/page-1/id/fb-doc-3');
      expect(fb.body.data[0].lswUuid).to.equal('conv-0002');
    });

    it('answers the documented 404 for an unknown document', async () => {
      expect(await care('/api/v2/conversations/bySourceDocumentId/networks/twitter/instances/twitter/id/missing')).to.deep.equal({
        status: 404, body: { status: 'fail', message: 'No conversations found that contain document with id missing' },
      });
      const community = await care('/api/v2/conversations/bySourceDocumentId/networks/lithium/instances/example.com%2F/id/example.com%2F%3A444');
      expect(community.body.message).to.equal('No conversations found that contain document with id example.com/:444');
    });
  });

  describe('directory', () => {
    it('lists work queues in the documented v1 shape', async () => {
      expect((await care('/api/v1/workqueues')).body).to.deep.equal({
        status: 'success',
        data: [
          { id: 'wq-0001', name: 'Social', description: 'Twitter and Facebook', archived: false, numericId: 156 },
          { id: 'wq-0002', name: 'Damage claims', description: '', archived: true, numericId: 157 },
        ],
      });
    });

    it('lists tags, brands, automation rules and SLAs from the dataset', async () => {
      const dataset = fixtureDataset().khoros;
      expect((await care('/api/v2/tags')).body.data).to.deep.equal(dataset.tags);
      expect((await care('/api/v2/brands')).body.data).to.deep.equal(dataset.brands);
      expect((await care('/api/v2/automation/rules')).body.data).to.deep.equal(dataset.automationRules);
      expect((await care('/api/v2/slas')).body.data).to.deep.equal(dataset.slas);
    });

    it('pages agents by offset and limit, refusing a limit above the page size', async () => {
      const first = (await care('/api/v2/agents')).body.data;
      expect(first.agents.map((a: { lswUuid: string }) => a.lswUuid)).to.deep.equal(['agent-0001', 'agent-0002']);
      expect(first).to.include({ total: 3, nextOffset: 2 });
      const last = (await care('/api/v2/agents?offset=2&limit=2')).body.data;
      expect(last.agents[0]).to.include({ lswUuid: 'agent-0003', role: 'agent', active: false });
      expect(last.nextOffset).to.equal(null);
      expect((await care('/api/v2/agents?limit=3')).status).to.equal(400);
    });
  });

  describe('with a generated dataset (seed 1, tiny)', () => {
    it('answers every conversation by display id in batches of 20, each matching its UUID lookup', async () => {
      const generated = generateDataset({ seed: 1, scale: 'tiny' }).khoros.conversations!;
      const gen = await startKhorosSimulator({ dataset: generateDataset({ seed: 1, scale: 'tiny' }), quotaScale: 1000 });
      try {
        const auth = Buffer.from(`${gen.settings.username}:${gen.settings.password}`).toString('base64');
        const get = async (path: string) => JSON.parse((await got(`${gen.urls.care}${path}`, { headers: { authorization: `Basic ${auth}` }, retry: { limit: 0 }, responseType: 'text' })).body);
        for (let i = 0; i < generated.length; i += 20) {
          const batch = generated.slice(i, i + 20);
          const body = await get(`/api/v2/conversations/displayIds/${batch.map((c) => c.displayNumber).join(',')}`);
          expect(body).to.not.have.property('_meta');
          expect(body.data.map((d: { lswUuid: string }) => d.lswUuid)).to.deep.equal(batch.map((c) => c.lswUuid));
          for (const details of body.data) {
            expect((await get(`/api/v2/conversations/${details.lswUuid}`)).data).to.deep.equal([details]);
            expect(details.primaryMessage).to.deep.equal(details.messages[0] ?? null);
          }
        }
      } finally {
        await gen.close();
      }
    });
  });
});
