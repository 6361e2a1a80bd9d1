import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { RetriableError } from '../../../pipeline/errors.ts';
import { runImport, type ImportSummary } from '../../../pipeline/import.ts';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { runProvision } from '../../../pipeline/provision.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import type { FaultRates } from '../../../simulators/intercom/faults.ts';
import { confirmTiny, freshIntercom, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';

type State = Record<string, Record<string, any>[]>;
type Obj = Record<string, any>;

/** Parts that carry history (replies and notes), not the migration's own state, assignment or attribute parts. */
const HISTORY = new Set(['comment', 'note', 'open']);

/**
 * What the migration put in Intercom, independent of generated ids: contacts by external id,
 * conversations by their key attribute, each with its parts (kind, author kind or admin, time, body).
 */
function snapshot(state: State, keyAttributes: string[]) {
  const contacts = state.contacts.filter((c) => c.external_id).map((c) => [c.external_id, c.role, c.email, c.name]).sort();
  const conversations = state.conversations
    .map((c) => {
      const key = keyAttributes.map((a) => c.custom_attributes?.[a]).find((v) => v !== undefined && v !== null);
      const parts = (c.conversation_parts?.conversation_parts ?? [])
        .filter((p: Obj) => p.part_type !== 'conversation_attribute_updated_by_admin')
        .map((p: Obj) => [p.part_type, p.author?.type === 'admin' ? `admin:${p.author.id}` : p.author?.type, HISTORY.has(p.part_type) ? p.created_at : null, p.body ?? null,
          (p.attachments ?? []).map((a: Obj) => a.name)]);
      return { key: String(key), created_at: c.created_at, state: c.state, admin_assignee_id: c.admin_assignee_id, tags: (c.tags?.tags ?? []).map((t: Obj) => t.id).sort(), parts };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { contacts, conversations };
}

describe('import (tiny dataset: export → propose → confirm → provision → import, against the Intercom simulator)', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  let mapping: Mapping;
  let keyAttributes: string[];
  const closing: (() => Promise<void>)[] = [];

  before(async () => {
    tiny = await confirmTiny();
    mapping = parse(await readFile(tiny.mappingPath, 'utf8')) as Mapping;
    const care = mapping.objects.conversations.fields.find((r) => r.source === 'lswUuid' && 'attribute' in r.target);
    keyAttributes = [mapping.policies.caseIdAttribute, ...(care && 'attribute' in care.target ? [care.target.attribute] : [])];
  });
  afterEach(async () => {
    while (closing.length) await closing.pop()!();
  });
  after(() => tiny?.close());

  /** A copy of the confirmed workspace, provisioned against a fresh Intercom (with faults, if asked). */
  async function setUp(name: string, faults?: FaultRates) {
    const path = await tiny.copy(name);
    const intercom = await freshIntercom(tiny.dataset, faults);
    closing.push(() => intercom.sim.close());
    let workspace = await openWorkspace(path, { stage: 'provision' });
    closing.push(() => workspace.close());
    await runProvision({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath });
    return {
      ...intercom,
      get workspace() { return workspace; },
      /** Runs import in a fresh run of the workspace (as a rerun of the CLI would). */
      async importRun(options: { searchLagSeconds?: number } = {}): Promise<ImportSummary> {
        await workspace.close();
        workspace = await openWorkspace(path, { stage: 'import' });
        return runImport({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath, chunkSize: 7, ...options });
      },
    };
  }

  async function ledger(workspace: Workspace) {
    return workspace.query<{ object_type: string; khoros_key: string; operation: string; status: string; intercom_id: string | null }>(
      'SELECT object_type, khoros_key, operation, status, intercom_id FROM ledger ORDER BY seq');
  }

  it('writes one contact per customer and one conversation per case with every part in order at its original time; a rerun writes nothing', async () => {
    const run = await setUp('clean');
    const before = await simState(run.sim);
    const summary = await run.importRun();
    const state = await simState(run.sim);
    const rows = await ledger(run.workspace);
    expect(rows.filter((r) => r.status === 'intent'), 'left in flight').to.deep.equal([]);
    expect(summary.contacts.created + summary.contacts.updated).to.be.greaterThan(0);
    expect(summary.conversations.created).to.be.greaterThan(0);

    // Contacts: one per external id; pre-existing ones updated, not doubled.
    const byExternal = new Map<string, number>();
    for (const c of state.contacts) if (c.external_id) byExternal.set(c.external_id, (byExternal.get(c.external_id) ?? 0) + 1);
    expect([...byExternal].filter(([, n]) => n > 1)).to.deep.equal([]);
    const emails = new Map<string, number>();
    for (const c of state.contacts) if (c.email && c.role === 'user') emails.set(c.email.toLowerCase(), (emails.get(c.email.toLowerCase()) ?? 0) + 1);
    expect([...emails].filter(([, n]) => n > 1), 'users doubled by email').to.deep.equal([]);
    const customers = await run.workspace.query<{ key: string }>('SELECT key FROM raw_customers ORDER BY key');
    const quarantined = new Set((await run.workspace.query<{ key: string }>(`SELECT key FROM quarantine WHERE family = 'import_contacts'`)).map((r) => r.key));
    for (const { key } of customers) if (!quarantined.has(key)) expect(byExternal.get(key), `contact of ${key}`).to.equal(1);
    expect(state.contacts.length - before.contacts.length).to.equal(summary.contacts.created);
    const updates = rows.filter((r) => r.object_type === 'contact' && r.operation === 'update');
    for (const u of updates) expect(before.contacts.some((c) => c.id === u.intercom_id) || rows.some((r) => r.operation === 'create' && r.intercom_id === u.intercom_id)).to.equal(true);

    // Conversations: one per case, parts in the original order with the original times.
    const cases = await run.workspace.query<{ key: string; payload: Obj }>('SELECT key, payload FROM raw_cases ORDER BY key');
    const convQuarantine = new Set((await run.workspace.query<{ key: string; reason: string }>(`SELECT key, reason FROM quarantine WHERE family = 'import_conversations' AND reason LIKE 'queued%'`)).map((r) => r.key));
    const caseAttribute = mapping.policies.caseIdAttribute;
    let checked = 0;
    for (const { key, payload } of cases) {
      if (convQuarantine.has(key)) continue;
      const found = state.conversations.filter((c) => c.custom_attributes?.[caseAttribute] === key);
      expect(found, `conversation of case ${key}`).to.have.length(1);
      const times = (payload.interactions ?? []).map((i: Obj) => Math.floor(Date.parse(i.created) / 1000)).sort((a: number, b: number) => a - b);
      const parts = (found[0].conversation_parts?.conversation_parts ?? []).filter((p: Obj) => HISTORY.has(p.part_type));
      const written = [found[0].created_at, ...parts.map((p: Obj) => p.created_at)];
      // Every part at an original interaction time, in non-decreasing order.
      expect(written).to.deep.equal([...written].sort((a, b) => a - b));
      for (const t of parts.map((p: Obj) => p.created_at)) expect(times, `case ${key}`).to.include(t);
      checked += 1;
    }
    expect(checked).to.be.greaterThan(0);
    const partRows = rows.filter((r) => r.object_type === 'conversation_part');
    expect(new Set(partRows.map((r) => r.intercom_id)).size).to.equal(partRows.length);

    // A rerun writes nothing.
    const again = await run.importRun();
    expect(await ledger(run.workspace)).to.have.length(rows.length);
    expect(again.contacts).to.include({ created: 0, updated: 0, writes: 0 });
    expect(again.conversations).to.include({ created: 0, updated: 0, writes: 0 });
    expect(snapshot(await simState(run.sim), keyAttributes)).to.deep.equal(snapshot(state, keyAttributes));
  });

  it('with writes that land but answer 503 (rate5xxAfterWrite), writes everything exactly once: the same Intercom as a clean run', async () => {
    const clean = await setUp('reference');
    await clean.importRun();
    const expected = snapshot(await simState(clean.sim), keyAttributes);

    const faulty = await setUp('faulty', { rate5xxAfterWrite: 0.15 });
    let runs = 0;
    for (;;) {
      runs += 1;
      try {
        await faulty.importRun();
        break;
      } catch (error) {
        // Stage stopped on a retriable error: rerun, as the operator would.
        if (!(error instanceof RetriableError) || runs > 30) throw error;
      }
    }
    expect(snapshot(await simState(faulty.sim), keyAttributes)).to.deep.equal(expected);
    expect((await ledger(faulty.workspace)).filter((r) => r.status === 'intent')).to.deep.equal([]);
  });

  it('with a search index lagging 2 s behind writes, looks lost creates up until the lag has passed: nothing doubled (trusting the first miss doubles conversations)', async () => {
    const clean = await setUp('lag-reference');
    await clean.importRun();
    const expected = snapshot(await simState(clean.sim), keyAttributes);

    /** Imports to the end (reruns after retriable stops) against a lagging index with writes that land but answer 503. */
    async function lagging(name: string, searchLagSeconds: number) {
      const run = await setUp(name, { rate5xxAfterWrite: 0.1 });
      run.sim.state.searchDelaySeconds = 2;
      for (let runs = 1; ; runs++) {
        try {
          await run.importRun({ searchLagSeconds });
          break;
        } catch (error) {
          if (!(error instanceof RetriableError) || runs > 30) throw error;
        }
      }
      return snapshot(await simState(run.sim), keyAttributes);
    }
    expect(await lagging('lag-aware', 3)).to.deep.equal(expected);
    const trusting = await lagging('lag-trusting', 0);
    expect(trusting.conversations.length, 'conversations doubled when a lagging miss is trusted').to.be.greaterThan(expected.conversations.length);
  });
});
