import { expect } from 'chai';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { readIntercomContacts } from '../../../pipeline/transform/read-intercom-contacts.ts';

type Obj = Record<string, any>;

/** A client answering `GET /contacts` from `contacts`, `perPage` at a time, counting requests. */
function listingClient(contacts: Obj[]): IntercomClient & { sent: Obj[] } {
  const sent: Obj[] = [];
  return {
    baseUrl: 'http://intercom.test', sent,
    async request<T>(method: string, path: string, options?: Obj): Promise<T> {
      sent.push({ method, path, query: options?.searchParams });
      const perPage = Number(options?.searchParams?.per_page);
      const start = options?.searchParams?.starting_after ? Number(options.searchParams.starting_after) : 0;
      const data = contacts.slice(start, start + perPage);
      const next = start + perPage < contacts.length ? { starting_after: String(start + perPage) } : null;
      return { type: 'list', data, pages: { next } } as T;
    },
    stats: () => ({ requests: sent.length }) as any,
  };
}

const mapping = { objects: { customers: { fields: [{ source: 'id', target: { standard: 'external_id' } }, { source: 'email', target: { standard: 'email' } }] } } } as unknown as Mapping;

describe('readIntercomContacts (one walk of GET /contacts, matches kept in the workspace)', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await openWorkspace(':memory:', { runId: 'run-1', stage: 'import' });
    const customer = (id: string, email: string | null) => ({ key: id, payload: { id, email } });
    await workspace.writePage({
      family: 'customers', stream: 'customers', endpoint: 'GET /fixtures/customers', quarantined: [], checkpoint: { done: true },
      rows: [customer('C1', 'one@example.com'), customer('C2', 'Two@Example.com'), customer('C3', 'three@example.com'),
        customer('C4', 'shared@example.com'), customer('C5', 'SHARED@example.com'), customer('C6', null)],
    });
  });
  afterEach(() => workspace.close());

  it('keeps the best match per customer: external id, else a user by email (case aside), else a lead; ties go to the first listed', async () => {
    const client = listingClient([
      { id: 'lead-1', role: 'lead', email: 'one@example.com' },
      { id: 'user-1', role: 'user', email: 'ONE@example.com' },
      { id: 'ext-1', role: 'user', external_id: 'C1', email: 'other@example.com', custom_attributes: { tier: 'gold' } },
      { id: 'lead-2', role: 'lead', email: 'two@example.com' },
      { id: 'lead-2b', role: 'lead', email: 'two@example.com' },
      { id: 'user-3', role: 'user', email: 'three@example.com' },
      { id: 'user-3b', role: 'user', email: 'three@example.com' },
      { id: 'shared', role: 'user', email: 'shared@example.com' },
      { id: 'nobody', role: 'user', email: 'nobody@example.com' },
    ]);
    const index = await readIntercomContacts({ workspace, intercom: client, mapping, perPage: 2 });
    expect(index.listed).to.equal(9);
    expect(index.requests).to.equal(5);
    expect(index.matched).to.equal(4);
    const matches = await index.matchesOf(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(Object.fromEntries([...matches].map(([k, m]) => [k, `${m.contact.id} by ${m.matchedBy}`]))).to.deep.equal({
      C1: 'ext-1 by external_id', C2: 'lead-2 by email', C3: 'user-3 by email', C4: 'shared by email',
    });
    expect(matches.get('C1')!.contact).to.include({ role: 'user', external_id: 'C1', email: 'other@example.com' });
    expect(matches.get('C1')!.contact.custom_attributes).to.deep.equal({ tier: 'gold' });
    expect(index.sharedEmails.get('shared@example.com')).to.deep.equal(['C4', 'C5']);
    // Only the chunk asked for is read.
    expect([...(await index.matchesOf(['C3'])).keys()]).to.deep.equal(['C3']);
    expect((await index.matchesOf([])).size).to.equal(0);
  });

  it('keeps the matches in a temporary table of the workspace, not in the file, and drops it on release', async () => {
    const index = await readIntercomContacts({ workspace, intercom: listingClient([{ id: 'u', role: 'user', email: 'one@example.com' }]), mapping });
    const temp = () => workspace.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'k2i_%'`);
    expect((await temp()).map((t) => t.name)).to.have.length(1).and.to.satisfy((names: string[]) => names[0].startsWith('k2i_contact_matches_'));
    expect((await index.matchesOf(['C1'])).get('C1')?.contact.id).to.equal('u');
    await index.release();
    await index.release();
    expect(await temp()).to.deep.equal([]);
    expect((await index.matchesOf(['C1'])).size).to.equal(0);
  });

  it('gives each walk its own tables: a second walk leaves the first one readable', async () => {
    const first = await readIntercomContacts({ workspace, intercom: listingClient([{ id: 'a', role: 'user', email: 'one@example.com' }]), mapping });
    const second = await readIntercomContacts({ workspace, intercom: listingClient([{ id: 'b', role: 'user', email: 'one@example.com' }]), mapping });
    expect((await first.matchesOf(['C1'])).get('C1')?.contact.id).to.equal('a');
    expect((await second.matchesOf(['C1'])).get('C1')?.contact.id).to.equal('b');
    await Promise.all([first.release(), second.release()]);
  });
});
