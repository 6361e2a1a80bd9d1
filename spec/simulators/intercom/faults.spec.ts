import { expect } from 'chai';
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
