import { expect } from 'chai';
import { ConfigError } from '../../../pipeline/errors.ts';
import { RollbackBlockedError, runRollback, type RollbackSummary } from '../../../pipeline/rollback.ts';
import { ledgerTypesOf } from '../../../pipeline/rollback/rollback-kinds.ts';
import { recordIntent } from '../../../pipeline/workspace/ledger.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { confirmTiny, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';
import { comparable, expectedLeftovers, migrate, type Migrated } from './rollback-fixtures.ts';

type Row = { seq: number; object_type: string; khoros_key: string; operation: string; endpoint: string; status: string; intercom_id: string | null; undoes: number | null };

async function ledger(workspace: Workspace): Promise<Row[]> {
  return workspace.query<Row>(
    `SELECT seq, object_type, khoros_key, operation, endpoint, status, intercom_id, CAST(json_extract_string(before_image, '$.undoes') AS BIGINT) AS undoes
     FROM ledger ORDER BY seq`);
}

/** Intercom writes the simulator logged (not reads, not searches). */
function writes(migrated: Migrated) {
  return migrated.sim.requests.entries.filter((e) => e.method !== 'GET' && !e.path.endsWith('/search'));
}

describe('rollback (tiny dataset provisioned and imported into an Intercom with pre-existing contacts)', function () {
  this.timeout(300_000);
  const since = Math.floor(Date.now() / 1000);
  let tiny: ConfirmedTiny;
  /** Every migration of the suite: their simulators close at the end. */
  const migrations: Migrated[] = [];

  before(async () => (tiny = await confirmTiny()));
  after(async () => {
    for (const m of migrations) await m.sim.close();
    await tiny?.close();
  });

  async function migrated(name: string): Promise<Migrated> {
    migrations.push(await migrate(tiny, name));
    return migrations.at(-1)!;
  }

  async function rollback(m: Migrated, options: { runId?: string; all?: boolean; only?: string[]; preview?: boolean }): Promise<{ summary: RollbackSummary; rows: Row[] }> {
    const workspace = await m.open('rollback');
    try {
      const summary = await runRollback({ workspace, intercom: m.client, ...options });
      await workspace.finishRun('succeeded');
      return { summary, rows: await ledger(workspace) };
    } finally {
      await workspace.close();
    }
  }

  describe('--all', () => {
    let m: Migrated;
    let migratedRows: Row[];
    let previewed: RollbackSummary;

    before(async () => {
      m = await migrated('rollback-all');
      const workspace = await m.open('inspect');
      try {
        migratedRows = await ledger(workspace);
      } finally {
        await workspace.close();
      }
    });

    it('the migration updated pre-existing contacts, among them the one whose email collides with a customer', () => {
      const preExisting = new Set(m.before.contacts.map((c) => String(c.id)));
      const updated = migratedRows.filter((r) => r.object_type === 'contact' && r.operation === 'update' && r.status === 'done').map((r) => r.intercom_id!);
      expect(updated.filter((id) => preExisting.has(id))).to.have.length.greaterThan(0);
      const colliding = tiny.dataset.meta.edgeCases?.['intercom-contact-email-collides-with-customer'] ?? [];
      expect(colliding.some((id) => updated.includes(String(id))), `one of ${colliding.join(', ')} updated`).to.equal(true);
    });

    it('--preview writes nothing, and lists every undo: object type, Intercom id, action, the ledger seq it undoes', async () => {
      m.sim.requests.clear();
      const stateBefore = await simState(m.sim);
      const { summary, rows } = await rollback(m, { all: true, preview: true });
      previewed = summary;
      expect(writes(m), 'requests to Intercom').to.deep.equal([]);
      expect(m.sim.requests.entries, 'no request at all').to.deep.equal([]);
      expect(rows, 'ledger rows').to.deep.equal(migratedRows);
      expect(await simState(m.sim)).to.deep.equal(stateBefore);
      expect(summary.unsettled).to.deep.equal([]);
      expect(summary.left).to.deep.equal([]);
      const steps = summary.steps!;
      expect(steps.map((s) => s.seq), 'newest write first').to.deep.equal([...steps.map((s) => s.seq)].sort((a, b) => b - a));
      const count = (type: string, action: string) => steps.filter((s) => s.objectType === type && s.action === action).length;
      const done = (type: string, operation: string) => migratedRows.filter((r) => r.object_type === type && r.operation === operation && r.status === 'done').length;
      expect(count('conversation', 'delete')).to.equal(done('conversation', 'create')).and.to.be.greaterThan(0);
      expect(count('contact', 'delete')).to.equal(done('contact', 'create'));
      expect(count('contact', 'restore')).to.equal(migratedRows.filter((r) => r.object_type === 'contact' && r.operation === 'update' && m.before.contacts.some((c) => c.id === r.intercom_id)).length);
      expect(count('tag', 'delete')).to.equal(done('tag', 'create'));
      expect(count('article', 'delete')).to.equal(done('article', 'create'));
      expect(count('collection', 'delete')).to.equal(done('collection', 'create'));
      expect(count('data_attribute', 'archive')).to.equal(done('data_attribute', 'create'));
      expect(count('conversation_attribute', 'archive')).to.equal(done('conversation_attribute', 'create'));
      // Parts, conversation updates and their tags go with the conversations; article updates with the articles.
      expect(summary.counts.covered).to.equal(done('conversation_part', 'part') + done('conversation', 'update') + done('conversation_tag', 'tag') + done('article', 'update'));
      const conversation = steps.find((s) => s.objectType === 'conversation')!;
      expect(conversation).to.include({ action: 'delete', endpoint: `DELETE /conversations/${conversation.intercomId}` });
      expect(migratedRows.find((r) => r.seq === conversation.seq)).to.include({ object_type: 'conversation', operation: 'create', intercom_id: conversation.intercomId });
    });

    it('undoes exactly what the preview listed and leaves Intercom as it was before the migration, up to what the API cannot delete', async () => {
      const { summary, rows } = await rollback(m, { all: true });
      expect(summary.complete, JSON.stringify(summary.failures)).to.equal(true);
      const undoRows = rows.filter((r) => r.undoes !== null);
      expect(undoRows.filter((r) => r.status !== 'done')).to.deep.equal([]);
      const done = undoRows.map((r) => ({ seq: r.undoes, objectType: r.object_type, intercomId: r.intercom_id, action: r.operation, endpoint: r.endpoint }))
        .sort((a, b) => b.seq! - a.seq!);
      expect(done).to.deep.equal(previewed.steps!.map(({ seq, objectType, intercomId, action, endpoint }) => ({ seq, objectType, intercomId, action, endpoint })));
      // Each undo row names the write it undoes, with its object type and Khoros key.
      for (const r of undoRows) expect(migratedRows.find((o) => o.seq === r.undoes), `seq ${r.seq}`).to.include({ object_type: r.object_type, khoros_key: r.khoros_key });

      const workspace = await m.open('inspect');
      const expected = await expectedLeftovers(workspace).finally(() => workspace.close());
      const { before, after, leftovers } = comparable(m.before, await simState(m.sim), since);
      expect(leftovers).to.deep.equal(expected);
      expect(expected.archivedAttributes.length, 'attributes the migration created').to.be.greaterThan(0);
      expect(expected.touched.filter((t) => t.startsWith('contacts:')).length, 'pre-existing contacts written back').to.be.greaterThan(0);
      for (const [collection, list] of Object.entries(before)) expect(after[collection], collection).to.deep.equal(list);
    });

    it('a second rollback finds nothing left to undo and sends nothing', async () => {
      m.sim.requests.clear();
      const { summary } = await rollback(m, { all: true });
      expect(writes(m)).to.deep.equal([]);
      expect(summary.counts).to.include({ planned: 0, deleted: 0, restored: 0, archived: 0, failed: 0, left: 0 });
      expect(summary.counts.alreadyUndone).to.equal(previewed.counts.planned);
    });
  });

  describe('--run and --only', () => {
    let m: Migrated;
    before(async () => {
      m = await migrated('rollback-scoped');
    });

    it('--run (import) --only tags removes the tags import applied to conversations and nothing else', async () => {
      const stateBefore = await simState(m.sim);
      m.sim.requests.clear();
      const { summary, rows } = await rollback(m, { runId: m.importRun, only: ['tags'] });
      expect(summary.counts.untagged).to.be.greaterThan(0);
      expect(summary.counts).to.include({ deleted: 0, restored: 0, archived: 0, failed: 0 });
      expect(new Set(writes(m).map((e) => `${e.method} ${e.path.replace(/\/\d+/g, '/N')}`))).to.deep.equal(new Set(['DELETE /conversations/N/tags/N']));
      const state = await simState(m.sim);
      expect(state.conversations.filter((c) => (c.tags?.tags ?? []).length > 0)).to.deep.equal([]);
      expect(state.tags, 'tags (created by provision) remain').to.deep.equal(stateBefore.tags);
      expect(state.contacts).to.deep.equal(stateBefore.contacts);
      expect(state.conversations.map((c) => c.id)).to.deep.equal(stateBefore.conversations.map((c) => c.id));
      expect(rows.filter((r) => r.undoes !== null).every((r) => r.object_type === 'conversation_tag' && r.operation === 'untag')).to.equal(true);
    });

    it('--run (provision) --only attributes archives the attributes and writes the options back, and touches no tag', async () => {
      const stateBefore = await simState(m.sim);
      const { summary } = await rollback(m, { runId: m.provisionRun, only: ['attributes'] });
      expect(summary.counts).to.include({ deleted: 0, untagged: 0, failed: 0 });
      expect(summary.counts.archived).to.be.greaterThan(0);
      expect(summary.counts.restored, 'the options of account_tier').to.equal(1);
      // The contacts import updated still need the attributes their old values are written back to.
      const deferred = summary.left.filter((group) => group.objectType === 'data_attribute');
      expect(deferred.map((group) => group.reason)).to.have.length(1).and.to.match(/roll back contacts first/);
      expect(deferred[0].count).to.be.greaterThan(0);
      const state = await simState(m.sim);
      expect(state.tags).to.deep.equal(stateBefore.tags);
      expect(state.collections).to.deep.equal(stateBefore.collections);
      expect(state.data_attributes.find((a) => a.name === 'account_tier')!.options).to.deep.equal(m.before.data_attributes.find((a) => a.name === 'account_tier')!.options);
      const created = state.data_attributes.filter((a) => !m.before.data_attributes.some((b) => b.id === a.id));
      expect(created.filter((a) => a.archived).length + deferred[0].count).to.equal(created.length);
      expect(state.conversation_attributes.filter((a) => !m.before.conversation_attributes.some((b) => b.id === a.id)).every((a) => a.archived)).to.equal(true);
    });

    it('then --run (import) undoes the rest of the import (its tags already undone), and --all the rest of provision: Intercom is back as before', async () => {
      const importRun = await rollback(m, { runId: m.importRun });
      expect(importRun.summary.counts.alreadyUndone, 'the untagged conversation tags').to.be.greaterThan(0);
      expect(importRun.summary.counts).to.include({ archived: 0, failed: 0 });
      const mid = await simState(m.sim);
      expect(mid.conversations).to.deep.equal([]);
      expect(mid.tags.length, 'provision\'s tags still there').to.be.greaterThan(m.before.tags.length);
      const rest = await rollback(m, { all: true });
      expect(rest.summary.counts).to.include({ restored: 0, untagged: 0, failed: 0 });
      expect(rest.summary.counts.deleted).to.be.greaterThan(0);
      const workspace = await m.open('inspect');
      const expected = await expectedLeftovers(workspace).finally(() => workspace.close());
      const { before, after, leftovers } = comparable(m.before, await simState(m.sim), since);
      expect(leftovers).to.deep.equal(expected);
      for (const [collection, list] of Object.entries(before)) expect(after[collection], collection).to.deep.equal(list);
    });

    it('refuses to start while a create import left in flight is in scope (naming it and the stage to rerun); --preview lists it', async () => {
      let workspace = await m.open('import');
      const seq = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C0009999', operation: 'create', endpoint: 'POST /contacts', payloadHash: payloadHash({ external_id: 'C0009999' }) });
      const importRun = workspace.runId;
      await workspace.close();
      m.sim.requests.clear();
      workspace = await m.open('rollback');
      try {
        const error = await runRollback({ workspace, intercom: m.client, all: true }).then(() => undefined, (e: unknown) => e);
        expect(error).to.be.instanceOf(RollbackBlockedError);
        expect((error as Error).message).to.include(`${seq} create contact "C0009999"`).and.include(`${importRun} (import)`).and.include('Rerun khoros2intercom import');
        expect(writes(m)).to.deep.equal([]);
        const preview = await runRollback({ workspace, intercom: m.client, all: true, preview: true });
        expect(preview.unsettled.map((u) => u.seq)).to.deep.equal([seq]);
        expect(preview.complete).to.equal(false);
        // Out of scope (another run, another kind), it does not block.
        for (const options of [{ runId: m.importRun }, { all: true, only: ['tags'] }]) {
          expect((await runRollback({ workspace, intercom: m.client, ...options })).complete, JSON.stringify(options)).to.equal(true);
        }
      } finally {
        await workspace.close();
      }
    });

    it('refuses bad choices with a ConfigError naming the option and the value', async () => {
      const refused = async (options: Parameters<typeof rollback>[1]) => {
        try {
          await rollback(m, options);
        } catch (error) {
          expect(error).to.be.instanceOf(ConfigError);
          return (error as Error).message;
        }
        throw new Error(`accepted ${JSON.stringify(options)}`);
      };
      expect(await refused({})).to.include('--run ID').and.include('--all');
      expect(await refused({ runId: m.importRun, all: true })).to.include(`--run ${m.importRun} and --all`);
      expect(await refused({ runId: 'no-such-run' })).to.include('--run no-such-run').and.include(m.importRun);
      expect(await refused({ all: true, only: ['contacts', 'users'] })).to.include('--only users');
      const workspace = await m.open('inspect');
      const [rollbackRun] = await workspace.query<{ run_id: string }>(`SELECT run_id FROM runs WHERE stage = 'rollback' LIMIT 1`).finally(() => workspace.close());
      expect(await refused({ runId: rollbackRun.run_id })).to.include('rollback run');
      expect(ledgerTypesOf(['Contacts, articles'])).to.deep.equal(['contact', 'article', 'internal_article', 'collection', 'image', 'assets_conversation', 'assets_contact']);
    });
  });
});
