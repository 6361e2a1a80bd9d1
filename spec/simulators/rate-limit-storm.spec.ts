import { expect } from 'chai';
import { createStormPlan } from '../../simulators/rate-limit-storm.ts';
import { splitFaultSpec } from '../../simulators/split-fault-spec.ts';

/** The refused requests of `count`, as 'x' (refused) and '.' (let through), one per request 1 ms apart. */
function pattern(plan: ReturnType<typeof createStormPlan>, count: number, stepMs = 1): string {
  let text = '';
  for (let i = 0; i < count; i++) text += plan.next(1_000_000 + i * stepMs).refused ? 'x' : '.';
  return text;
}

describe('429 storms (both simulators\' fault injection)', () => {
  it('refuses bursts of exactly `burst` consecutive requests, at the same places for the same seed', () => {
    const a = pattern(createStormPlan({ rate: 0.02, burst: 7 }, 3), 3000);
    expect(pattern(createStormPlan({ rate: 0.02, burst: 7 }, 3), 3000)).to.equal(a);
    expect(pattern(createStormPlan({ rate: 0.02, burst: 7 }, 4), 3000)).to.not.equal(a);
    const runs = a.match(/x+/g) ?? [];
    expect(runs.length).to.be.greaterThan(5);
    // A storm that starts inside another merges with it: every run is a whole number of bursts long.
    for (const run of runs.slice(0, -1)) expect(run.length % 7 === 0 || run.length > 7, run).to.equal(true);
    expect(Math.min(...runs.slice(0, -1).map((r) => r.length))).to.equal(7);
  });

  it('refuses every request within `ms` of a storm\'s start when the storm is a span of time', () => {
    const plan = createStormPlan({ rate: 0.05, ms: 40 }, 9);
    const seen = pattern(plan, 2000, 2); // 2 ms apart: a 40 ms storm refuses 20 requests
    const runs = seen.match(/x+/g) ?? [];
    expect(runs.length).to.be.greaterThan(3);
    expect(Math.min(...runs.slice(0, -1).map((r) => r.length))).to.be.at.least(20);
    const verdict = createStormPlan({ rate: 1, ms: 500 }, 1).next(10_000);
    expect(verdict).to.deep.equal({ refused: true, endsAt: 10_500 });
  });

  it('never refuses with a share of 0, and always with a share of 1', () => {
    expect(pattern(createStormPlan({ rate: 0 }, 1), 500)).to.not.include('x');
    expect(pattern(createStormPlan({ rate: 1, burst: 1 }, 1), 50)).to.equal('x'.repeat(50));
  });

  it('refuses bad storm settings with the setting named', () => {
    expect(() => createStormPlan({ rate: 1.5 }, 1)).to.throw(/share must be between 0 and 1/);
    expect(() => createStormPlan({ rate: 0.1, burst: 0 }, 1)).to.throw(/burst must be a whole number/);
    expect(() => createStormPlan({ rate: 0.1, ms: -5 }, 1)).to.throw(/span must be a positive number/);
  });
});

describe('sim --faults: 429 storms and slow answers', () => {
  it('gives Khoros and Intercom their own storm and slow settings', () => {
    expect(splitFaultSpec('seed=2,429=0.01,429Burst=4,intercom.429=0.002,intercom.429Ms=1500,intercom.slow=0.05,intercom.slowMs=300')).to.deep.equal({
      khoros: { seed: 2, rate429: 0.01, storm429Burst: 4 },
      intercom: { faults: { rate429: 0.002, storm429Ms: 1500, rateSlow: 0.05, slowMs: 300 } },
    });
  });

  it('refuses bad values with a clear error naming the entry', () => {
    expect(() => splitFaultSpec('intercom.429=2')).to.throw('"intercom.429=2" is a share and must be between 0 and 1');
    expect(() => splitFaultSpec('intercom.429Burst=2.5')).to.throw('"intercom.429Burst=2.5" is a number of requests');
    expect(() => splitFaultSpec('intercom.429Ms=0')).to.throw('"intercom.429Ms=0" is a storm\'s span');
    expect(() => splitFaultSpec('intercom.slow=x')).to.throw('"intercom.slow=x" needs a non-negative number');
    expect(() => splitFaultSpec('intercom.storm=0.1')).to.throw(/unknown Intercom fault "storm"; use .*intercom\.429, intercom\.429Burst/);
    expect(() => splitFaultSpec('intercom.429Burst=3,intercom.429Ms=100')).to.throw(/both intercom.429Burst and intercom.429Ms/);
    expect(() => splitFaultSpec('429=1.2')).to.throw('"429=1.2" is a share and must be between 0 and 1');
    expect(() => splitFaultSpec('429Burst=0')).to.throw('"429Burst=0" is a number of requests');
    expect(() => splitFaultSpec('429Burst=3,429Ms=100')).to.throw(/both 429Burst and 429Ms/);
  });
});
