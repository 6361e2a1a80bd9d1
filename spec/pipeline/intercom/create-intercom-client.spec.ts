import { expect } from 'chai';
import nock from 'nock';
import { inspect } from 'node:util';
import { IntercomRateLimitError, IntercomRequestError, IntercomUnavailableError, IntercomWriteUncertainError } from '../../../pipeline/errors.ts';
import { createIntercomClient, type IntercomClientOptions } from '../../../pipeline/intercom/create-intercom-client.ts';

const API = 'https://api.intercom.test';
const TOKEN = 'dG9rOmZha2UtaW50ZXJjb20tdG9rZW4tOTk=';
const HEADERS = { authorization: `Bearer ${TOKEN}`, 'intercom-version': '2.16', accept: 'application/json' };
const ERROR = (code: string, message: string) => ({ type: 'error.list', request_id: 'req-1', errors: [{ code, message }] });

/** A client whose back-offs are recorded instead of slept. */
function client(options: IntercomClientOptions = {}) {
  const slept: number[] = [];
  const c = createIntercomClient({ url: API, token: TOKEN, version: '2.16' }, { sleep: async (ms) => { slept.push(ms); }, random: () => 0.5, ...options });
  return Object.assign(c, { slept });
}

/** A connection reset (nock 14 hangs on a plain-object error: give it an Error). */
function reset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Asserts the token appears in no printed form of the error. */
function expectNoToken(error: Error) {
  for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: false }), String(error.stack)]) {
    expect(text).to.not.include(TOKEN);
  }
}

