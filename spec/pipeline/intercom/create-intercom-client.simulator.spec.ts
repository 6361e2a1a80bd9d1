import { expect } from 'chai';
import { inspect } from 'node:util';
import { IntercomRequestError, IntercomWriteUncertainError } from '../../../pipeline/errors.ts';
import { createIntercomClient, type IntercomClientOptions } from '../../../pipeline/intercom/create-intercom-client.ts';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { startIntercomSimulator, type IntercomSimOptions, type IntercomSimulator } from '../../../simulators/intercom/server.ts';

/** Fast retries: the table's shape with millisecond delays. */
const FAST = { baseMs: 1, capMs: 5 };
const RETRY: IntercomClientOptions['retry'] = { 'server-error': FAST, network: FAST, 'connect-failed': FAST, malformed: FAST };
const WORKSPACE = generateDataset({ seed: 1, scale: 'tiny' }).intercom;

type Contact = { id: string; external_id?: string; email?: string };

describe('createIntercomClient (against the Intercom simulator)', function () {
  this.timeout(60_000);
  let sim: IntercomSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  const start = async (options: Partial<IntercomSimOptions> = {}) => (sim = await startIntercomSimulator({ workspace: WORKSPACE, ...options }));
  const clientOf = (s: IntercomSimulator, options: IntercomClientOptions = {}) => createIntercomClient({ url: s.url, token: s.token, version: '2.16' }, { retry: RETRY, ...options });
  /** Looks a contact up by external id; `undefined` when Intercom has none. */
  const byExternalId = (client: IntercomClient, externalId: string) => async () => {
    try {
      return await client.request<Contact>('GET', `/contacts/find_by_external_id/${encodeURIComponent(externalId)}`);
    } catch (error) {
      if (error instanceof IntercomRequestError && error.status === 404) return undefined;
      throw error;
    }
  };

  describe('pacing by the rate-limit headers', () => {
    // 120 per minute → ceil(120 / 6) = 20 per window; windows of 1 s keep the test short.
    const QUOTA = { ratePerMinute: 120, windowSeconds: 1 };

    it('gets through a burst of 200 GETs with zero 429s', async () => {
      const s = await start(QUOTA);
      const client = clientOf(s);
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => client.request<{ type: string }>('GET', i % 2 ? '/me' : '/admins')));
      expect(answers.every((a) => a.type === 'admin' || a.type === 'admin.list')).to.equal(true);
      const log = s.requests.entries;
      expect(log).to.have.length(200);
      expect(log.filter((e) => e.status === 429)).to.have.length(0);
      expect(log.every((e) => e.status === 200)).to.equal(true);
      // No window got more than its 20.
      const perWindow = new Map<number, number>();
      for (const e of log) perWindow.set(Math.floor(e.time / 1000), (perWindow.get(Math.floor(e.time / 1000)) ?? 0) + 1);
      expect(Math.max(...perWindow.values())).to.be.at.most(20);
      // 200 at 20 per second (19 with the safety share) take about 10 s: the budget, not the client, is the limit.
      expect(Date.now() - started).to.be.within(8_000, 16_000);
      expect(client.stats()).to.deep.include({ requests: 200, rateLimited: 0 });
      expect(client.stats().budget).to.include({ limit: 20, windowMs: 1_000 });
    });

    it('a naive loop that ignores the headers gets 429s (sanity)', async () => {
      const s = await start(QUOTA);
      const statuses = await Promise.all(Array.from({ length: 60 }, () => fetch(`${s.url}/me`, { headers: { authorization: `Bearer ${s.token}`, 'intercom-version': '2.16' } }).then((r) => r.status)));
      expect(statuses.filter((status) => status === 429).length).to.be.at.least(20);
    });

    it('waits out a window another app has spent, then goes on without a 429 of its own', async () => {
      const s = await start(QUOTA);
      // Another app spends this window's budget.
      await Promise.all(Array.from({ length: 25 }, () => fetch(`${s.url}/me`, { headers: { authorization: `Bearer ${s.token}` } })));
      s.requests.clear();
      const client = clientOf(s);
      await Promise.all(Array.from({ length: 30 }, () => client.request('GET', '/me')));
      // The probe may meet the spent window (one 429, retried after the reset); nothing after it does.
      expect(s.requests.entries.filter((e) => e.status === 429).length).to.be.at.most(1);
      expect(s.requests.entries.filter((e) => e.status === 200)).to.have.length(30);
    });
  });

  describe('retries', () => {
    it('retries GETs on 5xx and on reset connections until each succeeds', async () => {
      const s = await start({ faults: { rate5xx: 0.25, rateReset: 0.15 }, seed: 3 });
      const client = clientOf(s);
      const ids = (WORKSPACE.contacts ?? []).map((c) => String((c as { id: string }).id));
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => client.request<Contact>('GET', `/contacts/${ids[i % ids.length]}`)));
      expect(answers.map((a) => a.id)).to.deep.equal(Array.from({ length: 40 }, (_, i) => ids[i % ids.length]));
      const faults = s.requests.entries.filter((e) => e.fault);
      expect(faults.some((e) => e.fault === '5xx')).to.equal(true);
      expect(faults.some((e) => e.fault === 'reset')).to.equal(true);
      const { retries } = client.stats();
      expect(retries['server-error']).to.equal(faults.filter((e) => e.fault === '5xx').length);
      expect(retries.network).to.equal(faults.filter((e) => e.fault === 'reset').length);
    });

    it('a POST /contacts that landed but answered 503 is found by external_id: exactly one contact each', async () => {
      const s = await start({ faults: { rate5xxAfterWrite: 0.5 }, seed: 5 });
      const client = clientOf(s);
      const keys = Array.from({ length: 12 }, (_, i) => `khoros-author-${i}`);
      const created = await Promise.all(keys.map((key) => client.request<Contact>('POST', '/contacts', {
        json: { role: 'user', external_id: key, email: `${key}@example.com` },
        lookup: byExternalId(client, key),
      })));
      expect(created.map((c) => c.external_id)).to.deep.equal(keys);
      for (const key of keys) expect([...s.state.contacts.values()].filter((c) => c.external_id === key), key).to.have.length(1);
      const landedThen503 = s.requests.entries.filter((e) => e.method === 'POST' && e.fault === '5xxAfterWrite').length;
      expect(landedThen503).to.be.at.least(1);
      expect(s.requests.entries.filter((e) => e.method === 'POST' && e.path === '/contacts')).to.have.length(keys.length);
      expect(client.stats().lookups).to.deep.equal({ done: landedThen503, found: landedThen503 });
    });

    it('a POST that answered 503 without a lookup throws IntercomWriteUncertainError and is not sent again', async () => {
      const s = await start({ faults: { rate5xxAfterWrite: 1 } });
      const client = clientOf(s);
      let error: unknown;
      try {
        await client.request('POST', '/contacts', { json: { role: 'user', external_id: 'khoros-x' } });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(IntercomWriteUncertainError).and.include({ status: 503, reason: 'server-error', retriable: true });
      expect(s.requests.entries.filter((e) => e.method === 'POST')).to.have.length(1);
      // It did land: that is why it must not be blindly retried.
      expect([...s.state.contacts.values()].filter((c) => c.external_id === 'khoros-x')).to.have.length(1);
    });
  });

  describe('refusals', () => {
    it('a 400 gives IntercomRequestError with the error.list code and no token anywhere', async () => {
      const s = await start({ token: 'tok_sim_very_secret_123' });
      let error: unknown;
      try {
        await clientOf(s).request('POST', '/contacts', { json: { role: 'boss', external_id: 'x' } });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(IntercomRequestError).and.include({ status: 400, method: 'POST', path: '/contacts', attempts: 1 });
      const e = error as IntercomRequestError;
      expect(e.errors[0]).to.include({ code: 'parameter_invalid' });
      expect(e.requestId).to.be.a('string');
      for (const text of [e.message, JSON.stringify(e), inspect(e, { depth: 10 }), String(e.stack)]) expect(text).to.not.include('tok_sim_very_secret_123');
    });

    it('a 409 on a duplicate contact carries the existing id in its message', async () => {
      const s = await start();
      const client = clientOf(s);
      const first = await client.request<Contact>('POST', '/contacts', { json: { role: 'user', external_id: 'dup-1' } });
      let error: unknown;
      try {
        await client.request('POST', '/contacts', { json: { role: 'user', external_id: 'dup-1' } });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(IntercomRequestError).and.include({ status: 409 });
      expect((error as IntercomRequestError).errors[0].message).to.equal(`A contact matching those details already exists with id=${first.id}`);
    });
  });
});
