import { expect } from 'chai';
import type { Config } from '../../../pipeline/config.ts';
import { HostNotAllowedError, KhorosRequestError } from '../../../pipeline/errors.ts';
import { createKhorosClients, type KhorosClientOptions } from '../../../pipeline/khoros/create-khoros-clients.ts';
import type { Quota } from '../../../pipeline/khoros/quotas.ts';
import { startKhorosSimulator, type KhorosSimOptions, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { AS_OF, SPAN_START, fixtureDataset } from '../../simulators/khoros/fixture.ts';

/** Fast retries: the table's shape with millisecond delays. */
const FAST = { baseMs: 1, capMs: 5 };
const RETRY: KhorosClientOptions['retry'] = { 'rate-limited': FAST, 'server-error': FAST, network: FAST, 'connect-failed': FAST, malformed: FAST };

function configOf(sim: KhorosSimulator, overrides: Partial<Config['khoros']> = {}): Config['khoros'] {
  const { urls, settings } = sim;
  return {
    care: urls.care, analytics: urls.analytics, community: urls.community, marketing: urls.marketing, crm: urls.crm, files: urls.files,
    username: settings.username, password: settings.password, companyKey: settings.companyKey, marketingToken: settings.marketingToken, ...overrides,
  };
}

/** The most arrivals in any window of `ms` (sliding, both ends closed, as the server counts them). */
function busiestWindow(times: number[], ms: number): number {
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('createKhorosClients (against the Khoros simulator)', function () {
  this.timeout(30_000);
  let sim: KhorosSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  const start = async (options: Partial<KhorosSimOptions> = {}) => (sim = await startKhorosSimulator({ dataset: fixtureDataset(), ...options }));

  describe('pacing', () => {
    // Budget equal to the server's: 50 calls per 2 s, one slot every ~41 ms.
    const quota: Quota = { calls: 50, windowMs: 2000 };

    it('spreads 90 concurrent calls evenly: never more than the quota in any window, and no 429', async () => {
      const s = await start({ quotas: { care: quota } });
      const clients = createKhorosClients(configOf(s), { quotas: { care: quota }, retry: RETRY });
      const bodies = await Promise.all(Array.from({ length: 90 }, () => clients.care.json<{ status: string }>('/api/v2/authors/person-0001')));
      expect(bodies.every((b) => b.status === 'success')).to.equal(true);
      const log = s.requests.list('care');
      expect(log.filter((e) => e.status === 429)).to.have.length(0);
      const times = log.map((e) => e.time);
      expect(times).to.have.length(90);
      expect(busiestWindow(times, quota.windowMs)).to.be.at.most(quota.calls);
      // Evenly, not in bursts: a quarter window holds about a quarter of the calls.
      expect(busiestWindow(times, quota.windowMs / 4)).to.be.at.most(Math.ceil(quota.calls / 4) + 1);
      expect(clients.stats()).to.deep.include({ requests: { care: 90 }, rateLimited: {}, retries: {} });
      expect(clients.stats().waitedMs.care).to.be.above(0);
    });

    it('makes Author and Conversation calls share one bucket, interleaved under one pace, while careOther has its own', async () => {
      const s = await start({ quotas: { care: quota, 'care-other': { calls: 5, windowMs: 2000 } } });
      const clients = createKhorosClients(configOf(s), { quotas: { care: quota, careOther: { calls: 5, windowMs: 2000 } }, retry: RETRY });
      const authors = Array.from({ length: 35 }, () => clients.care.json('/api/v2/authors/person-0002'));
      const conversations = Array.from({ length: 35 }, () => clients.care.json('/api/v2/conversations/conv-0001'));
      const directory = Array.from({ length: 5 }, () => clients.careOther.json('/api/v1/workqueues'));
      await Promise.all([...authors, ...conversations, ...directory]);
      const care = s.requests.list('care').filter((e) => !e.path.startsWith('/api/v1/'));
      expect(care.filter((e) => e.status === 429)).to.have.length(0);
      expect(busiestWindow(care.map((e) => e.time), quota.windowMs)).to.be.at.most(quota.calls);
      const kinds = care.map((e) => (e.path.startsWith('/api/v2/authors') ? 'a' : 'c')).join('');
      expect(kinds.slice(0, 50), 'interleaved, not one stream first').to.match(/ac|ca/);
      expect(kinds.match(/a/g)).to.have.length(35);
      // The directory calls are not queued behind the Care ones: all five go in the first window.
      const first = care[0].time;
      expect(s.requests.list('care').filter((e) => e.path === '/api/v1/workqueues').every((e) => e.time - first < quota.windowMs)).to.equal(true);
    });
  });

  it('gets every call through 5xx, resets, plain text and truncated bodies, counting the retries', async () => {
    const paths = ['/api/v2/conversations/conv-0001', '/api/v2/authors/person-0003'];
    // The bodies a fault-free simulator answers, to compare with.
    const clean = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000 });
    const expected = await Promise.all(paths.map((p) => createKhorosClients(configOf(clean), { quotaScale: 1000 }).care.json(p))).finally(() => clean.close());
    const s = await start({ quotaScale: 1000, faults: { seed: 11, rate5xx: 0.1, rateReset: 0.1, ratePlainText: 0.1, rateTruncated: 0.1 } });
    const clients = createKhorosClients(configOf(s), { quotaScale: 1000, retry: RETRY });
    const bodies = await Promise.all(Array.from({ length: 60 }, (_, i) => clients.care.json(paths[i % 2])));
    bodies.forEach((body, i) => expect(body, `call ${i}`).to.deep.equal(expected[i % 2]));
    const log = s.requests.list('care');
    const faults = (kind: string) => log.filter((e) => e.fault === kind).length;
    expect([faults('5xx'), faults('reset'), faults('truncated'), faults('plaintext')].every((n) => n > 0), 'every fault met').to.equal(true);
    const stats = clients.stats();
    expect(stats.requests.care).to.equal(log.length);
    expect(stats.retries.care).to.deep.equal({ 'server-error': faults('5xx'), network: faults('reset'), malformed: faults('truncated') });
    expect(log.length).to.equal(60 + faults('5xx') + faults('reset') + faults('truncated'));
  });

  it('runs an Analytics job: creates it once, follows its statusUrl, downloads its rows', async () => {
    const s = await start({ quotaScale: 100, analyticsJobMs: 30 });
    const clients = createKhorosClients(configOf(s), { quotaScale: 100, retry: RETRY });
    type Status = { result: { jobInfo: { downloadUrl: string }; result: { runnerState: string } } | unknown[] };
    const created = await clients.analytics.json<{ result: { statusUrl: string } }>('/api/public/reports/report/author', {
      method: 'POST', searchParams: { startTime: SPAN_START, endTime: AS_OF, reportFormat: 'json' },
    });
    let status: Status;
    do status = await clients.analytics.json<Status>(created.result.statusUrl);
    while (Array.isArray(status.result));
    const rows = await clients.analytics.json<unknown[]>(status.result.jobInfo.downloadUrl);
    expect(rows).to.be.an('array').that.is.not.empty;
    const log = s.requests.list('analytics');
    expect(log.filter((e) => e.method === 'POST')).to.have.length(1);
    expect(log.every((e) => e.status === 200)).to.equal(true);
  });

  it('logs in to Community once and reuses the session for every call', async () => {
    const s = await start({ quotaScale: 100 });
    const clients = createKhorosClients(configOf(s), { quotaScale: 100, retry: RETRY });
    const pages = await Promise.all(Array.from({ length: 6 }, () => clients.community.json<{ status: string }>('/api/2.0/search', {
      searchParams: { q: "SELECT id FROM messages WHERE conversation.style = 'tkb' LIMIT 1" },
    })));
    expect(pages.map((p) => p.status)).to.deep.equal(Array(6).fill('success'));
    const log = s.requests.list('community');
    expect(log.filter((e) => e.path.includes('/sessions/login'))).to.have.length(1);
    expect(log.filter((e) => e.status === 401)).to.have.length(0);
    expect(clients.stats().requests.community).to.equal(7);
  });

  it('fails a wrong password with a clear 401 naming the family and URL, without the password', async () => {
    const s = await start({ quotaScale: 100 });
    const wrong = 'not-the-password-42';
    const clients = createKhorosClients(configOf(s, { password: wrong }), { quotaScale: 100, retry: RETRY });
    for (const [family, call] of [['care', clients.care.json('/api/v2/authors')], ['community', clients.community.json('/api/2.0/search?q=x')]] as const) {
      const error = await call.then(() => undefined, (e: Error) => e);
      expect(error, family).to.be.instanceOf(KhorosRequestError).and.include({ status: 401, code: 'khoros_unauthorized', family });
      expect(error!.message).to.include(`${family}: `).and.include(family === 'care' ? `${s.urls.care}/api/v2/authors` : `${s.urls.community}/restapi/vc/authentication/sessions/login`);
      expect(`${error!.message} ${JSON.stringify(error)}`).to.not.include(wrong);
    }
  });

  it('streams a download with its status, type and length, and refuses a host that is not allowed', async () => {
    const s = await start();
    const clients = createKhorosClients(configOf(s), { retry: RETRY });
    const download = await clients.files.download('/attachments/att-0001/damage%20photo.jpg');
    expect(download).to.include({ status: 200, contentType: 'image/jpeg', contentLength: 2048 });
    let bytes = 0;
    for await (const chunk of download.body) bytes += (chunk as Buffer).length;
    expect(bytes).to.equal(2048);
    const refused = await clients.files.download('http://files.evil.example/attachments/att-0001/x.jpg').then(() => undefined, (e: Error) => e);
    expect(refused).to.be.instanceOf(HostNotAllowedError);
    expect(s.requests.list('files')).to.have.length(1);
  });
});