describe('createIntercomClient (against nock)', () => {
  before(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });

  it('sends the bearer token, Intercom-Version 2.16 and Accept on every method and every retry', async () => {
    const scope = nock(API, { reqheaders: HEADERS })
      .get('/me').reply(200, { type: 'admin' })
      .post('/contacts/search').reply(503, ERROR('service_unavailable', 'Service Unavailable'))
      .post('/contacts/search').reply(200, { type: 'list', data: [] })
      .put('/contacts/c1').reply(200, { id: 'c1' })
      .delete('/contacts/c1').reply(200, { id: 'c1', deleted: true });
    const c = client();
    await c.request('GET', '/me');
    await c.request('POST', '/contacts/search', { json: { query: {} }, idempotent: true });
    await c.request('PUT', '/contacts/c1', { json: { name: 'x' } });
    await c.request('DELETE', '/contacts/c1');
    expect(scope.isDone()).to.equal(true);
    expect(c.stats()).to.deep.include({ requests: 5, retries: { 'server-error': 1 } });
  });

  it('turns a 400 into an IntercomRequestError with the error.list code, and never shows the token', async () => {
    // The body echoes the token, as a careless proxy might: it is masked too.
    nock(API).post('/contacts').reply(400, { type: 'error.list', request_id: 'req-7', errors: [{ code: 'parameter_invalid', message: `bad token ${TOKEN}?`, field: 'role' }] });
    const error = await rejection(client().request('POST', '/contacts', { json: { role: 'boss' } }));
    expect(error).to.be.instanceOf(IntercomRequestError).and.include({ code: 'intercom_request_refused', status: 400, method: 'POST', path: '/contacts', requestId: 'req-7', attempts: 1, retriable: false });
    const e = error as IntercomRequestError;
    expect(e.errors).to.deep.equal([{ code: 'parameter_invalid', message: 'bad token ***?', field: 'role' }]);
    expect(e.message).to.equal('Intercom: POST /contacts was refused with 400 parameter_invalid: bad token ***? (field role).');
    expectNoToken(e);
  });

  it('surfaces a 409 with the existing contact id in its message, not retried', async () => {
    const scope = nock(API).post('/contacts').once().reply(409, ERROR('conflict', 'A contact matching those details already exists with id=6643703ffae7834d1792fd30'));
    const c = client();
    const error = await rejection(c.request('POST', '/contacts', { json: { email: 'a@b.example' }, lookup: async () => ({ id: 'never' }) }));
    expect(error).to.be.instanceOf(IntercomRequestError).and.include({ status: 409 });
    expect(/id=(\w+)/.exec((error as IntercomRequestError).errors[0].message ?? '')?.[1]).to.equal('6643703ffae7834d1792fd30');
    expect(scope.isDone()).to.equal(true);
    expect(c.stats().lookups).to.deep.equal({ done: 0, found: 0 });
  });

  it('answers 401 with intercom_unauthorized and a hint, not retried', async () => {
    nock(API).get('/me').once().reply(401, ERROR('unauthorized', 'Access Token Invalid'));
    const error = await rejection(client().request('GET', '/me'));
    expect(error).to.be.instanceOf(IntercomRequestError).and.include({ code: 'intercom_unauthorized', status: 401 });
    expect(error.message).to.include('intercom.token');
    expectNoToken(error);
  });

  it('retries a GET on 5xx and on a reset connection, with jittered back-off', async () => {
    nock(API)
      .get('/contacts/c1').reply(500, ERROR('server_error', 'Server Error'))
      .get('/contacts/c1').replyWithError(reset())
      .get('/contacts/c1').reply(200, { id: 'c1' });
    const c = client();
    expect(await c.request('GET', '/contacts/c1')).to.deep.equal({ id: 'c1' });
    expect(c.stats().retries).to.deep.equal({ 'server-error': 1, network: 1 });
    expect(c.slept).to.deep.equal([125, 125]);
  });

  it('gives up on a GET after 8 retries of 5xx with IntercomUnavailableError', async () => {
    nock(API).get('/me').times(9).reply(502, ERROR('server_error', 'Bad Gateway'));
    const error = await rejection(client().request('GET', '/me'));
    expect(error).to.be.instanceOf(IntercomUnavailableError).and.include({ reason: 'server-error', status: 502, attempts: 9, retriable: true });
  });

  it('never retries a POST that got a 5xx when there is no lookup: IntercomWriteUncertainError', async () => {
    const scope = nock(API).post('/conversations').once().reply(503, ERROR('service_unavailable', 'Service Unavailable'));
    const c = client();
    const error = await rejection(c.request('POST', '/conversations', { json: { from: { type: 'user', id: 'x' }, body: 'hi' } }));
    expect(error).to.be.instanceOf(IntercomWriteUncertainError).and.include({ code: 'intercom_write_uncertain', reason: 'server-error', status: 503, attempts: 1, retriable: true });
    expect(error.message).to.include('no lookup was given');
    expect(scope.isDone()).to.equal(true);
    expectNoToken(error);
  });

  it('after a reset on a POST, answers what the lookup finds instead of sending it again', async () => {
    const scope = nock(API).post('/contacts').once().replyWithError(reset());
    const c = client();
    const found = await c.request('POST', '/contacts', { json: { external_id: 'k-1' }, lookup: async () => ({ id: 'c9', external_id: 'k-1' }) });
    expect(found).to.deep.equal({ id: 'c9', external_id: 'k-1' });
    expect(scope.isDone()).to.equal(true);
    expect(c.stats()).to.deep.include({ requests: 1, lookups: { done: 1, found: 1 }, retries: {} });
  });

  it('sends the POST again when the lookup finds nothing', async () => {
    nock(API).post('/contacts').reply(500, ERROR('server_error', 'Server Error')).post('/contacts').reply(200, { id: 'c10' });
    const c = client();
    expect(await c.request('POST', '/contacts', { json: { external_id: 'k-2' }, lookup: async () => undefined })).to.deep.equal({ id: 'c10' });
    expect(c.stats()).to.deep.include({ requests: 2, lookups: { done: 1, found: 0 }, retries: { 'server-error': 1 } });
  });

  it('takes the bare 200 of a DELETE (DELETE /tags/{id} answers no content) as done, once', async () => {
    const scope = nock(API).delete('/tags/17').once().reply(200, '');
    const c = client();
    expect(await c.request('DELETE', '/tags/17')).to.equal(undefined);
    expect(scope.isDone()).to.equal(true);
    expect(c.stats()).to.deep.include({ requests: 1, retries: {} });
  });

  it('never sends a POST again after a garbled 2xx: uncertain unless the lookup finds it', async () => {
    nock(API).post('/tags').reply(200, '{"type":"tag","id":', { 'Content-Type': 'application/json' });
    const error = await rejection(client().request('POST', '/tags', { json: { name: 'x' }, idempotent: false, lookup: async () => undefined }));
    expect(error).to.be.instanceOf(IntercomWriteUncertainError).and.include({ reason: 'malformed', status: 200 });
    expect(error.message).to.include('the lookup could not confirm it');
  });

  it('retries a 429 without rate-limit headers after Retry-After, even for a POST', async () => {
    nock(API).post('/contacts').reply(429, ERROR('rate_limit_exceeded', 'Exceeded rate limit of 167 in 10_seconds'), { 'Retry-After': '3' }).post('/contacts').reply(200, { id: 'c1' });
    const c = client();
    expect(await c.request('POST', '/contacts', { json: {} })).to.deep.equal({ id: 'c1' });
    expect(c.slept).to.deep.equal([3_000]);
    expect(c.stats()).to.deep.include({ rateLimited: 1, retries: { 'rate-limited': 1 } });
  });

  it('after a 429 with rate-limit headers, holds the retry (and every other call) until the window resets', async () => {
    const resetSeconds = Math.ceil(Date.now() / 1000) + 1;
    const rate = (remaining: number) => ({ 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(resetSeconds) });
    const sentAt: number[] = [];
    nock(API)
      .get('/me').reply(200, {}, rate(40))
      .get('/me').reply(429, ERROR('rate_limit_exceeded', 'Exceeded rate limit of 50 in 10_seconds'), rate(0))
      .get('/me').times(2).reply(() => { sentAt.push(Date.now()); return [200, {}, rate(48)]; });
    const c = client({ pacing: { skewMs: 100 }, maxConcurrency: 1 });
    await c.request('GET', '/me');
    await Promise.all([c.request('GET', '/me'), c.request('GET', '/me')]);
    expect(sentAt).to.have.length(2);
    for (const at of sentAt) expect(at).to.be.at.least(resetSeconds * 1000 + 100);
    expect(c.slept).to.deep.equal([]);
    expect(c.stats()).to.deep.include({ rateLimited: 1, retries: { 'rate-limited': 1 } });
    expect(c.stats().budgetWaitMs).to.be.greaterThan(0);
  });

  it('stops after 10 retries of 429 with IntercomRateLimitError', async () => {
    nock(API).get('/me').times(11).reply(429, ERROR('rate_limit_exceeded', 'Exceeded'));
    const error = await rejection(client({ retry: { 'rate-limited': { baseMs: 1, capMs: 1 } } }).request('GET', '/me'));
    expect(error).to.be.instanceOf(IntercomRateLimitError).and.include({ code: 'intercom_rate_limited', attempts: 11 });
  });

  it('answers undefined for a 204 and passes query parameters, leaving undefined ones out', async () => {
    nock(API).delete('/contacts/c1/tags/7').query({ a: '1' }).reply(204);
    expect(await client().request('DELETE', '/contacts/c1/tags/7', { searchParams: { a: 1, b: undefined } })).to.equal(undefined);
  });

  it('stops waiting and sending when the signal aborts', async () => {
    nock(API).get('/me').delay(5_000).reply(200, {});
    const controller = new AbortController();
    const pending = client({ signal: controller.signal }).request('GET', '/me');
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    const error = await rejection(pending);
    expect(error.message).to.include('cancelled');
  });
});
