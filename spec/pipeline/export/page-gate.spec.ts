import { expect } from 'chai';
import { lastValueFrom } from 'rxjs';
import { createPageGate, gateClients, PAGES_WAITING_LIMIT } from '../../../pipeline/export/page-gate.ts';
import { stageFamily } from '../../../pipeline/export/stage-family.ts';
import type { KhorosApi, KhorosClients } from '../../../pipeline/khoros/khoros-api.ts';
import { paginate } from '../../../pipeline/khoros/sources/paginate.ts';
import type { Workspace, WorkspacePage } from '../../../pipeline/workspace/workspace.ts';

const PAGES = 60;

/** Clients whose `crm.json` answers page N of PAGES at once, counting the calls. */
function fastClients(): KhorosClients & { calls: number } {
  const api = (family: string): KhorosApi => ({
    family, baseUrl: `http://${family}.test`,
    async json<T>(_path: string, options?: { searchParams?: Record<string, unknown> }): Promise<T> {
      out.calls += 1;
      const page = Number(options?.searchParams?.page ?? 0);
      return { records: [{ id: `C${String(page).padStart(7, '0')}`, email: null }], next: page + 1 < PAGES ? page + 1 : null } as T;
    },
    download: () => Promise.reject(new Error('no downloads here')),
  });
  const out = {
    calls: 0,
    care: api('care'), careOther: api('careOther'), analytics: api('analytics'), community: api('community'), marketing: api('marketing'), crm: api('crm'), files: api('files'),
    stats: () => ({ requests: {}, rateLimited: {}, retries: {}, waitedMs: {} }),
  };
  return out;
}

/** A workspace whose page writes finish only when the spec lets them. */
function heldWorkspace() {
  const waiting: (() => void)[] = [];
  const written: WorkspacePage[] = [];
  const workspace = {
    writePage: (page: WorkspacePage) => new Promise<void>((resolve) => waiting.push(() => { written.push(page); resolve(); })),
    recordCaseIdCollision: async () => {},
  } as unknown as Workspace;
  return { workspace, written, releaseAll: () => { for (const go of waiting.splice(0)) go(); }, waiting };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('export backpressure (page gate): a source faster than the workspace waits for it', () => {
  it('stops asking the API while PAGES_WAITING_LIMIT pages wait for the writer, and goes on as they are written; nothing is lost', async () => {
    const clients = fastClients();
    const gate = createPageGate();
    const held = heldWorkspace();
    const entry = {
      family: 'customers',
      create: () => (c: KhorosClients) => paginate<{ page: number }>({
        family: 'customers', stream: 'customers-spec', initial: { page: 0 },
        fetch: async ({ page }) => {
          const body = await c.crm.json<{ records: unknown[]; next: number | null }>('/customers', { searchParams: { page } });
          return { endpoint: 'GET /customers', records: body.records, next: { page: body.next ?? page }, done: body.next === null };
        },
      }, new Map()),
    };
    const done = lastValueFrom(stageFamily(entry as never, {
      clients: gateClients(clients, gate), gate, workspace: held.workspace,
      validatorFor: () => Object.assign(() => true, { errors: null }) as never,
      sourceOptions: {} as never, checkpoints: new Map(), seenCaseIds: new Map() as never,
    }), { defaultValue: undefined });

    for (let i = 0; i < 50; i += 1) await tick();
    // The source has been asked for the limit's pages, and one more request is held at the gate.
    expect(clients.calls).to.equal(PAGES_WAITING_LIMIT);
    expect(gate.waiting).to.equal(PAGES_WAITING_LIMIT);
    expect(held.written).to.have.length(0);

    // Writes finish a batch at a time; the source resumes each time, never past the limit.
    while (held.written.length < PAGES) {
      held.releaseAll();
      for (let i = 0; i < 20; i += 1) await tick();
      expect(gate.waiting).to.be.at.most(PAGES_WAITING_LIMIT);
      expect(clients.calls - held.written.length).to.be.at.most(PAGES_WAITING_LIMIT);
    }
    await done;
    expect(clients.calls).to.equal(PAGES);
    expect(held.written.map((p) => p.rows[0].key)).to.deep.equal(Array.from({ length: PAGES }, (_, i) => `C${String(i).padStart(7, '0')}`));
    expect(gate.waiting).to.equal(0);
  });

  it('lets the places of a family that stops go, so the other families of the run do not wait forever', async () => {
    const gate = createPageGate(2);
    gate.entered();
    gate.entered();
    let passed = false;
    const waiter = gate.ready().then(() => { passed = true; });
    await tick();
    expect(passed).to.equal(false);
    gate.left();
    await waiter;
    expect(passed).to.equal(true);
    expect(() => createPageGate(0)).to.throw(RangeError, /page gate limit 0/);
  });
});
