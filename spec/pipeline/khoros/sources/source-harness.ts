/**
 * What every source spec shares: a Khoros simulator on the tiny dataset, the real clients
 * (`createKhorosClients`) pointed at it, and `behavesLikeASource`, the contract each source
 * must keep: exactly the dataset's records, once each, in the minimum requests; resumable
 * from every page's checkpoint; a `done` checkpoint emits nothing; cold; stops requesting
 * when unsubscribed; client errors flow down the stream.
 */
import { expect } from 'chai';
import { lastValueFrom, take, toArray } from 'rxjs';
import type { Config } from '../../../../pipeline/config.ts';
import { createKhorosClients } from '../../../../pipeline/khoros/create-khoros-clients.ts';
import type { KhorosApi, KhorosClients, KhorosRequestOptions } from '../../../../pipeline/khoros/khoros-api.ts';
import type { Source, StreamCheckpoint } from '../../../../pipeline/khoros/source-page.ts';
import { keyOf } from '../../../../pipeline/khoros/sources/keys.ts';
import type { PageWithMissing } from '../../../../pipeline/khoros/sources/paginate.ts';
import { generateDataset } from '../../../../simulators/dataset/generate-dataset.ts';
import type { Dataset } from '../../../../simulators/dataset/types.ts';
import type { LoggedRequest } from '../../../../simulators/khoros/request-log.ts';
import { startKhorosSimulator, type KhorosSimOptions, type KhorosSimulator } from '../../../../simulators/khoros/server.ts';

/** The simulator's Analytics job duration in these specs. */
export const JOB_MS = 50;
/** Report options that poll once per job against `JOB_MS`. */
export const FAST_REPORT = { firstPollMs: JOB_MS + 30 };

/** The `khoros` config slice that reaches a simulator (as `startSimulators` builds it). */
export function configOf(sim: KhorosSimulator, overrides: Partial<Config['khoros']> = {}): Config['khoros'] {
  const s = sim.settings;
  return {
    care: sim.urls.care, username: s.username, password: s.password,
    analytics: sim.urls.analytics, companyKey: s.companyKey,
    community: sim.urls.community, marketing: sim.urls.marketing, marketingToken: s.marketingToken,
    environment: s.environment, companyId: s.companyId,
    crm: sim.urls.crm, files: sim.urls.files, admin: sim.urls._admin,
    ...overrides,
  };
}

/** A running simulator for one `describe`, with fresh clients on demand. */
export interface SimContext {
  dataset: Dataset;
  sim(): KhorosSimulator;
  /** Fresh clients (a fresh Community session each time). */
  clients(overrides?: Partial<Config['khoros']>): KhorosClients;
}

/**
 * Starts a simulator before the suite and stops it after.
 *
 * @example
 * const ctx = useSimulator();
 * it('...', async () => { await collect(customersSource(), ctx.clients()); });
 */
export function useSimulator(options: Omit<KhorosSimOptions, 'dataset'> = {}): SimContext {
  const dataset = generateDataset({ seed: 1, scale: 'tiny' });
  let sim: KhorosSimulator | undefined;
  before(async () => {
    sim = await startKhorosSimulator({ dataset, quotaScale: 1000, analyticsJobMs: JOB_MS, ...options });
  });
  after(async () => {
    await sim?.close();
  });
  const current = () => {
    if (!sim) throw new Error('the simulator is not running');
    return sim;
  };
  return {
    dataset,
    sim: current,
    clients: (overrides) => createKhorosClients(configOf(current(), overrides), { quotaScale: 1000 }),
  };
}

/**
 * Clients whose `family` answers `json` with `answer` (a test double over the real clients).
 *
 * @example
 * const stuck = stubJson(ctx.clients(), 'crm', async () => ({ customers: [], nextCursor: 'same' }));
 */
export function stubJson(clients: KhorosClients, family: Exclude<keyof KhorosClients, 'stats'>, answer: (path: string, options?: KhorosRequestOptions) => Promise<unknown>): KhorosClients {
  const api = clients[family];
  return { ...clients, [family]: { ...api, family: api.family, baseUrl: api.baseUrl, download: api.download, json: answer as KhorosApi['json'] } };
}

/** Every page of a source run. */
export function collect(source: Source, clients: KhorosClients, resumeFrom: ReadonlyMap<string, StreamCheckpoint> = new Map()): Promise<PageWithMissing[]> {
  return lastValueFrom(source(clients, resumeFrom).pipe(toArray()));
}

