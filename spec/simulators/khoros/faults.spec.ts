import { expect } from 'chai';
import got, { RequestError } from 'got';
import { Agent } from 'node:http';
import { startKhorosSimulator } from '../../../simulators/khoros/server.ts';
import type { FaultSpec } from '../../../simulators/khoros/faults.ts';
import { fixtureDataset } from './fixture.ts';

const SLOW_MS = 300;
const RATES: Partial<FaultSpec> = { rate5xx: 0.15, rateReset: 0.15, rateSlow: 0.1, slowMs: SLOW_MS, ratePlainText: 0.15, rateTruncated: 0.15 };
const REQUESTS = 40;

/**
 * What a client sees for each of `REQUESTS` sequential Care calls, and what the simulator
 * logged as the fault of each.
 */
async function outcomes(seed: number): Promise<{ seen: string[]; logged: string[] }> {
  const sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000, faults: { ...RATES, seed } });
  // No keep-alive: a reset or truncated answer must not poison the next request's socket.
  const agent = new Agent({ keepAlive: false });
  const authorization = `Basic ${Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64')}`;
  const seen: string[] = [];
  try {
    for (let i = 0; i < REQUESTS; i++) {
      const path = i % 2 ? '/api/v2/conversations/conv-0001' : '/api/v2/authors/person-0001';
      const started = Date.now();
      try {
        const res = await got(`${sim.urls.care}${path}`, { headers: { authorization }, agent: { http: agent }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
        const elapsed = Date.now() - started;
        if (res.statusCode >= 500) seen.push(`5xx:${res.statusCode}`);
        else if (!String(res.headers['content-type']).startsWith('application/json')) seen.push('plaintext');
        else if (!parses(res.body)) seen.push('truncated');
        else seen.push(elapsed >= SLOW_MS * 0.9 ? 'slow' : 'none');
      } catch (error) {
        // A reset never sends headers; a truncated body arrives after them (short content).
        if (!(error instanceof RequestError)) throw error;
        seen.push(error.response ? 'truncated' : `reset:${error.code}`);
      }
    }
    const logged = sim.requests.list('care').map((e) => (e.fault === '5xx' ? `5xx:${e.status}` : e.fault ?? 'none'));
    return { seen, logged };
  } finally {
    agent.destroy();
    await sim.close();
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('Khoros simulator: fault injection', function () {
  this.timeout(60_000);

  it('gives the same sequence of outcomes for the same seed, covering every kind of fault', async () => {
    const first = await outcomes(7);
    const second = await outcomes(7);
    expect(second.seen).to.deep.equal(first.seen);
    const kinds = new Set(first.seen.map((o) => o.split(':')[0]));
    expect([...kinds].sort()).to.deep.equal(['5xx', 'none', 'plaintext', 'reset', 'slow', 'truncated']);
    // got reports a reset as "socket hang up" with code ECONNRESET.
    for (const outcome of first.seen.filter((o) => o.startsWith('reset'))) expect(outcome).to.equal('reset:ECONNRESET');
  });

  it('shows the client exactly the faults the simulator logged', async () => {
    const { seen, logged } = await outcomes(11);
    expect(seen.map((o) => o.split(':')[0] === 'reset' ? 'reset' : o)).to.deep.equal(logged);
  });

  it('gives a different sequence for a different seed', async () => {
    const a = await outcomes(7);
    const b = await outcomes(8);
    expect(b.seen).to.not.deep.equal(a.seen);
  });
});

describe('Khoros simulator: 429 storms', function () {
  this.timeout(30_000);

  /** `count` sequential Care calls: each answer's status and Retry-After header. */
  async function storm(overrides: Partial<FaultSpec>, retryAfter: 'seconds' | 'none' = 'seconds', count = 120) {
    const sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000, retryAfter, faults: { seed: 5, ...overrides } });
    const authorization = `Basic ${Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64')}`;
    try {
      const answers: { status: number; retryAfter?: string; body: string }[] = [];
      for (let i = 0; i < count; i++) {
        const res = await got(`${sim.urls.care}/api/v2/authors/person-0001`, { headers: { authorization }, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
        answers.push({ status: res.statusCode, retryAfter: res.headers['retry-after'] as string | undefined, body: res.body });
      }
      return { answers, logged: sim.requests.list('care').map((e) => e.fault ?? 'none') };
    } finally {
      await sim.close();
    }
  }

  it('refuses a storm\'s burst of consecutive calls with the family\'s own 429 and Retry-After, at the same calls for the same seed', async () => {
    const first = await storm({ rate429: 0.05, storm429Burst: 5 });
    const statuses = first.answers.map((a) => (a.status === 429 ? 'x' : a.status === 200 ? '.' : '?')).join('');
    expect(statuses).to.match(/^[.x]+$/);
    const runs = statuses.slice(0, statuses.lastIndexOf('.')).match(/x+/g) ?? [];
    expect(runs.length).to.be.greaterThan(0);
    for (const run of runs) expect(run.length % 5 === 0 || run.length > 5, run).to.equal(true);
    const refused = first.answers.find((a) => a.status === 429)!;
    expect(JSON.parse(refused.body)).to.deep.equal({ status: 'fail', message: 'Rate limit exceeded' });
    expect(refused.retryAfter).to.equal('1');
    expect(first.logged.filter((f) => f === '429')).to.have.length(statuses.split('x').length - 1);
    expect((await storm({ rate429: 0.05, storm429Burst: 5 })).answers.map((a) => a.status)).to.deep.equal(first.answers.map((a) => a.status));
  });

  it('names the end of a storm that is a span of time in Retry-After, and sends a bare 429 with retryAfter "none"', async () => {
    const span = await storm({ rate429: 1, storm429Ms: 5000 }, 'seconds', 3);
    expect(span.answers.map((a) => a.status)).to.deep.equal([429, 429, 429]);
    expect(Number(span.answers[0].retryAfter)).to.be.within(4, 5);
    const bare = await storm({ rate429: 1, storm429Burst: 2 }, 'none', 3);
    expect(bare.answers.map((a) => a.status)).to.deep.equal([429, 429, 429]);
    expect(bare.answers.every((a) => a.retryAfter === undefined)).to.equal(true);
  });
});
