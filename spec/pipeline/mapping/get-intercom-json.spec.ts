import { expect } from 'chai';
import { FatalError, RetriableError } from '../../../pipeline/errors.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { getIntercomJson } from '../../../pipeline/mapping/get-intercom-json.ts';
import { readProposalCatalog } from '../../../pipeline/mapping/read-intercom-catalog.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';

describe('getIntercomJson (the map stages\' catalog reads)', () => {
  const workspace = generateDataset({ seed: 7, scale: 'tiny' }).intercom;
  let sim: IntercomSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('reads the whole catalog through 5xx answers, resets and a 429 storm, as the retry table says, instead of stopping the stage', async () => {
    sim = await startIntercomSimulator({ workspace, seed: 3, faults: { rate5xx: 0.25, rateReset: 0.15, rate429: 0.05, storm429Burst: 2 } });
    const clean = await startIntercomSimulator({ workspace });
    try {
      const catalog = await readProposalCatalog({ url: sim.url, token: sim.token });
      expect(catalog).to.deep.equal(await readProposalCatalog({ url: clean.url, token: clean.token }));
    } finally {
      await clean.close();
    }
    const faults = sim.requests.entries.map((e) => e.fault).filter(Boolean);
    expect(faults.length, 'faults met on the way').to.be.greaterThan(0);
    expect(sim.requests.entries.filter((e) => e.status === 200)).to.have.length(6);
  });

  it('stops with a RetriableError once the table\'s retries are spent, and never retries a refusal', async () => {
    sim = await startIntercomSimulator({ workspace, faults: { rate5xx: 1 } });
    const slept: number[] = [];
    const error = await getIntercomJson({ url: sim.url, token: sim.token }, '/admins', { sleep: async (ms) => { slept.push(ms); } }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(RetriableError);
    expect((error as Error).message).to.match(/^intercom: GET \/admins answered 50[023]: (server_error Server Error|service_unavailable Service Unavailable); try again$/);
    expect(slept).to.have.length(8);
    expect(sim.requests.entries).to.have.length(9);
    const refused = await readIntercomCatalog({ url: sim.url, token: 'wrong' }).then(() => null, (e: unknown) => e);
    expect(refused).to.be.instanceOf(FatalError);
    await new Promise((r) => setTimeout(r, 200)); // the other four GETs of the catalog land too
    // Each of the five paths asked once: a refusal is not retried.
    expect(new Set(sim.requests.entries.filter((e) => e.status === 401).map((e) => `${e.path}?${JSON.stringify(e.query)}`)).size).to.equal(5);
    expect(sim.requests.entries.filter((e) => e.status === 401)).to.have.length(5);
  });

  it('masks the token in a refusal whose error body echoes the request', async () => {
    const token = 'tok-0123456789"abcdef/ghij';
    const echo: typeof fetch = async (_url, init) => new Response(JSON.stringify({
      type: 'error.list', errors: [{ code: 'unauthorized', message: `you sent ${JSON.stringify((init?.headers as Record<string, string>).Authorization)}` }],
    }), { status: 401 });
    const error = await getIntercomJson({ url: 'http://intercom.test', token }, '/admins', { fetchImpl: echo }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(FatalError);
    expect((error as Error).message).to.equal('intercom: GET /admins was refused with 401: unauthorized you sent "Bearer ***". Check intercom.token in the config.');
  });
});
