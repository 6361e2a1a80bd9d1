import { expect } from 'chai';
import { createFaultPlan, type FaultRates } from '../../../simulators/intercom/faults.ts';
import { createLatency } from '../../../simulators/intercom/latency.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

async function outcomes(seed: number, count: number): Promise<string[]> {
  const sim = await startIntercomSimulator({ workspace: smallWorkspace(), seed, faults: { rate5xx: 0.2, rateReset: 0.1 } });
  const seen: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      try {
        const { status, body } = await callApi(sim, 'GET', '/tags');
        seen.push(status === 200 ? '200' : `${status}:${body.errors[0].code}`);
      } catch {
        seen.push('reset');
      }
    }
    expect(sim.requests.entries.map((e) => e.status ?? 'reset').map(String)).to.deep.equal(seen.map((s) => s.split(':')[0]));
  } finally {
    await sim.close();
  }
  return seen;
}

describe('Intercom simulator: faults and latency', () => {
  let sim: IntercomSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('gives the same fault sequence for the same seed, and another for another seed', async () => {
    const first = await outcomes(7, 40);
    expect(await outcomes(7, 40)).to.deep.equal(first);
    expect(await outcomes(8, 40)).not.to.deep.equal(first);
    expect(first).to.include('reset');
    expect(first.some((o) => /^50[023]:(server_error|service_unavailable)$/.test(o))).to.equal(true);
    expect(first.filter((o) => o === '200').length).to.be.greaterThan(20);
  });

  it('applies the write and still answers 503 with rate5xxAfterWrite', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), faults: { rate5xxAfterWrite: 1 } });
    const created = await callApi(sim, 'POST', '/contacts', { external_id: 'written-anyway' });
    expect(created.status).to.equal(503);
    expect(created.body.errors[0].code).to.equal('service_unavailable');
    const found = await callApi(sim, 'GET', '/contacts/find_by_external_id/written-anyway');
    expect(found.status).to.equal(200);
    expect((await callApi(sim, 'POST', '/contacts', { external_id: 'written-anyway' })).status).to.equal(409);
    expect(sim.requests.entries[0]).to.include({ status: 503, fault: '5xxAfterWrite' });
  });

  it('never faults the inspection endpoints', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), faults: { rate5xx: 1 } });
    expect((await callApi(sim, 'GET', '/me')).status).to.be.within(500, 503);
    expect((await fetch(`${sim.inspectUrl}/state`)).status).to.equal(200);
  });

  it('draws latency from a seeded log-normal fitted to p50 and p99', () => {
    const a = createLatency({ p50Ms: 150, p99Ms: 800 }, 42);
    const b = createLatency({ p50Ms: 150, p99Ms: 800 }, 42);
    const samples = Array.from({ length: 20_000 }, () => a());
    expect(samples.slice(0, 50)).to.deep.equal(Array.from({ length: 50 }, () => b()));
    const sorted = [...samples].sort((x, y) => x - y);
    expect(sorted[10_000]).to.be.within(135, 165);
    expect(sorted[19_800]).to.be.within(680, 940);
    expect(createLatency(null, 1)()).to.equal(0);
  });

  it('delays answers by the drawn latency', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), latency: { p50Ms: 40, p99Ms: 60 } });
    const started = Date.now();
    await callApi(sim, 'GET', '/me');
    expect(Date.now() - started).to.be.at.least(25);
  });
});

describe('Intercom simulator: 429 storms and slow answers', () => {
  let sim: IntercomSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('answers a storm\'s burst with the documented 429 rate_limit_exceeded and the rate-limit headers, then serves again', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), seed: 4, ratePerMinute: 60_000, faults: { rate429: 0.05, storm429Burst: 4 } });
    const answers = [];
    for (let i = 0; i < 200; i++) answers.push(await callApi(sim, 'GET', '/tags'));
    const statuses = answers.map((a) => (a.status === 429 ? 'x' : a.status === 200 ? '.' : '?')).join('');
    expect(statuses).to.match(/^[.x]+$/);
    const runs = statuses.slice(0, statuses.lastIndexOf('.')).match(/x+/g) ?? [];
    expect(runs.length).to.be.greaterThan(1);
    for (const run of runs) expect(run.length % 4 === 0 || run.length > 4, run).to.equal(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body).to.deep.include({ type: 'error.list' });
    expect(refused.body.errors[0]).to.deep.equal({ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 10000 in 10_seconds' });
    expect(refused.headers.get('x-ratelimit-limit')).to.equal('10000');
    expect(refused.headers.get('x-ratelimit-remaining')).to.equal('0');
    expect(Number(refused.headers.get('x-ratelimit-reset'))).to.be.within(Date.now() / 1000, Date.now() / 1000 + 11);
    expect(sim.requests.entries.filter((e) => e.fault === '429').map((e) => e.status)).to.have.length(statuses.split('x').length - 1).and.satisfy((s: number[]) => s.every((x) => x === 429));
  });

  it('does not apply a create that a storm refused', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), faults: { rate429: 1, storm429Burst: 1 } });
    expect((await callApi(sim, 'POST', '/contacts', { external_id: 'never-written' })).status).to.equal(429);
    expect((await fetch(`${sim.inspectUrl}/state`).then((r) => r.json()) as { contacts: { external_id?: string }[] }).contacts.map((c) => c.external_id)).to.not.include('never-written');
  });

  it('holds a slow answer back by slowMs, at the same requests for the same seed', async () => {
    const slowOnes = async () => {
      const s = await startIntercomSimulator({ workspace: smallWorkspace(), seed: 6, faults: { rateSlow: 0.25, slowMs: 60 } });
      try {
        const seen: boolean[] = [];
        for (let i = 0; i < 16; i++) {
          const started = Date.now();
          expect((await callApi(s, 'GET', '/me')).status).to.equal(200);
          seen.push(Date.now() - started >= 55);
        }
        expect(s.requests.entries.map((e) => e.fault === 'slow')).to.deep.equal(seen);
        return seen;
      } finally {
        await s.close();
      }
    };
    const first = await slowOnes();
    expect(first.filter(Boolean).length).to.be.within(1, 12);
    expect(await slowOnes()).to.deep.equal(first);
  });

  it('keeps the 5xx and reset sequence of a seed whether storms and slow answers are on or not', async () => {
    const plan = (rates: FaultRates) => {
      const p = createFaultPlan(rates, 7);
      return Array.from({ length: 300 }, () => p.next(true, 0).kind).filter((k) => k === '5xx' || k === 'reset' || k === '5xxAfterWrite');
    };
    const base = plan({ rate5xx: 0.1, rateReset: 0.05, rate5xxAfterWrite: 0.05 });
    const mixed = createFaultPlan({ rate5xx: 0.1, rateReset: 0.05, rate5xxAfterWrite: 0.05, rateSlow: 0.3, rate429: 0.01, storm429Burst: 3 }, 7);
    const kinds = Array.from({ length: 300 }, () => mixed.next(true, 0).kind);
    // Every request a storm or a slow answer took kept its place: the rest match the plain sequence.
    const plainAgain = createFaultPlan({ rate5xx: 0.1, rateReset: 0.05, rate5xxAfterWrite: 0.05 }, 7);
    const expected = Array.from({ length: 300 }, () => plainAgain.next(true, 0).kind);
    kinds.forEach((kind, i) => { if (kind !== '429' && kind !== 'slow') expect(kind, `request ${i}`).to.equal(expected[i]); });
    expect(kinds).to.include('429').and.to.include('slow');
    expect(base.length).to.be.greaterThan(20);
  });
});
