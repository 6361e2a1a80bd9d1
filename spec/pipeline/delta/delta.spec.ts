import { expect } from 'chai';
import { runCutover } from '../../../pipeline/cutover.ts';
import { runDelta, type DeltaSummary } from '../../../pipeline/delta.ts';
import { ConfigError } from '../../../pipeline/errors.ts';
import { runImport } from '../../../pipeline/import.ts';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import { runProvision } from '../../../pipeline/provision.ts';
import { runVerify } from '../../../pipeline/verify.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Case, Interaction } from '../../../simulators/dataset/types.ts';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { confirmTiny, freshIntercom, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';

type Row = Record<string, any>;

describe('delta (tiny dataset: migrated, then Khoros changes through the simulator\'s mutations)', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  let sim: IntercomSimulator;
  let client: IntercomClient;
  let workspacePath: string;
  let clock = Date.now();

  before(async () => {
    tiny = await confirmTiny();
    workspacePath = await tiny.copy('delta');
    ({ sim, client } = await freshIntercom(tiny.dataset));
    const workspace = await openWorkspace(workspacePath, { stage: 'import' });
    try {
      await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
      await runImport({ workspace, intercom: client, mappingPath: tiny.mappingPath });
      await workspace.finishRun('succeeded');
    } finally {
      await workspace.close();
    }
  });
  after(async () => {
    await sim?.close();
    await tiny?.close();
  });

  async function mutate(ops: unknown[]): Promise<void> {
    const response = await fetch(`${tiny.staged.sims.config.khoros.admin}/mutations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ops }) });
    expect(response.status, await response.clone().text()).to.equal(200);
  }

  async function inWorkspace<T>(stage: string, body: (workspace: Awaited<ReturnType<typeof openWorkspace>>) => Promise<T>): Promise<T> {
    const workspace = await openWorkspace(workspacePath, { stage });
    try {
      const result = await body(workspace);
      await workspace.finishRun('succeeded');
      return result;
    } finally {
      await workspace.close();
    }
  }

  const delta = () => inWorkspace('delta', (workspace) => runDelta({ config: tiny.staged.config, workspace, intercom: client, mappingPath: tiny.mappingPath, clients: { quotaScale: 1000 } }));
  const verifyFull = () => inWorkspace('verify', (workspace) => runVerify({ workspace, intercom: client, mappingPath: tiny.mappingPath, mode: 'full' }));

  /** A new inbound interaction shaped like the case's first one, `minutes` after the case's latest. */
  function interaction(kase: Case, id: string, body: string): Interaction {
    const first = kase.interactions.find((i) => i.direction === 'inbound') ?? kase.interactions[0];
    clock += 60_000;
    return { ...first, id, body, created: new Date(clock).toISOString(), attachments: [] };
  }

  function caseOf(id: string): Case {
    return tiny.dataset.khoros.cases.find((c) => c.id === id)!;
  }

  async function expectGreen(): Promise<void> {
    const result = await verifyFull();
    expect(result.findings, JSON.stringify(result.findings.slice(0, 5), null, 1)).to.deep.equal([]);
    expect(result.pass).to.equal(true);
  }

  let first: DeltaSummary;
  it('brings Intercom back to equality with Khoros after new interactions, a status change, a changed custom field, a new case, a deleted customer and a merged author (verify --full green)', async () => {
    const [a, b, c] = ['00004711', '00010002', '00010006'].map(caseOf);
    const newCase: Case = { ...caseOf('00010004'), id: 'CASE-099001', number: 99001, customerId: 'C0000003', title: 'A case opened after the migration', status: 'open', created: new Date(clock).toISOString(), lastUpdated: undefined,
      interactions: [interaction(caseOf('00010004'), 'INT-DELTA-NEW-1', 'Hello, a new question after the migration.')] } as Case;
    await mutate([
      { op: 'append', type: 'interaction', caseId: a.id, record: interaction(a, 'INT-DELTA-1', 'Any news on my refund?') },
      { op: 'append', type: 'interaction', caseId: a.id, record: interaction(a, 'INT-DELTA-2', 'Still waiting, thanks.') },
      { op: 'patch', type: 'case', id: b.id, changes: { status: 'open' } },
      { op: 'patch', type: 'case', id: c.id, changes: { orderNumber: 'ORD-DELTA-42' } },
      { op: 'upsert', type: 'case', record: newCase },
      { op: 'delete', type: 'customer', id: 'C0000020' },
      { op: 'merge', type: 'author', id: tiny.dataset.khoros.authors![2].id, into: tiny.dataset.khoros.authors![0].id },
    ]);
    first = await delta();
    expect(first.staged.cases).to.equal(4);
    expect(first.writes).to.be.greaterThan(0);
    expect(first.removals.map((r) => `${r.family} ${r.key} ${r.kind}`)).to.have.members([
      'customers C0000020 deleted', `authors ${tiny.dataset.khoros.authors![2].id} merged`,
    ]);
    await expectGreen();
    const state = await simState(sim);
    const bodies = state.conversations.flatMap((conv: Row) => conv.conversation_parts.conversation_parts.map((p: Row) => String(p.body ?? '')));
    expect(bodies.filter((body: string) => body.includes('Any news on my refund?'))).to.have.length(1);
    const removals = await inWorkspace('inspect', (w) => w.query<Row>('SELECT family, key, kind FROM source_removals ORDER BY family'));
    expect(removals.map((r) => r.family)).to.deep.equal(['authors', 'customers']);
  });

  it('a delta right after a delta writes nothing', async () => {
    const again = await delta();
    expect(again.writes).to.equal(0);
    expect(again.newRemovals).to.equal(0);
  });

  it('a second round (a Care message, a status change back, another interaction, a deleted interaction) is brought back to equality too', async () => {
    const a = caseOf('00004711');
    const conversation = tiny.dataset.khoros.conversations![0];
    const message = { ...conversation.messages[0], lswUuid: 'msg-delta-care-1', id: 'msg-delta-care-1', receiveDate: (clock += 60_000), text: 'One more thing.', postContent: '<p>One more thing.</p>' };
    await mutate([
      { op: 'append', type: 'message', conversationId: conversation.lswUuid, record: message },
      { op: 'patch', type: 'case', id: '00010002', changes: { status: 'closed' } },
      { op: 'append', type: 'interaction', caseId: a.id, record: interaction(a, 'INT-DELTA-3', 'Got it, thank you!') },
      { op: 'patch', type: 'case', id: '00010006', changes: { interactions: caseOf('00010006').interactions.slice(0, -1) } },
    ]);
    const second = await delta();
    expect(second.staged.conversations).to.be.at.least(1);
    expect(second.removals.filter((r) => r.kind === 'interaction_deleted').map((r) => r.key)).to.have.length(1);
    await expectGreen();
    const third = await delta();
    expect(third.writes).to.equal(0);
  });

  describe('cutover (on the same migrated workspace)', () => {
    const cutover = (extra: { confirmFrozen?: string; confirmAutomation?: string }) => inWorkspace('cutover', (workspace) => runCutover({
      config: tiny.staged.config, workspace, intercom: client, mappingPath: tiny.mappingPath, clients: { quotaScale: 1000 }, ...extra,
    }));
    const steps = () => inWorkspace('inspect', (w) => w.query<Row>('SELECT step, status, confirmed_by FROM cutover_steps ORDER BY position'));

    it('refuses without the freeze confirmation, recording the step, and runs nothing else', async () => {
      const error = await cutover({}).then(() => null, (e: unknown) => e);
      expect(error).to.be.instanceOf(ConfigError);
      expect(String((error as Error).message)).to.match(/--confirm-frozen/);
      expect(await steps()).to.deep.equal([{ step: 'freeze', status: 'failed', confirmed_by: null }]);
    });

    it('records each step with who confirmed it, stops at the automation hand-off until it is confirmed, and a rerun skips what is done', async () => {
      const first = await cutover({ confirmFrozen: 'Dana Reyes' });
      expect(first.complete).to.equal(false);
      expect(first.steps.map((s) => `${s.step} ${s.status}`)).to.deep.equal(['freeze done', 'final-delta done', 'verify done', 'automation-handoff pending']);
      expect((first.steps[1].detail as Row).writes).to.equal(0);
      const writes = () => sim.requests.toNdjson().split('\n').filter((line) => /"method":"(POST|PUT|DELETE)"/.test(line)).length;
      const before = writes();
      const second = await cutover({ confirmFrozen: 'Dana Reyes', confirmAutomation: 'Sam Ortiz' });
      expect(second.complete).to.equal(true);
      expect(second.steps.map((s) => s.ranNow)).to.deep.equal([false, false, false, true]);
      expect(writes()).to.equal(before);
      expect(await steps()).to.deep.equal([
        { step: 'freeze', status: 'done', confirmed_by: 'Dana Reyes' }, { step: 'final-delta', status: 'done', confirmed_by: null },
        { step: 'verify', status: 'done', confirmed_by: null }, { step: 'automation-handoff', status: 'done', confirmed_by: 'Sam Ortiz' },
      ]);
      const third = await cutover({});
      expect(third.complete).to.equal(true);
      expect(third.steps.every((s) => !s.ranNow)).to.equal(true);
    });
  });
});
