import { expect } from 'chai';
import { createThrottle, DEFAULT_PACING_MARGIN } from '../../../pipeline/khoros/create-throttle.ts';
import { DEFAULT_QUOTAS, resolveQuotas } from '../../../pipeline/khoros/quotas.ts';

describe('quotas', () => {
  it('default to the documented Care and Analytics limits and the simulator\'s seed-defined ones', () => {
    const quotas = resolveQuotas();
    expect(quotas.care).to.deep.equal({ calls: 60, windowMs: 60_000 });
    expect(quotas.analytics).to.deep.equal({ calls: 20, windowMs: 60_000 });
    expect(quotas).to.deep.include({ files: null });
    expect(quotas).to.deep.equal({ ...DEFAULT_QUOTAS });
  });

  it('take overrides and scale calls as the simulator does', () => {
    const quotas = resolveQuotas({ crm: { calls: 7, windowMs: 1000 }, files: { calls: 2, windowMs: 500 } }, 0.1);
    expect(quotas.care).to.deep.equal({ calls: 6, windowMs: 60_000 });
    expect(quotas.crm).to.deep.equal({ calls: 1, windowMs: 1000 });
    expect(quotas.files).to.deep.equal({ calls: 1, windowMs: 500 });
  });

  it('refuse a scale or quota that is not positive', () => {
    expect(() => resolveQuotas({}, 0)).to.throw(RangeError, /quotaScale/);
    expect(() => resolveQuotas({ care: { calls: 0, windowMs: 1 } })).to.throw(RangeError, /quota care/);
  });
});

describe('createThrottle', () => {
  it('spaces slots windowMs / calls apart, plus the pacing margin', () => {
    expect(createThrottle({ calls: 60, windowMs: 60_000 }).intervalMs).to.equal(1000 * (1 + DEFAULT_PACING_MARGIN));
    expect(createThrottle({ calls: 10, windowMs: 1000 }, { margin: 0 }).intervalMs).to.equal(100);
  });

  it('hands out slots one at a time, never in a burst', async () => {
    const throttle = createThrottle({ calls: 10, windowMs: 200 }, { margin: 0 });
    const started = performance.now();
    const times = await Promise.all(Array.from({ length: 5 }, () => throttle.slot().then(() => performance.now() - started)));
    // The n-th slot cannot come before n intervals (20 ms each); timers never fire early by more than a tick.
    times.sort((a, b) => a - b).forEach((t, n) => expect(t, `slot ${n}`).to.be.at.least(n * 20 - 2));
  });

  it('answers the time waited', async () => {
    const throttle = createThrottle({ calls: 1, windowMs: 30 }, { margin: 0 });
    expect(await throttle.slot()).to.be.below(15);
    expect(await throttle.slot()).to.be.at.least(25);
  });

  it('is immediate when the quota is unlimited', async () => {
    const throttle = createThrottle(null);
    expect(throttle.intervalMs).to.equal(0);
    expect(await throttle.slot()).to.equal(0);
  });

  it('rejects waiting calls when the signal aborts', async () => {
    const controller = new AbortController();
    const throttle = createThrottle({ calls: 1, windowMs: 10_000 }, { signal: controller.signal });
    await throttle.slot();
    const waiting = throttle.slot();
    expect(throttle.queued).to.equal(1);
    controller.abort(new Error('stopped'));
    let error: unknown;
    await waiting.catch((e) => { error = e; });
    expect(error).to.have.property('message', 'stopped');
    await throttle.slot().catch((e) => { error = e; });
    expect(error).to.have.property('message', 'stopped');
  });

  it('refuses a margin outside [0, 1)', () => {
    expect(() => createThrottle({ calls: 1, windowMs: 1 }, { margin: 1 })).to.throw(RangeError);
  });
});
