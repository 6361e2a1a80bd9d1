import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { runImport } from '../../../pipeline/import.ts';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { runProvision, type ProvisionReport } from '../../../pipeline/provision.ts';
import { lastProvisionReport } from '../../../pipeline/provision/provision-report.ts';
import { runRollback, type RollbackSummary } from '../../../pipeline/rollback.ts';
import { normalise } from '../../support/normalise-state.ts';
import { confirmTiny, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';
import { comparable, expectedLeftovers, migrate, type Migrated, type State } from './rollback-fixtures.ts';

type Obj = Record<string, any>;
type Row = { seq: number; run_id: string; object_type: string; khoros_key: string; operation: string; status: string; intercom_id: string | null; before_image: unknown };

/** A custom attribute that is null equals one that is absent: a rollback's before-image puts back null where a contact had no value. */
function withoutNulls(state: State): State {
  const copy = structuredClone(state);
  for (const contact of copy.contacts) contact.custom_attributes = Object.fromEntries(Object.entries(contact.custom_attributes ?? {}).filter(([, v]) => v !== null));
  return copy;
}

/** The active attributes, by model and name, with what import relies on (type, active options); ids left out. */
function activeAttributes(state: State) {
  const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return {
    data: state.data_attributes.filter((a) => !a.archived).map((a) => ({ name: a.name, model: a.model, data_type: a.data_type, options: a.options ?? null })).sort(byName),
    conversation: state.conversation_attributes.filter((a) => !a.archived)
      .map((a) => ({ name: a.name, data_type: a.data_type, options: (a.options ?? []).filter((o: Obj) => !o.archived).map((o: Obj) => o.label) })).sort(byName),
  };
}

describe('migrating again after rollback --all: provision and import from the same workspace into the same Intercom', function () {
  this.timeout(300_000);
  const since = Math.floor(Date.now() / 1000);
  let tiny: ConfirmedTiny;
  let caseAttribute: string;
  let m: Migrated;
  /** A first migration of the same workspace into a fresh Intercom: what the migration run again must leave. */
  let reference: Migrated;
  let firstRows: Row[];
  let afterRollback: State;
  let again: { provision: ProvisionReport; runs: string[] };

  async function rows(migrated: Migrated): Promise<Row[]> {
    const workspace = await migrated.open('inspect');
    try {
      return await workspace.query<Row>('SELECT seq, run_id, object_type, khoros_key, operation, status, intercom_id, before_image FROM ledger ORDER BY seq');
    } finally {
      await workspace.close();
    }
  }

  async function rollbackAll(migrated: Migrated): Promise<RollbackSummary> {
    const workspace = await migrated.open('rollback');
    try {
      const summary = await runRollback({ workspace, intercom: migrated.client, all: true });
      await workspace.finishRun('succeeded');
      return summary;
    } finally {
      await workspace.close();
    }
  }

  before(async () => {
    tiny = await confirmTiny();
    caseAttribute = (parse(await readFile(tiny.mappingPath, 'utf8')) as Mapping).policies.caseIdAttribute;
    m = await migrate(tiny, 'migrate-again');
    reference = await migrate(tiny, 'migrate-again-reference');
    firstRows = await rows(m);
    const summary = await rollbackAll(m);
    expect(summary.complete, JSON.stringify(summary.failures)).to.equal(true);
    afterRollback = await simState(m.sim);
    const runs: string[] = [];
    let provision: ProvisionReport | undefined;
    for (const stage of ['provision', 'import'] as const) {
      const workspace = await m.open(stage);
      try {
        if (stage === 'provision') provision = await runProvision({ workspace, intercom: m.client, mappingPath: tiny.mappingPath });
        else await runImport({ workspace, intercom: m.client, mappingPath: tiny.mappingPath, searchLagSeconds: 0 });
        await workspace.finishRun('succeeded');
        runs.push(workspace.runId);
      } finally {
        await workspace.close();
      }
    }
    again = { provision: provision!, runs };
  });
  after(async () => {
    await m?.sim.close();
    await reference?.sim.close();
    await tiny?.close();
  });

  it('the rollback left the attributes the migration created archived (Intercom\'s API cannot delete them)', () => {
    const created = (type: string) => firstRows.filter((r) => r.object_type === type && r.operation === 'create' && r.status === 'done').map((r) => r.intercom_id);
    expect(created('data_attribute').length).to.be.greaterThan(0);
    expect(created('conversation_attribute').length).to.be.greaterThan(0);
    for (const id of created('data_attribute')) expect(afterRollback.data_attributes.find((a) => String(a.id) === id), `data attribute ${id}`).to.include({ archived: true });
    for (const id of created('conversation_attribute')) expect(afterRollback.conversation_attributes.find((a) => String(a.id) === id), `conversation attribute ${id}`).to.include({ archived: true });
  });

  it('provision unarchives the contact attributes (a ledgered update, before-image {archived: true}), creates the rest again, and asks for no more by hand than a first provision', async () => {
    const workspace = await reference.open('inspect');
    const first = await lastProvisionReport(workspace).finally(() => workspace.close());
    const report = again.provision;
    expect(report.counts.failed).to.equal(0);
    expect(report.manual).to.deep.equal(first!.manual);
    expect(report.counts.skipped).to.equal(first!.counts.skipped);

    const createdAttributes = firstRows.filter((r) => r.object_type === 'data_attribute' && r.operation === 'create' && r.status === 'done');
    const ledger = (await rows(m)).filter((r) => r.run_id === again.runs[0]);
    const unarchived = ledger.filter((r) => r.object_type === 'data_attribute' && createdAttributes.some((c) => c.intercom_id === r.intercom_id));
    expect(unarchived.map((r) => ({ key: r.khoros_key, operation: r.operation, status: r.status, id: r.intercom_id, before: r.before_image })))
      .to.deep.equal(createdAttributes.map((r) => ({ key: r.khoros_key, operation: 'update', status: 'done', id: r.intercom_id, before: { archived: true } })));
    expect(report.objects.filter((o) => o.objectType === 'data_attribute' && o.action === 'updated' && o.detail?.startsWith('unarchived')).map((o) => o.intercomId).sort())
      .to.deep.equal(createdAttributes.map((r) => r.intercom_id).sort());
    // What the rollback wrote back to pre-existing attributes (options it had added) is written again, as the first time.
    const updates = (rowsOf: Row[]) => rowsOf.filter((r) => r.object_type === 'data_attribute' && r.operation === 'update' && !createdAttributes.some((c) => c.intercom_id === r.intercom_id))
      .map((r) => ({ key: r.khoros_key, id: r.intercom_id, before: r.before_image }));
    expect(updates(ledger)).to.deep.equal(updates(firstRows));
    // The 2.16 API cannot unarchive a conversation attribute; an archived one does not hold its name, so it is created again.
    const creates = (type: string, rowsOf: Row[]) => rowsOf.filter((r) => r.object_type === type && r.operation === 'create' && r.status === 'done').map((r) => r.khoros_key).sort();
    for (const type of ['conversation_attribute', 'conversation_attribute_option', 'tag', 'collection']) expect(creates(type, ledger), type).to.deep.equal(creates(type, firstRows)).and.not.to.be.empty;
  });

  it('import leaves Intercom holding the migration exactly as a first migration into a fresh Intercom does, the attributes active again', async () => {
    const state = await simState(m.sim);
    const expected = normalise(withoutNulls(await simState(reference.sim)), caseAttribute, since);
    const actual = normalise(withoutNulls(state), caseAttribute, since);
    expect(actual.conversations.length).to.be.greaterThan(5);
    expect(actual.contacts).to.deep.equal(expected.contacts);
    expect(actual.tags).to.deep.equal(expected.tags);
    expect(actual.collections).to.deep.equal(expected.collections);
    expect(actual.articles).to.deep.equal(expected.articles);
    for (let i = 0; i < expected.conversations.length; i += 1) {
      expect(actual.conversations[i], `conversation ${expected.conversations[i].key}`).to.deep.equal(expected.conversations[i]);
    }
    expect(actual.conversations).to.have.length(expected.conversations.length);
    expect(activeAttributes(state)).to.deep.equal(activeAttributes(await simState(reference.sim)));
    for (const r of firstRows.filter((x) => x.object_type === 'data_attribute' && x.operation === 'create' && x.status === 'done')) {
      expect(state.data_attributes.find((a) => String(a.id) === r.intercom_id), `data attribute ${r.khoros_key}`).to.include({ archived: false });
    }
    const workspace = await m.open('inspect');
    try {
      expect(await workspace.query(`SELECT seq FROM ledger WHERE status = 'intent'`), 'writes left in flight').to.deep.equal([]);
    } finally {
      await workspace.close();
    }
  });

  it('a second rollback --all restores the pre-migration state again, the unarchived attributes archived again', async () => {
    const summary = await rollbackAll(m);
    expect(summary.complete, JSON.stringify(summary.failures)).to.equal(true);
    expect(summary.left).to.deep.equal([]);
    const workspace = await m.open('inspect');
    const expected = await expectedLeftovers(workspace).finally(() => workspace.close());
    const { before, after, leftovers } = comparable(m.before, await simState(m.sim), since);
    expect(leftovers).to.deep.equal(expected);
    for (const [collection, list] of Object.entries(before)) expect(after[collection], collection).to.deep.equal(list);
  });
});
