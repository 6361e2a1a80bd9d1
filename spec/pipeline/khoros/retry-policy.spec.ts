import { expect } from 'chai';
import { decideRetry, parseRetryAfter, resolveRetryTable, RETRY_TABLE } from '../../../pipeline/khoros/retry-policy.ts';
import { RateLimitError } from '../../../pipeline/errors.ts';

const GET = { idempotent: true };
const POST = { idempotent: false };
const half = () => 0.5;

describe('retry policy: the table', () => {
  describe('rate-limited (429)', () => {
    it('backs off from 1,000 ms, doubling, without jitter', () => {
      const delays = Array.from({ length: 10 }, (_, retries) => decideRetry('rate-limited', { ...GET, retries }));
      expect(delays.map((d) => d.retry && d.delayMs)).to.deep.equal([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000]);
    });

    it('gives up after 10 retries', () => {
      expect(decideRetry('rate-limited', { ...GET, retries: 10 })).to.deep.equal({ retry: false, because: 'exhausted' });
    });

    it('honours Retry-After in seconds', () => {
      expect(decideRetry('rate-limited', { ...GET, retries: 3, retryAfter: '7' })).to.deep.include({ retry: true, delayMs: 7000 });
    });

    it('honours Retry-After as an HTTP date', () => {
      const now = Date.parse('2024-03-10T12:00:00Z');
      const decision = decideRetry('rate-limited', { ...GET, retries: 0, now, retryAfter: 'Sun, 10 Mar 2024 12:00:30 GMT' });
      expect(decision).to.deep.include({ retry: true, delayMs: 30_000 });
    });

    it('caps Retry-After at 5 minutes', () => {
      expect(decideRetry('rate-limited', { ...GET, retries: 0, retryAfter: '3600' })).to.deep.include({ delayMs: 300_000 });
    });

    it('falls back to the back-off when Retry-After is unreadable', () => {
      expect(decideRetry('rate-limited', { ...GET, retries: 1, retryAfter: 'soon' })).to.deep.include({ delayMs: 2000 });
    });

    it('retries a POST too: a 429 is refused before any work', () => {
      expect(decideRetry('rate-limited', { ...POST, retries: 0 })).to.deep.include({ retry: true });
    });
  });

  describe('server-error (5xx)', () => {
    it('retries with full jitter, exponential from 250 ms, capped at 10 s', () => {
      const ceilings = [0, 1, 2, 5, 6, 7].map((retries) => decideRetry('server-error', { ...GET, retries, random: () => 0.999999 }));
      expect(ceilings.map((d) => d.retry && d.delayMs)).to.deep.equal([249, 499, 999, 7999, 9999, 9999]);
      expect(decideRetry('server-error', { ...GET, retries: 2, random: half })).to.deep.include({ delayMs: 500 });
      expect(decideRetry('server-error', { ...GET, retries: 2, random: () => 0 })).to.deep.include({ delayMs: 0 });
    });

    it('gives up after 8 retries', () => {
      expect(decideRetry('server-error', { ...GET, retries: 8 })).to.deep.equal({ retry: false, because: 'exhausted' });
    });

    it('never retries a POST: it may have been processed', () => {
      expect(decideRetry('server-error', { ...POST, retries: 0 })).to.deep.equal({ retry: false, because: 'not-idempotent' });
    });

    it('honours a 503 Retry-After up to the 10 s cap', () => {
      expect(decideRetry('server-error', { ...GET, retries: 0, retryAfter: '2' })).to.deep.include({ delayMs: 2000 });
      expect(decideRetry('server-error', { ...GET, retries: 0, retryAfter: '60' })).to.deep.include({ delayMs: 10_000 });
    });
  });

  describe('network and connect-failed', () => {
    it('retries resets and timeouts of GETs with jitter, 8 times', () => {
      expect(decideRetry('network', { ...GET, retries: 0, random: half })).to.deep.include({ retry: true, delayMs: 125 });
      expect(decideRetry('network', { ...GET, retries: 8 })).to.deep.include({ retry: false, because: 'exhausted' });
    });

    it('does not retry a POST after a reset, but does after a refused connection', () => {
      expect(decideRetry('network', { ...POST, retries: 0 })).to.deep.equal({ retry: false, because: 'not-idempotent' });
      expect(decideRetry('connect-failed', { ...POST, retries: 0, random: half })).to.deep.include({ retry: true, delayMs: 125 });
    });
  });

  describe('malformed (not JSON)', () => {
    it('retries 3 times with jitter capped at 2 s, then gives up', () => {
      expect(decideRetry('malformed', { ...GET, retries: 0, random: half })).to.deep.include({ retry: true, delayMs: 125 });
      expect(decideRetry('malformed', { ...GET, retries: 2, random: () => 0.999999 })).to.deep.include({ delayMs: 999 });
      expect(decideRetry('malformed', { ...GET, retries: 3 })).to.deep.equal({ retry: false, because: 'exhausted' });
    });

    it('does not retry a POST', () => {
      expect(decideRetry('malformed', { ...POST, retries: 0 })).to.deep.equal({ retry: false, because: 'not-idempotent' });
    });
  });

  describe('unauthorized (401, 403)', () => {
    it('logs in again once when the family has sessions, at once', () => {
      expect(decideRetry('unauthorized', { ...GET, retries: 0, canReauthenticate: true })).to.deep.equal({ retry: true, delayMs: 0, reauthenticate: true });
      expect(decideRetry('unauthorized', { ...GET, retries: 1, canReauthenticate: true })).to.deep.equal({ retry: false, because: 'exhausted' });
    });

    it('fails at once for Basic and bearer families', () => {
      expect(decideRetry('unauthorized', { ...GET, retries: 0 })).to.deep.equal({ retry: false, because: 'not-retriable' });
    });
  });

  describe('client-error (other 4xx)', () => {
    it('fails at once', () => {
      expect(decideRetry('client-error', { ...GET, retries: 0 })).to.deep.equal({ retry: false, because: 'not-retriable' });
    });
  });

  it('takes overrides per row and leaves the rest of the table alone', () => {
    const table = resolveRetryTable({ 'rate-limited': { baseMs: 1, capMs: 4 } });
    expect([0, 1, 2, 3].map((retries) => decideRetry('rate-limited', { ...GET, retries }, table)).map((d) => d.retry && d.delayMs)).to.deep.equal([1, 2, 4, 4]);
    expect(table['rate-limited'].maxRetries).to.equal(10);
    expect(table['server-error']).to.deep.equal(RETRY_TABLE['server-error']);
  });
});

describe('retry policy: parseRetryAfter', () => {
  it('reads seconds, dates, past dates and nothing', () => {
    const now = Date.parse('2015-10-21T07:27:00Z');
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).to.equal(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
    expect(parseRetryAfter('-5', now)).to.equal(undefined);
  });
});

describe('RateLimitError', () => {
  it('says the stream stopped and that a rerun resumes', () => {
    const error = new RateLimitError({ family: 'care', method: 'GET', url: 'https://x.example/api/v2/authors', attempts: 11 });
    expect(error.message).to.match(/after 10 retries/).and.match(/rerun the export to resume/);
    expect(error).to.include({ code: 'khoros_rate_limited', retriable: true, family: 'care' });
  });
});
