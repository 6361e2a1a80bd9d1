import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { AS_OF, SPAN_START, fixtureDataset } from './fixture.ts';

describe('Khoros simulator: authentication', () => {
  let now = AS_OF;
  let sim: KhorosSimulator;

  before(async () => {
    sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000, analyticsJobMs: 10, clock: () => now });
  });
  after(() => sim.close());

  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const good = () => basic(sim.settings.username, sim.settings.password);

  async function get(url: string, authorization?: string) {
    const headers = authorization ? { authorization } : {};
    const res = await got(url, { headers, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  it('refuses Care calls without valid HTTP Basic credentials with 401 in the fail envelope', async () => {
    const url = `${sim.urls.care}/api/v2/authors/person-0001`;
    for (const authorization of [undefined, basic(sim.settings.username, 'wrong'), basic('someone', sim.settings.password), 'Basic !!!', `Bearer ${sim.settings.marketingToken}`]) {
      const { status, body } = await get(url, authorization);
      expect(status, String(authorization)).to.equal(401);
      expect(body.status).to.equal('fail');
      expect(body.message).to.be.a('string').and.not.contain(sim.settings.password);
    }
    expect((await get(url, good())).status).to.equal(200);
  });

  it('refuses Analytics calls without both Basic credentials and the right companyKey', async () => {
    const teams = (companyKey: string) => `${sim.urls.analytics}/api/public/teams${companyKey}`;
    const key = `?companyKey=${sim.settings.companyKey}`;
    for (const [url, authorization] of [
      [teams('?companyKey=wrong'), good()],
      [teams(''), good()],
      [teams(key), basic(sim.settings.username, 'wrong')],
      [teams(key), undefined],
    ] as const) {
      const { status, body } = await get(url, authorization);
      expect(status, url).to.equal(401);
      expect(body).to.include({ status: 'FAIL', request: null, result: null });
    }
    expect((await get(teams(key), good())).status).to.equal(200);
  });

  it('lets a download through on its analyticsAccessToken alone, and refuses a wrong token with 401', async () => {
    const create = `${sim.urls.analytics}/api/public/reports/report/author?companyKey=${sim.settings.companyKey}&startTime=${SPAN_START}&endTime=${AS_OF}`;
    const { result } = (await get(create, good())).body;
    now += 10;
    const { downloadUrl } = (await get(result.statusUrl, good())).body.result.jobInfo;
    expect((await get(downloadUrl)).status).to.equal(200);
    const wrong = await get(downloadUrl.replace(/analyticsAccessToken=.*/, 'analyticsAccessToken=guess'));
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.include({ status: 'FAIL' });
    expect((await get(downloadUrl.replace(/\?.*/, ''))).status).to.equal(401);
  });
});
