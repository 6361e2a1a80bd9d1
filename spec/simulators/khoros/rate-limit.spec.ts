import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimOptions, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { AS_OF, SPAN_START, fixtureDataset } from './fixture.ts';

describe('Khoros simulator: rate limits', () => {
  let sim: KhorosSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function start(overrides: Partial<KhorosSimOptions> = {}) {
    sim = await startKhorosSimulator({ dataset: fixtureDataset(), ...overrides });
    return sim;
  }

  async function get(url: string) {
    const auth = Buffer.from(`${sim!.settings.username}:${sim!.settings.password}`).toString('base64');
    const res = await got(url, { headers: { authorization: `Basic ${auth}` }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
    return { status: res.statusCode, headers: res.headers, body: JSON.parse(res.body) };
  }

  /** Author and Conversation API calls, alternating: they share one bucket. */
  const careCall = (s: KhorosSimulator, i: number) => [
    `${s.urls.care}/api/v2/authors?offset=0`,
    `${s.urls.care}/api/v2/conversations/conv-0001`,
    `${s.urls.care}/api/v2/authors/changed?startEpochMillis=${SPAN_START}&endEpochMillis=${SPAN_START + 3_600_000}`,
    `${s.urls.care}/api/v2/conversations/displayIds/1001,1002`,
  ][i % 4];

  it('accepts 60 mixed Author and Conversation calls in a minute and answers the 61st with 429 and Retry-After', async () => {
    const s = await start();
    for (let i = 0; i < 60; i++) expect((await get(careCall(s, i))).status, `call ${i + 1}`).to.equal(200);
    const refused = await get(careCall(s, 60));
    expect(refused.status).to.equal(429);
    expect(refused.body).to.deep.include({ status: 'fail' });
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).to.be.within(1, 60);
  });

  it('sends a bare 429 when retryAfter is "none"', async () => {
    const s = await start({ retryAfter: 'none' });
    for (let i = 0; i < 60; i++) await get(careCall(s, i));
    const refused = await get(careCall(s, 60));
    expect(refused.status).to.equal(429);
    expect(refused.headers).to.not.have.property('retry-after');
  });

  it('admits calls again once the window has passed (simulator clock)', async () => {
    let now = AS_OF;
    const s = await start({ clock: () => now });
    for (let i = 0; i < 60; i++) await get(careCall(s, i));
    expect((await get(careCall(s, 60))).status).to.equal(429);
    now += 60_000;
    expect((await get(careCall(s, 61))).status).to.equal(200);
  });

  it('keeps the directory reads in their own care-other bucket', async () => {
    const s = await start();
    for (let i = 0; i < 60; i++) await get(careCall(s, i));
    expect((await get(careCall(s, 60))).status).to.equal(429);
    expect((await get(`${s.urls.care}/api/v1/workqueues`)).status).to.equal(200);
  });

  it('accepts 20 Analytics calls in a minute and answers the 21st with 429 in the FAIL envelope', async () => {
    const s = await start();
    const teams = `${s.urls.analytics}/api/public/teams?companyKey=${s.settings.companyKey}`;
    const report = `${s.urls.analytics}/api/public/reports/report/author?companyKey=${s.settings.companyKey}&startTime=${SPAN_START}&endTime=${AS_OF}`;
    for (let i = 0; i < 20; i++) expect((await get(i % 2 ? teams : report)).status, `call ${i + 1}`).to.equal(200);
    const refused = await get(teams);
    expect(refused.status).to.equal(429);
    expect(refused.body).to.include({ status: 'FAIL', result: null });
    expect(refused.headers).to.have.property('retry-after');
  });
});
