import { expect } from 'chai';
import { createRateBudget, readRateLimitHeaders, type BudgetTicket, type RateBudgetOptions } from '../../../pipeline/intercom/rate-budget.ts';

const T0 = 1_800_000_000_000; // a window boundary (multiple of 10 s)

/** A pacer on a fake clock: sleeping advances the clock at once. */
function harness(options: RateBudgetOptions = {}) {
  const clock = { now: T0 + 1_000 };
  const slept: number[] = [];
  const budget = createRateBudget({
    now: () => clock.now,
    sleep: async (ms) => {
      slept.push(ms);
      clock.now += ms;
    },
    ...options,
  });
  const headers = (remaining: number, resetMs = T0 + 10_000, limit = 10) => ({ limit, remaining, resetSeconds: resetMs / 1000 });
  return { clock, slept, budget, headers };
}

/** Takes `n` tickets that must be granted without waiting. */
async function takeNow(budget: ReturnType<typeof createRateBudget>, n: number): Promise<BudgetTicket[]> {
  const tickets: BudgetTicket[] = [];
  for (let i = 0; i < n; i++) {
    const ticket = await budget.take();
    expect(ticket.waitedMs, `ticket ${i}`).to.equal(0);
    tickets.push(ticket);
  }
  return tickets;
}

