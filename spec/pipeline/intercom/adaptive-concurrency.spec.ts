import { expect } from 'chai';
import { concurrencyTarget, createAdaptiveConcurrency } from '../../../pipeline/intercom/adaptive-concurrency.ts';

describe('concurrencyTarget', () => {
  it('keeps budget rate × latency × headroom in flight (Little\'s law)', () => {
    expect(concurrencyTarget({ budgetPerSecond: 10, latencyMs: 200, max: 50 })).to.equal(4);
    expect(concurrencyTarget({ budgetPerSecond: 10, latencyMs: 200, headroom: 1, max: 50 })).to.equal(2);
    expect(concurrencyTarget({ budgetPerSecond: 100, latencyMs: 150, headroom: 1.5, max: 50 })).to.equal(23);
  });

  it('clamps to [min, max]', () => {
    expect(concurrencyTarget({ budgetPerSecond: 167, latencyMs: 200, max: 50 })).to.equal(50);
    expect(concurrencyTarget({ budgetPerSecond: 20, latencyMs: 2, max: 50 })).to.equal(1);
    expect(concurrencyTarget({ budgetPerSecond: 20, latencyMs: 2, min: 3, max: 50 })).to.equal(3);
  });

  it('answers max while the budget or the latency is unknown', () => {
    expect(concurrencyTarget({ budgetPerSecond: undefined, latencyMs: 200, max: 16 })).to.equal(16);
    expect(concurrencyTarget({ budgetPerSecond: 10, latencyMs: undefined, max: 16 })).to.equal(16);
  });
});

describe('createAdaptiveConcurrency', () => {
  it('follows the target as latencies and the budget change', () => {
    const gate = createAdaptiveConcurrency({ max: 50 });
    expect(gate.limit).to.equal(50);
    for (let i = 0; i < 10; i++) gate.record(200);
    gate.update(10);
    expect(gate.limit).to.equal(4);
    // The server slows down: more in flight to keep the same rate.
    for (let i = 0; i < 50; i++) gate.record(1_000);
    gate.update(10);
    expect(gate.limit).to.equal(20);
    // The budget grows.
    gate.update(30);
    expect(gate.limit).to.equal(50);
  });

  it('averages only the last `samples` latencies, and reports mean and median', () => {
    const gate = createAdaptiveConcurrency({ max: 50, samples: 4 });
    expect(gate.latency()).to.equal(undefined);
    for (const ms of [1_000, 1_000, 1_000, 1_000, 100, 100, 100, 400]) gate.record(ms);
    expect(gate.latency()).to.deep.equal({ meanMs: 175, p50Ms: 100 });
  });

  it('never lets more than the limit in flight, and lets waiters in as slots free or the limit grows', async () => {
    const gate = createAdaptiveConcurrency({ max: 10 });
    gate.record(100);
    gate.update(10); // 10/s × 0.1 s × 2 = 2
    const first = await gate.acquire();
    await gate.acquire();
    let third = false;
    const waiting = gate.acquire().then((release) => { third = true; return release; });
    await new Promise((resolve) => setImmediate(resolve));
    expect([third, gate.inFlight, gate.queued]).to.deep.equal([false, 2, 1]);
    first();
    first(); // releasing twice frees one slot only
    await waiting;
    expect([third, gate.inFlight, gate.queued]).to.deep.equal([true, 2, 0]);
    let fourth = false;
    const more = gate.acquire().then(() => { fourth = true; });
    gate.update(20); // limit 4
    await more;
    expect([fourth, gate.inFlight]).to.deep.equal([true, 3]);
  });

  it('takes an aborted waiter out of the queue', async () => {
    const gate = createAdaptiveConcurrency({ max: 1 });
    const release = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('stop'));
    let error: unknown;
    try { await waiting; } catch (e) { error = e; }
    expect((error as Error).message).to.equal('stop');
    expect(gate.queued).to.equal(0);
    release();
    expect(gate.inFlight).to.equal(0);
  });

  it('refuses a limit range that makes no sense', () => {
    expect(() => createAdaptiveConcurrency({ max: 0 })).to.throw(RangeError);
    expect(() => createAdaptiveConcurrency({ min: 5, max: 2 })).to.throw(RangeError);
  });
});
