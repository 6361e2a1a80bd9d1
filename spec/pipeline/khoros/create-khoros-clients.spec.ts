import { expect } from 'chai';
import nock from 'nock';
import { createServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { Config } from '../../../pipeline/config.ts';
import { HostNotAllowedError, KhorosRequestError, MalformedResponseError, RateLimitError, TransientError } from '../../../pipeline/errors.ts';
import { createKhorosClients, type KhorosClientOptions } from '../../../pipeline/khoros/create-khoros-clients.ts';

const CARE = 'https://acme.response.lithium.com';
const ANALYTICS = 'https://analytics-api.app.lithium.com';
const COMMUNITY = 'https://community.acme.example';
const MARKETING = 'https://api.spredfast.com';
const FILES = 'https://files.acme.example';
const PASSWORD = 'hunter2-very-secret';
const COMPANY_KEY = 'ck-4f1e9a';
const TOKEN = 'mkt-token-77aa';
const SESSION = 'session-key-xyz123';
const BASIC = `Basic ${Buffer.from(`api-user:${PASSWORD}`).toString('base64')}`;
const CONFIG: Config['khoros'] = {
  care: CARE, analytics: ANALYTICS, community: COMMUNITY, marketing: MARKETING, files: FILES,
  username: 'api-user', password: PASSWORD, companyKey: COMPANY_KEY, marketingToken: TOKEN, allowedHosts: ['cdn.example'],
};
const UNLIMITED = { care: null, careOther: null, analytics: null, community: null, marketing: null, crm: null, files: null };
const LOGIN = '/restapi/vc/authentication/sessions/login';

/** Clients with no throttling and sleeps recorded instead of waited. */
function clients({ config = CONFIG, ...options }: KhorosClientOptions & { config?: Config['khoros'] } = {}) {
  const slept: number[] = [];
  const c = createKhorosClients(config, { quotas: UNLIMITED, sleep: async (ms) => { slept.push(ms); }, random: () => 0.5, ...options });
  return Object.assign(c, { slept });
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Asserts no secret appears in the error however it is printed. */
function expectNoSecrets(error: Error) {
  const printed = [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack)];
  for (const text of printed) {
    for (const secret of [PASSWORD, COMPANY_KEY, TOKEN, SESSION, BASIC.slice(6)]) expect(text, text).to.not.include(secret);
  }
}

describe('createKhorosClients (against nock)', () => {
  before(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.disableNetConnect();
  });
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });

  it('accepts JSON declared text/plain, as real Care sends it', async () => {
    nock(CARE, { reqheaders: { authorization: BASIC } }).get('/api/v2/conversations/c1').reply(200, '{"status":"success","data":[1]}', { 'Content-Type': 'text/plain' });
    expect(await clients().care.json('/api/v2/conversations/c1')).to.deep.equal({ status: 'success', data: [1] });
  });

  it('retries a truncated body 3 times, then fails with MalformedResponseError', async () => {
    const scope = nock(CARE).get('/api/v2/authors').times(4).reply(200, '{"status":"success","data":{"perso', { 'Content-Type': 'application/json' });
    const c = clients();
    const error = await rejection(c.care.json('/api/v2/authors'));
    expect(error).to.be.instanceOf(MalformedResponseError).and.include({ attempts: 4, status: 200, retriable: true });
    expect(error.message).to.include(`${CARE}/api/v2/authors`);
    expect(scope.isDone()).to.equal(true);
    expect(c.stats().retries.care).to.deep.equal({ malformed: 3 });
  });

  it('retries an HTML answer and returns the JSON that follows', async () => {
    nock(CARE).get('/api/v2/authors').reply(200, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' })
      .get('/api/v2/authors').reply(200, { status: 'success', data: { personList: [] } });
    const c = clients();
    expect(await c.care.json('/api/v2/authors')).to.deep.equal({ status: 'success', data: { personList: [] } });
    expect(c.stats()).to.deep.include({ requests: { care: 2 }, retries: { care: { malformed: 1 } } });
  });

  it('fails a 404 at once, with the URL and Khoros\'s message, and no credentials anywhere', async () => {
    nock(CARE).get('/api/v2/conversations/nope').reply(404, { status: 'fail', message: `No conversations found (user api-user:${PASSWORD})` });
    const error = await rejection(clients().care.json('/api/v2/conversations/nope'));
    expect(error).to.be.instanceOf(KhorosRequestError).and.include({ status: 404, code: 'khoros_request_refused', family: 'care', attempts: 1 });
    expect(error.message).to.include(`GET ${CARE}/api/v2/conversations/nope`).and.include('No conversations found');
    expectNoSecrets(error);
  });

  it('fails a 401 naming the family and the URL, without the password', async () => {
    nock(CARE).get('/api/v2/authors').reply(401, { status: 'fail', message: 'Authentication failed' });
    const error = await rejection(clients().care.json('/api/v2/authors'));
    expect(error).to.be.instanceOf(KhorosRequestError).and.include({ status: 401, code: 'khoros_unauthorized' });
    expect(error.message).to.match(/^care: GET https:\/\/acme\.response\.lithium\.com\/api\/v2\/authors was refused with 401/);
    expectNoSecrets(error);
  });

  it('adds companyKey to Analytics calls and masks it in errors', async () => {
    nock(ANALYTICS).get('/api/public/teams').query({ companyKey: COMPANY_KEY }).reply(400, { status: 'FAIL', message: `Unknown company ${COMPANY_KEY}` });
    const error = await rejection(clients().analytics.json('/api/public/teams'));
    expect(error.message).to.include(`${ANALYTICS}/api/public/teams?companyKey=***`).and.include('Unknown company ***');
    expectNoSecrets(error);
  });

  it('leaves companyKey off URLs that carry an analyticsAccessToken', async () => {
    nock(ANALYTICS).get('/api/public/reports/report/w/r/download').query({ analyticsAccessToken: 'tok' }).reply(200, []);
    expect(await clients().analytics.json(`${ANALYTICS}/api/public/reports/report/w/r/download?analyticsAccessToken=tok`)).to.deep.equal([]);
  });

  it('sends the Marketing bearer token and keeps it out of errors', async () => {
    nock(MARKETING, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).get('/app/v1/company/1/initiative')
      .reply(403, { status: { succeeded: false, error: { code: 'UNAUTHENTICATED', message: `token ${TOKEN} expired` } } });
    const error = await rejection(clients().marketing.json('/app/v1/company/1/initiative'));
    expect(error).to.include({ status: 403, code: 'khoros_unauthorized' });
    expect(error.message).to.include('token *** expired');
    expectNoSecrets(error);
  });

  it('logs in to Community once, reuses the session, and logs in again after a 401', async () => {
    const logins = nock(COMMUNITY).post(LOGIN, { 'user.login': 'api-user', 'user.password': PASSWORD }).query({ 'restapi.response_format': 'json' }).times(2)
      .reply(200, () => ({ response: { status: 'success', value: { type: 'string', $: SESSION } } }));
    const search = nock(COMMUNITY, { reqheaders: { 'li-api-session-key': SESSION } }).get('/api/2.0/search').query(true).times(2).reply(200, { status: 'success', data: { items: [] } })
      .get('/api/2.0/search').query(true).reply(401, { status: 'error', message: 'Invalid session' })
      .get('/api/2.0/search').query(true).reply(200, { status: 'success', data: { items: [1] } })
      .get('/api/2.0/search').query(true).reply(404, { status: 'error', message: `no such thing for ${SESSION}` });
    const c = clients();
    await Promise.all([c.community.json('/api/2.0/search?q=a'), c.community.json('/api/2.0/search?q=b')]);
    expect(await c.community.json('/api/2.0/search', { searchParams: { q: 'c' } })).to.deep.equal({ status: 'success', data: { items: [1] } });
    const error = await rejection(c.community.json('/api/2.0/search?q=d'));
    expect(logins.isDone() && search.isDone()).to.equal(true);
    expect(c.stats().retries.community).to.deep.equal({ unauthorized: 1 });
    expectNoSecrets(error);
  });

  it('reports a failed Community login as a 401 naming the family and URL, without the password', async () => {
    nock(COMMUNITY).post(LOGIN).query(true).reply(200, { response: { status: 'error', error: { code: 303, message: 'User authentication failed.' } } });
    const error = await rejection(clients().community.json('/api/2.0/search?q=x'));
    expect(error).to.be.instanceOf(KhorosRequestError).and.include({ status: 401, code: 'khoros_unauthorized', family: 'community' });
    expect(error.message).to.include(`${COMMUNITY}${LOGIN}`).and.include('User authentication failed.');
    expectNoSecrets(error);
  });

  it('does not retry a POST after a 5xx: it may have created the job', async () => {
    const scope = nock(ANALYTICS).post('/api/public/reports/report/conversation').query(true).reply(500, { status: 'FAIL', message: 'boom' });
    const c = clients();
    const error = await rejection(c.analytics.json('/api/public/reports/report/conversation', { method: 'POST', searchParams: { startTime: 1, endTime: 2 } }));
    expect(error).to.be.instanceOf(TransientError).and.include({ status: 500, attempts: 1 });
    expect(error.message).to.match(/not retried/);
    expect(scope.isDone()).to.equal(true);
    expect(c.stats().requests.analytics).to.equal(1);
    expectNoSecrets(error);
  });

  it('retries a POST whose connection was refused: it never reached the server', async () => {
    const port = await closedPort();
    nock.enableNetConnect('127.0.0.1');
    const c = clients({ config: { ...CONFIG, analytics: `http://127.0.0.1:${port}` } });
    const error = await rejection(c.analytics.json('/api/public/reports/report/conversation', { method: 'POST' }));
    expect(error).to.be.instanceOf(TransientError).and.include({ reason: 'connect-failed', attempts: 9 });
    expect(error.message).to.match(/ECONNREFUSED/).and.match(/gave up after 9 attempts/);
    expect(c.stats().retries.analytics).to.deep.equal({ 'connect-failed': 8 });
    expectNoSecrets(error);
  });

  it('retries GETs through 5xx and timeouts, with jittered delays', async () => {
    nock(CARE).get('/api/v2/authors').reply(503, 'unavailable').get('/api/v2/authors').reply(500, 'oops')
      .get('/api/v2/authors').delay(300).reply(200, { status: 'late' }).get('/api/v2/authors').reply(200, { status: 'success' });
    const c = clients({ timeoutMs: 100 });
    expect(await c.care.json('/api/v2/authors')).to.deep.equal({ status: 'success' });
    expect(c.stats().retries.care).to.deep.equal({ 'server-error': 2, network: 1 });
    expect(c.slept).to.deep.equal([125, 250, 125]);
  });

  it('backs off on 429 from 1 s doubling, honours Retry-After, and stops after 10 retries with RateLimitError', async () => {
    nock(CARE).get('/api/v2/authors').reply(429, { status: 'fail', message: 'Rate limit exceeded' }, { 'Retry-After': '3' })
      .get('/api/v2/authors').times(10).reply(429, { status: 'fail', message: 'Rate limit exceeded' });
    const c = clients();
    const error = await rejection(c.care.json('/api/v2/authors'));
    expect(error).to.be.instanceOf(RateLimitError).and.include({ attempts: 11, code: 'khoros_rate_limited' });
    expect(error.message).to.match(/rerun the export to resume/);
    expect(c.slept).to.deep.equal([3000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000]);
    expect(c.stats()).to.deep.include({ requests: { care: 11 }, rateLimited: { care: 11 } });
    expect(c.stats().waitedMs.care).to.be.at.least(813_000);
  });

  it('takes retry overrides, so specs can shrink the delays', async () => {
    nock(CARE).get('/api/v2/authors').times(3).reply(429, {});
    const c = clients({ retry: { 'rate-limited': { maxRetries: 2, baseMs: 5, capMs: 7 } } });
    expect(await rejection(c.care.json('/api/v2/authors'))).to.be.instanceOf(RateLimitError);
    expect(c.slept).to.deep.equal([5, 7]);
  });

  it('does not follow a redirect on a JSON call: it fails naming where it pointed', async () => {
    nock(CARE).get('/api/v2/authors').reply(302, '', { Location: 'https://elsewhere.example/login?token=abc123' });
    const error = await rejection(clients().care.json('/api/v2/authors'));
    expect(error).to.be.instanceOf(KhorosRequestError).and.include({ status: 302 });
    expect(error.message).to.include('unexpected redirect to https://elsewhere.example/login?token=***');
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const c = createKhorosClients(CONFIG, { quotas: { care: { calls: 1, windowMs: 60_000 } }, signal: controller.signal });
    nock(CARE).get('/api/v2/authors').reply(200, {});
    await c.care.json('/api/v2/authors');
    const waiting = c.care.json('/api/v2/authors');
    controller.abort(new Error('export stopped'));
    expect(await rejection(waiting)).to.have.property('message', 'export stopped');
  });

  it('refuses a host that is not allowed, sending nothing', async () => {
    const c = clients();
    const error = await rejection(c.care.json('https://evil.example/api/v2/authors?offset=10'));
    expect(error).to.be.instanceOf(HostNotAllowedError).and.include({ host: 'evil.example', code: 'khoros_host_not_allowed' });
    expect(c.stats().requests).to.deep.equal({});
  });

  it('follows a nextPageUrl on its own host with credentials, and downloads from an allowed host without them', async () => {
    nock(CARE, { reqheaders: { authorization: BASIC } }).get('/api/v2/authors').query({ offset: 10 }).reply(200, { status: 'success' });
    nock('https://cdn.example', { badheaders: ['authorization'] }).get('/a.png').reply(200, Buffer.from('png!'), { 'Content-Type': 'image/png', 'Content-Length': '4' });
    const c = clients();
    expect(await c.care.json(`${CARE}/api/v2/authors?offset=10`)).to.deep.equal({ status: 'success' });
    const download = await c.files.download('https://cdn.example/a.png');
    expect(download).to.include({ status: 200, contentType: 'image/png', contentLength: 4 });
    const chunks: Buffer[] = [];
    for await (const chunk of download.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).to.equal('png!');
  });

  it('retries a download answered 5xx before handing the stream over, and fails a 404', async () => {
    nock(FILES).get('/attachments/a1/x.pdf').reply(502, 'bad gateway').get('/attachments/a1/x.pdf').reply(200, '%PDF-', { 'Content-Type': 'application/pdf' })
      .get('/attachments/a2/y.pdf').reply(404, { error: 'not_found', message: 'No attachment a2' });
    const c = clients();
    const download = await c.files.download('/attachments/a1/x.pdf');
    expect(download).to.include({ status: 200, contentType: 'application/pdf' });
    download.body.resume();
    const error = await rejection(c.files.download('/attachments/a2/y.pdf'));
    expect(error).to.be.instanceOf(KhorosRequestError).and.include({ status: 404 });
    expect(error.message).to.include('No attachment a2');
    expect(c.stats().retries.files).to.deep.equal({ 'server-error': 1 });
  });
});
