import { expect } from 'chai';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: rate limit', () => {
  let sim: IntercomSimulator;
  afterEach(() => sim?.close());

  it('advertises ceil(quota / 6) per 10-second window on every authenticated answer', async () => {
    let nowMs = 1_750_000_003_000;
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), clock: () => nowMs });
    const ok = await callApi(sim, 'GET', '/me');
    expect(ok.headers.get('x-ratelimit-limit')).to.equal('1667');
    expect(ok.headers.get('x-ratelimit-remaining')).to.equal('1666');
    expect(ok.headers.get('x-ratelimit-reset')).to.equal('1750000010');
    const missing = await callApi(sim, 'GET', '/nowhere');
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('x-ratelimit-remaining')).to.equal('1665');
    nowMs += 10_000;
    expect((await callApi(sim, 'GET', '/me')).headers.get('x-ratelimit-remaining')).to.equal('1666');
  });

  it('answers 429 rate_limit_exceeded past the window limit, until the window resets', async () => {
    let nowMs = 1_750_000_000_000;
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), ratePerMinute: 60, clock: () => nowMs });
    for (let i = 0; i < 10; i++) expect((await callApi(sim, 'GET', '/tags')).status).to.equal(200);
    const limited = await callApi(sim, 'GET', '/tags');
    expect(limited.status).to.equal(429);
    expect(limited.body.errors[0]).to.deep.equal({ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 10 in 10_seconds' });
    expect(limited.headers.get('x-ratelimit-remaining')).to.equal('0');
    expect(limited.headers.get('x-ratelimit-reset')).to.equal('1750000010');
    nowMs += 10_000;
    expect((await callApi(sim, 'GET', '/tags')).status).to.equal(200);
  });

  it('gives 429s to a client that ignores the headers', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), ratePerMinute: 60, windowSeconds: 1 });
    const answers = await Promise.all(Array.from({ length: 30 }, () => callApi(sim, 'GET', '/contacts?per_page=1')));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).to.be.at.least(10);
    expect(limited[0].body.errors[0].message).to.equal('Exceeded rate limit of 10 in 1_seconds');
  });

  it('gives none to a client that waits for the reset when remaining hits 0', async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), ratePerMinute: 60, windowSeconds: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const answer = await callApi(sim, 'GET', '/contacts?per_page=1');
      statuses.push(answer.status);
      if (answer.headers.get('x-ratelimit-remaining') === '0') {
        const resetMs = Number(answer.headers.get('x-ratelimit-reset')) * 1000;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, resetMs - Date.now()) + 5));
      }
    }
    expect(statuses.filter((s) => s === 429)).to.deep.equal([]);
    expect(sim.requests.entries).to.have.length(25);
  });
});