describe('readRateLimitHeaders', () => {
  it('reads the three headers as numbers', () => {
    expect(readRateLimitHeaders({ 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1767225610' }))
      .to.deep.equal({ limit: 167, remaining: 3, resetSeconds: 1767225610 });
  });

  it('answers undefined when one is missing or not a number', () => {
    expect(readRateLimitHeaders({ 'x-ratelimit-limit': '167', 'x-ratelimit-remaining': '3' })).to.equal(undefined);
    expect(readRateLimitHeaders({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1' })).to.equal(undefined);
    expect(readRateLimitHeaders({})).to.equal(undefined);
  });
});

describe('createRateBudget', () => {
  it('lets one probe out first, then grants the rest once its answer tells the window', async () => {
    const { budget, headers } = harness();
    const probe = await budget.take();
    let second: BudgetTicket | undefined;
    const waiting = budget.take().then((t) => (second = t));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).to.equal(undefined);
    budget.observe(probe, headers(9), true);
    await waiting;
    expect(second?.seq).to.equal(2);
  });

  it('grants what the window has left, keeping one for safety, then waits for the reset plus the skew', async () => {
    const { budget, headers, clock, slept } = harness();
    budget.observe(await budget.take(), headers(9), true);
    // 9 left, minus the safety share (1): 8 more leave at once.
    const tickets = await takeNow(budget, 8);
    for (const t of tickets) budget.observe(t, headers(9 - (t.seq - 1)), true);
    expect(budget.snapshot()).to.include({ limit: 10, available: 0, resetAt: T0 + 10_000, confirmed: true });
    const next = await budget.take();
    expect(clock.now).to.be.at.least(T0 + 10_250);
    expect(slept.reduce((a, b) => a + b, 0)).to.be.closeTo(9_250, 1);
    expect(next.waitedMs).to.be.closeTo(9_250, 1);
    expect(budget.snapshot()).to.include({ confirmed: false, resetAt: T0 + 20_000 });
  });

  it('counts requests still in flight at a reset against the next window (they may land after it)', async () => {
    const { budget, headers, clock } = harness();
    budget.observe(await budget.take(), headers(9), true);
    await takeNow(budget, 5); // never answered before the reset
    clock.now = T0 + 10_300;
    // Full window (10) − 5 in flight − 1 safety.
    expect(budget.snapshot()?.available).to.equal(4);
  });

  it('takes the lowest remaining when answers arrive out of order', async () => {
    const { budget, headers } = harness();
    budget.observe(await budget.take(), headers(9), true);
    const [a, b, c] = await takeNow(budget, 3);
    // c overtook a and b on the way: the server says 8 left after it, yet a and b count too.
    budget.observe(c, headers(8), true);
    expect(budget.snapshot()?.available).to.equal(5); // min(8, 9 − 3) − 0 after − 1
    budget.observe(a, headers(7), true);
    budget.observe(b, headers(6), true);
    expect(budget.snapshot()?.available).to.equal(5);
  });

  it('holds everything after a 429 until the window named resets', async () => {
    const { budget, headers, clock } = harness();
    budget.observe(await budget.take(), headers(9), true);
    const [t] = await takeNow(budget, 1);
    budget.observe(t, headers(0), true); // another app spent the window
    await budget.take();
    expect(clock.now).to.be.at.least(T0 + 10_250);
  });

  it('adopts a new window as soon as an answer states it, and learns the window length', async () => {
    const { budget, headers, clock } = harness({ defaultWindowMs: 10_000 });
    budget.observe(await budget.take(), headers(1, T0 + 2_000, 4), true);
    expect(budget.snapshot()?.available).to.equal(0);
    clock.now = T0 + 2_100;
    const t = await budget.take();
    budget.observe(t, headers(3, T0 + 3_000, 4), true);
    expect(budget.snapshot()).to.include({ windowMs: 1_000, resetAt: T0 + 3_000, confirmed: true, available: 2 });
  });

  it('grows the skew allowance when an answer proves the server clock is behind', async () => {
    const { budget, headers, clock } = harness();
    budget.observe(await budget.take(), headers(9, T0 + 10_000), true);
    clock.now = T0 + 10_300; // we assume the next window ...
    const t = await budget.take();
    // ... but the server, 400 ms behind, still counts the old one and refuses.
    clock.now = T0 + 10_310;
    budget.observe(t, headers(0, T0 + 10_000), true);
    expect(budget.snapshot()).to.include({ skewMs: 250 + 300, confirmed: true, available: 0, resetAt: T0 + 10_000 });
    await budget.take();
    expect(clock.now).to.be.at.least(T0 + 10_550);
  });

  it('stops pacing when answers carry no rate-limit headers, and resumes when they do', async () => {
    const { budget, headers } = harness();
    budget.observe(await budget.take(), undefined, true);
    await takeNow(budget, 50);
    expect(budget.snapshot()).to.equal(undefined);
    const t = await budget.take();
    budget.observe(t, headers(0), true);
    expect(budget.snapshot()?.available).to.equal(0);
  });

  it('lets another probe out when the first one got no answer (a reset connection)', async () => {
    const { budget } = harness();
    budget.observe(await budget.take(), undefined, false);
    expect((await budget.take()).waitedMs).to.equal(0);
  });

  it('spreads the window over what is left of it when asked', async () => {
    const { budget, headers, clock } = harness({ spread: true });
    budget.observe(await budget.take(), headers(9), true); // 9 s left, 8 to spend
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await budget.take();
      times.push(clock.now);
      budget.observe(t, headers(8 - i), true);
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    for (const gap of gaps) expect(gap).to.be.within(1_000, 1_200);
  });

  it('reports the rate the budget allows: the average, or faster near the end of a window with budget left', async () => {
    const { budget, headers, clock } = harness();
    expect(budget.ratePerSecond()).to.equal(undefined);
    budget.observe(await budget.take(), headers(9), true);
    expect(budget.ratePerSecond()).to.equal(1); // 10 per 10 s
    clock.now = T0 + 9_000;
    expect(budget.ratePerSecond()).to.equal(8); // 8 left, 1 s to go
  });

  it('rejects a waiting take when the signal aborts', async () => {
    const budget = createRateBudget();
    const controller = new AbortController();
    budget.take();
    const waiting = budget.take(controller.signal);
    controller.abort(new Error('stop'));
    let error: unknown;
    try {
      await waiting;
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.equal('stop');
  });
});
