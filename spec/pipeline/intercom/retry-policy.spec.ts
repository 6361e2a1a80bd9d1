import { expect } from 'chai';
import { decideIntercomRetry, INTERCOM_RETRY_TABLE, resolveIntercomRetryTable } from '../../../pipeline/intercom/retry-policy.ts';

const base = { retries: 0, idempotent: true, hasLookup: false, paced: true, random: () => 0.5 };

describe('decideIntercomRetry', () => {
  it('retries a 429 without a back-off of its own when the pacer knows the window, even for a POST', () => {
    expect(decideIntercomRetry('rate-limited', { ...base, idempotent: false })).to.deep.equal({ action: 'retry', delayMs: 0, lookupFirst: false });
  });

  it('falls back to Retry-After, then exponential, for a 429 without rate-limit headers', () => {
    expect(decideIntercomRetry('rate-limited', { ...base, paced: false, retryAfterMs: 7_000 })).to.deep.equal({ action: 'retry', delayMs: 7_000, lookupFirst: false });
    expect(decideIntercomRetry('rate-limited', { ...base, paced: false, retries: 3 })).to.deep.equal({ action: 'retry', delayMs: 8_000, lookupFirst: false });
  });

  it('stops a 429 after 10 retries', () => {
    expect(decideIntercomRetry('rate-limited', { ...base, retries: 10 })).to.deep.equal({ action: 'stop', error: 'exhausted', lookupFirst: false });
  });

  it('retries 5xx, resets and refused connections of an idempotent call with full jitter', () => {
    expect(decideIntercomRetry('server-error', { ...base, retries: 2 })).to.deep.equal({ action: 'retry', delayMs: 500, lookupFirst: false });
    expect(decideIntercomRetry('network', base)).to.deep.equal({ action: 'retry', delayMs: 125, lookupFirst: false });
    expect(decideIntercomRetry('server-error', { ...base, retries: 8 })).to.deep.equal({ action: 'stop', error: 'exhausted', lookupFirst: false });
  });

  it('never retries a POST that may have landed without looking it up first', () => {
    expect(decideIntercomRetry('server-error', { ...base, idempotent: false })).to.deep.equal({ action: 'stop', error: 'uncertain', lookupFirst: false });
    expect(decideIntercomRetry('network', { ...base, idempotent: false })).to.deep.equal({ action: 'stop', error: 'uncertain', lookupFirst: false });
    expect(decideIntercomRetry('server-error', { ...base, idempotent: false, hasLookup: true })).to.deep.equal({ action: 'retry', delayMs: 125, lookupFirst: true });
    expect(decideIntercomRetry('server-error', { ...base, idempotent: false, hasLookup: true, retries: 8 })).to.deep.equal({ action: 'stop', error: 'exhausted', lookupFirst: true });
  });

  it('retries a POST whose connection never opened (it surely did not land)', () => {
    expect(decideIntercomRetry('connect-failed', { ...base, idempotent: false })).to.deep.equal({ action: 'retry', delayMs: 125, lookupFirst: false });
  });

  it('never sends a POST again after a garbled 2xx (it landed): looks it up, else uncertain', () => {
    expect(decideIntercomRetry('malformed', { ...base, idempotent: false, hasLookup: true })).to.deep.equal({ action: 'stop', error: 'uncertain', lookupFirst: true });
    expect(decideIntercomRetry('malformed', { ...base, idempotent: false })).to.deep.equal({ action: 'stop', error: 'uncertain', lookupFirst: false });
    expect(decideIntercomRetry('malformed', base)).to.deep.equal({ action: 'retry', delayMs: 125, lookupFirst: false });
  });

  it('refuses 4xx (409 included) and 401/403 at once', () => {
    for (const outcome of ['client-error', 'unauthorized'] as const) {
      expect(decideIntercomRetry(outcome, base)).to.deep.equal({ action: 'stop', error: 'refused', lookupFirst: false });
      expect(decideIntercomRetry(outcome, { ...base, idempotent: false, hasLookup: true })).to.deep.equal({ action: 'stop', error: 'refused', lookupFirst: false });
    }
  });
});

describe('resolveIntercomRetryTable', () => {
  it('merges overrides per row and leaves the table alone', () => {
    const table = resolveIntercomRetryTable({ 'server-error': { baseMs: 1, capMs: 5 } });
    expect(table['server-error']).to.include({ baseMs: 1, capMs: 5, maxRetries: 8, notIdempotent: 'lookup-then-retry' });
    expect(INTERCOM_RETRY_TABLE['server-error'].baseMs).to.equal(250);
    expect(Object.isFrozen(INTERCOM_RETRY_TABLE)).to.equal(true);
  });
});
