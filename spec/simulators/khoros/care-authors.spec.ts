import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { DAY, HOUR, SPAN_START, AS_OF, fixtureDataset } from './fixture.ts';

/** Author ids a `[start, end)` window must report, computed from the dataset itself. */
function expectedChanged(dataset: Dataset, start: number, end: number): Set<string> {
  const inside = (t: number) => t >= start && t < end;
  const known = new Set((dataset.khoros.authors ?? []).map((a) => a.id));
  const ids = new Set((dataset.khoros.authors ?? []).filter((a) => inside(a.lastModified)).map((a) => a.id));
  for (const c of dataset.khoros.conversations ?? []) {
    if (!inside(c.lastModified)) continue;
    for (const p of [...(c.participants ?? []), ...c.messages.map((m) => m.author.personId)]) if (p && known.has(p)) ids.add(p);
  }
  return ids;
}

describe('Khoros simulator: Care Author API', () => {
  const dataset = fixtureDataset();
  const authors = dataset.khoros.authors!;
  let sim: KhorosSimulator;

  before(async () => {
    sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000 });
  });
  after(() => sim.close());

  async function care(pathOrUrl: string) {
    const auth = Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64');
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.urls.care}${pathOrUrl}`;
    const res = await got(url, { headers: { authorization: `Basic ${auth}` }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  async function pageAll(first: string) {
    const seen: string[] = [];
    const urls: string[] = [];
    for (let url: string | null = first; url; ) {
      const { status, body } = await care(url);
      expect(status).to.equal(200);
      expect(body.status).to.equal('success');
      expect(body.data.personList.length).to.be.at.most(sim.settings.pageSizes.authors);
      seen.push(...body.data.personList.map((p: { id: string }) => p.id));
      url = body.data.nextPageUrl;
      if (url) urls.push(url);
    }
    return { seen, urls };
  }

  it('pages through every live person exactly once, in dataset order, ending with a null nextPageUrl', async () => {
    const { seen, urls } = await pageAll('/api/v2/authors');
    expect(seen).to.deep.equal(authors.filter((a) => !a.deleted).map((a) => a.id));
    expect(urls).to.deep.equal([`${sim.urls.care}/api/v2/authors?offset=10`, `${sim.urls.care}/api/v2/authors?offset=20`]);
  });

  it('includes deleted persons only with include_deleted_crm=true, and keeps the flag in nextPageUrl', async () => {
    const { seen, urls } = await pageAll('/api/v2/authors?include_deleted_crm=true');
    expect(seen).to.deep.equal(authors.map((a) => a.id));
    for (const url of urls) expect(url).to.contain('include_deleted_crm=true');
  });

  it('serialises persons in the Person shape, with Twitter handles scrubbed', async () => {
    const { body } = await care('/api/v2/authors/person-0002');
    expect(body.data).to.have.length(1);
    const person = body.data[0];
    expect(person).to.include({ id: 'person-0002', displayNumber: 13_002 });
    expect(person.handles.facebook[0]).to.include({ '@class': 'FacebookSpecificAuthorData', lswUuid: 'fb-2', id: 'fb-src-2', networkinstance: 'facebook' });
    expect(person.handles.twitter[0]).to.deep.equal({ '@class': 'ScrubbedProviderSpecificAuthorData', lswUuid: 'tw-2', displayNumber: 30_002, id: 'tw-src-2', networkinstance: 'twitter' });
    expect(person.handles.crm[0]).to.deep.equal({ lswUuid: 'crm-2', networkinstance: 'sim-crm', id: 'cust-2' });
    expect(person.tags).to.deep.equal([{ creator: { type: 'AGENT' }, tagId: 501, lswUuid: 'tag-501' }]);
    expect(person.notes).to.deep.equal([]);
    expect(person.timezone).to.deep.equal(['-21600']);
    expect(person.properties).to.deep.equal({ tier: 'standard' });
    expect(person.lastModified).to.equal(SPAN_START + 5 * HOUR);
  });

  it('answers a merged person with mergedIntoId, and 404 "Author not found" for an unknown id', async () => {
    expect((await care('/api/v2/authors/person-0007')).body.data[0].mergedIntoId).to.equal('person-0001');
    expect(await care('/api/v2/authors/nobody')).to.deep.equal({ status: 404, body: { status: 'fail', message: 'Author not found' } });
  });

  it('refuses a non-numeric offset with 400', async () => {
    expect((await care('/api/v2/authors?offset=ten')).status).to.equal(400);
  });

  describe('authors/changed', () => {
    const changed = (start: number, end: number) => care(`/api/v2/authors/changed?startEpochMillis=${start}&endEpochMillis=${end}`);

    it('refuses a window longer than 24 hours with 400 and accepts exactly 24 hours', async () => {
      expect(await changed(SPAN_START, SPAN_START + DAY + 1)).to.deep.equal({
        status: 400, body: { status: 'fail', message: 'The time window must not exceed 24 hours' },
      });
      const ok = await changed(SPAN_START, SPAN_START + DAY);
      expect(ok.status).to.equal(200);
      expect(ok.body.status).to.equal('success');
    });

    it('refuses missing, non-numeric, empty and reversed windows with 400', async () => {
      for (const query of ['', `?startEpochMillis=${SPAN_START}`, '?startEpochMillis=abc&endEpochMillis=5', `?startEpochMillis=${SPAN_START}&endEpochMillis=${SPAN_START}`, '?startEpochMillis=9&endEpochMillis=5']) {
        const { status, body } = await care(`/api/v2/authors/changed${query}`);
        expect(status, query).to.equal(400);
        expect(body.status).to.equal('fail');
      }
    });

    it('finds every changed author when walking contiguous 24-hour windows over the time span', async () => {
      const found = new Set<string>();
      for (let start = SPAN_START; start < AS_OF; start += DAY) {
        const { body } = await changed(start, start + DAY);
        expect(new Set(body.data), `window at ${new Date(start).toISOString()}`).to.deep.equal(expectedChanged(dataset, start, start + DAY));
        for (const id of body.data) found.add(id);
      }
      expect(found).to.deep.equal(new Set(authors.map((a) => a.id)));
    });

    it('marks the participants of a conversation changed in the window as changed', async () => {
      // person-0003 itself changed on day 1; conv-0003 changed at SPAN_START + 100 h.
      const { body } = await changed(SPAN_START + 96 * HOUR, SPAN_START + 120 * HOUR);
      expect(body.data).to.include('person-0003');
    });
  });

  describe('authors/{id}/conversations', () => {
    const conversations = (id: string, start: number, end: number) =>
      care(`/api/v2/authors/${id}/conversations?startEpochMillis=${start}&endEpochMillis=${end}`);

    it('lists the conversation ids the person takes part in that changed in the window', async () => {
      expect((await conversations('person-0001', SPAN_START, SPAN_START + DAY)).body).to.deep.equal({ status: 'success', data: [] });
      expect((await conversations('person-0001', SPAN_START + DAY, SPAN_START + 2 * DAY)).body.data).to.deep.equal(['conv-0001']);
      expect((await conversations('person-0001', SPAN_START + 3 * DAY, SPAN_START + 4 * DAY)).body.data).to.deep.equal(['conv-0004']);
    });

    it('applies the same 24-hour rule and answers 404 for an unknown person', async () => {
      expect((await conversations('person-0001', SPAN_START, SPAN_START + DAY + 1)).status).to.equal(400);
      expect((await conversations('nobody', SPAN_START, SPAN_START + DAY)).status).to.equal(404);
    });
  });

  describe('with a generated dataset (seed 1, tiny)', () => {
    const generated = generateDataset({ seed: 1, scale: 'tiny' });
    let gen: KhorosSimulator;
    before(async () => {
      gen = await startKhorosSimulator({ dataset: generateDataset({ seed: 1, scale: 'tiny' }), quotaScale: 1000 });
    });
    after(() => gen.close());

    async function genGet(url: string) {
      const auth = Buffer.from(`${gen.settings.username}:${gen.settings.password}`).toString('base64');
      const res = await got(url, { headers: { authorization: `Basic ${auth}` }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
      expect(res.statusCode, url).to.equal(200);
      return JSON.parse(res.body);
    }

    it('pages through every person, deleted ones included on request, nothing missed or repeated', async () => {
      const ids: string[] = [];
      for (let url: string | null = `${gen.urls.care}/api/v2/authors?include_deleted_crm=true`; url; ) {
        const { data } = await genGet(url);
        ids.push(...data.personList.map((p: { id: string }) => p.id));
        url = data.nextPageUrl;
      }
      expect(ids).to.deep.equal(generated.khoros.authors!.map((a) => a.id));
    });

    it('finds every changed author when walking contiguous 24-hour windows from the first change to the last', async () => {
      const times = [...generated.khoros.authors!, ...generated.khoros.conversations!].map((r) => r.lastModified);
      const first = Math.min(...times);
      const last = Math.max(...times);
      const found = new Set<string>();
      for (let start = first; start <= last; start += DAY) {
        const { data } = await genGet(`${gen.urls.care}/api/v2/authors/changed?startEpochMillis=${start}&endEpochMillis=${start + DAY}`);
        for (const id of data) found.add(id);
      }
      expect(found).to.deep.equal(expectedChanged(generated, first, last + 1));
      expect(found).to.deep.equal(new Set(generated.khoros.authors!.map((a) => a.id)));
    });
  });
});