/** The keys of the pages' records, in order (duplicates kept, so they can be found). */
export function keysOf(pages: PageWithMissing[]): string[] {
  return pages.flatMap((p) => p.records.map((r) => String(keyOf(p.family, r as Record<string, unknown>))));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a source must do, and how to check it. */
export interface SourceContract {
  family: string;
  stream: string;
  /** The source as the export builds it (default options). */
  source(): Source;
  /** A variant with several pages (small page sizes), for resume and unsubscribe checks. */
  paged?(): Source;
  /** The keys the dataset holds for the family. */
  expected(ctx: SimContext): string[];
  /** The source's requests among the logged ones (logins and other families excluded). */
  counts(request: LoggedRequest): boolean;
  /** The fewest requests the API allows for the dataset. */
  minimum(ctx: SimContext): number;
  /** Requests the first page of `paged()` takes. @default 1 */
  firstPage?: number;
}

/**
 * Defines the contract's cases for one source.
 *
 * @example
 * behavesLikeASource(ctx, { family: 'customers', stream: 'customers', source: () => customersSource(), ... });
 */
export function behavesLikeASource(ctx: SimContext, contract: SourceContract): void {
  const { family, stream } = contract;
  const paged = () => (contract.paged ?? contract.source)();
  const spent = () => ctx.sim().requests.list().filter(contract.counts);

  it('emits exactly the dataset records, once each, spending the minimum requests', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(contract.source(), ctx.clients());
    const keys = keysOf(pages);
    expect(new Set(keys).size, 'no duplicates').to.equal(keys.length);
    expect([...keys].sort()).to.deep.equal([...contract.expected(ctx)].sort());
    expect(pages.every((p) => p.family === family && p.stream === stream)).to.equal(true);
    expect(pages.at(-1)?.checkpoint.done).to.equal(true);
    expect(pages.slice(0, -1).every((p) => p.checkpoint.done === false)).to.equal(true);
    expect(spent().map((r) => `${r.method} ${r.path}`), 'requests').to.have.length(contract.minimum(ctx));
    expect(spent().every((r) => r.status === 200)).to.equal(true);
  });

  it("resumes from each page's checkpoint with exactly the remaining records", async () => {
    const pages = await collect(paged(), ctx.clients());
    const expected = [...contract.expected(ctx)].sort();
    for (let k = 0; k < pages.length - 1; k++) {
      const resumed = await collect(paged(), ctx.clients(), new Map([[stream, pages[k].checkpoint]]));
      const keys = [...keysOf(pages.slice(0, k + 1)), ...keysOf(resumed)];
      expect(new Set(keys).size, `after page ${k}: no duplicates`).to.equal(keys.length);
      expect(keys.sort(), `after page ${k}`).to.deep.equal(expected);
    }
  });

  it('emits nothing and requests nothing from a done checkpoint', async () => {
    const pages = await collect(paged(), ctx.clients());
    ctx.sim().requests.clear();
    const again = await collect(paged(), ctx.clients(), new Map([[stream, pages.at(-1)!.checkpoint]]));
    expect(again).to.deep.equal([]);
    expect(spent()).to.deep.equal([]);
  });

  it('is cold: nothing is requested before subscription', async () => {
    ctx.sim().requests.clear();
    const pages$ = paged()(ctx.clients(), new Map());
    await sleep(30);
    expect(spent()).to.deep.equal([]);
    await lastValueFrom(pages$.pipe(toArray()));
    expect(spent()).to.not.be.empty;
  });

  it('stops requesting once the consumer unsubscribes', async () => {
    const all = (await collect(paged(), ctx.clients())).length;
    ctx.sim().requests.clear();
    await collect(paged(), ctx.clients());
    const full = spent().length;
    ctx.sim().requests.clear();
    const first = await lastValueFrom(paged()(ctx.clients(), new Map()).pipe(take(1), toArray()));
    await sleep(150);
    expect(first).to.have.length(1);
    expect(spent().length, 'requests for one page, none after unsubscribing').to.equal(contract.firstPage ?? 1);
    if (all > 1) expect(spent().length).to.be.below(full);
  });

  it('passes a client error down the stream', async () => {
    const clients = ctx.clients({ password: 'wrong-password', companyKey: 'wrong-key', marketingToken: 'wrong-token' });
    const error = await collect(contract.source(), clients).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as { code?: string }).code).to.equal('khoros_unauthorized');
  });
}
