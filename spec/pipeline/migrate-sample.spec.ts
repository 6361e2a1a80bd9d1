import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../pipeline/config.ts';
import { createIntercomClient } from '../../pipeline/intercom/create-intercom-client.ts';
import { chooseMigrationSample } from '../../pipeline/migrate/choose-migration-sample.ts';
import { requireConfirmedVersion } from '../../pipeline/mapping/require-confirmed-map.ts';
import { renderMigrateSummary, runMigrate, type MigrateResult, type RunMigrateOptions } from '../../pipeline/migrate.ts';
import { runRollback, type RollbackSummary } from '../../pipeline/rollback.ts';
import { checkChoice } from '../../pipeline/rollback/resolve-scope.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { wholeNumber } from '../../scripts/commands/migrate.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import type { Dataset } from '../../simulators/dataset/types.ts';
import { startSimulators, type Simulators } from '../../simulators/start-simulators.ts';
import { comparable, type State } from './rollback/rollback-fixtures.ts';

type Obj = Record<string, any>;
type LedgerRow = { run_id: string; object_type: string; khoros_key: string; operation: string; status: string };

describe('migrate --sample N (tiny dataset, both simulators): the hardest records, marked as a sample, undone by rollback --sample', function () {
  this.timeout(300_000);
  const since = Math.floor(Date.now() / 1000);
  let sims: Simulators;
  let config: Config;
  let dir: string;
  let workspacePath: string;
  let mappingPath: string;
  let dataset: Dataset;
  let pristine: State;
  let sample: MigrateResult;

  const options = (extra: Partial<RunMigrateOptions> = {}): RunMigrateOptions => ({
    config, workspacePath, mappingPath, autoConfirm: true,
    exportOptions: { downloads: false, clients: { quotaScale: 1000 }, sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } } },
    ...extra,
  });
  const state = async (): Promise<State> => (await (await fetch(`${sims.intercom.inspectUrl}/state`)).json()) as State;
  async function inWorkspace<T>(body: (workspace: Workspace) => Promise<T>, stage = 'spec'): Promise<T> {
    const workspace = await openWorkspace(workspacePath, { stage });
    try {
      return await body(workspace);
    } finally {
      await workspace.close();
    }
  }
  const ledger = () => inWorkspace((w) => w.query<LedgerRow>('SELECT run_id, object_type, khoros_key, operation, status FROM ledger ORDER BY seq'));
  const rollbackSample = (preview = false) => inWorkspace(async (workspace) => {
    const summary: RollbackSummary = await runRollback({ workspace, intercom: createIntercomClient(config.intercom), sample: true, preview });
    await workspace.finishRun('succeeded');
    return summary;
  }, 'rollback');
  /** The Intercom objects of migrated conversations: case id (or Care conversation id) → count. */
  const migratedConversations = (s: State) => s.conversations.filter((c) => Object.keys(c.custom_attributes ?? {}).some((k) => k.startsWith('khoros_')));

  before(async () => {
    dataset = generateDataset({ seed: 7, scale: 'tiny' });
    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 10 } });
    config = parseConfig(sims.config, {});
    dir = await mkdtemp(join(tmpdir(), 'k2i-migrate-sample-'));
    workspacePath = join(dir, 'workspace.duckdb');
    mappingPath = join(dir, 'mapping.yaml');
    pristine = await state();
    sample = await runMigrate(options({ sample: 3, seed: 11 }));
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes exactly 3 conversations, the hardest by the rule (the case with the most interactions among them), and only the contacts they need; no articles', async () => {
    expect(sample.status).to.equal('completed');
    const chosen = sample.sample!;
    expect(chosen.conversations).to.have.length(3);
    expect(chosen.articles).to.equal('not migrated');
    const mostInteractions = [...dataset.khoros.cases].sort((a, b) => b.interactions.length - a.interactions.length || (a.id < b.id ? -1 : 1))[0];
    expect(chosen.conversations[0]).to.include({ family: 'cases', key: mostInteractions.id });
    expect(chosen.conversations[0].reason).to.contain('most interactions');
    // The criteria's top records come first (anchors, in the criteria's order), each with its reason.
    for (const c of chosen.conversations) expect(c.reason).to.match(/^(most interactions|most attachments|most non-Latin text|oldest|weighted draw)(, .+)?$/);

    const rows = await ledger();
    const created = rows.filter((r) => r.object_type === 'conversation' && r.operation === 'create' && r.status === 'done').map((r) => r.khoros_key).sort();
    expect(created).to.deep.equal(chosen.conversations.map((c) => c.key).sort());
    const contacts = [...new Set(rows.filter((r) => r.object_type === 'contact' && r.status === 'done').map((r) => r.khoros_key))].sort();
    expect(contacts).to.deep.equal(chosen.customers);
    expect(chosen.customers).to.deep.equal([...new Set(chosen.conversations.map((c) => c.customer))].sort());
    expect(rows.filter((r) => ['article', 'internal_article'].includes(r.object_type))).to.deep.equal([]);

    const after = await state();
    expect(migratedConversations(after)).to.have.length(3);
    expect(after.conversations.length - pristine.conversations.length).to.equal(3);
    expect(after.articles.length).to.equal(pristine.articles.length);
    expect(sample.import!.contacts.created + sample.import!.contacts.updated).to.equal(chosen.customers.length);
    expect(sample.objects.conversations.written).to.equal(3);
  });

  it('is deterministic for a seed: the same seed chooses the same records again', async () => {
    const again = await inWorkspace(async (workspace) => {
      const { mapping } = await requireConfirmedVersion({ workspace, mappingPath, stage: 'spec' });
      return [await chooseMigrationSample(workspace, { mapping, size: 3, seed: 11 }), await chooseMigrationSample(workspace, { mapping, size: 8, seed: 11 })];
    });
    expect(again[0].conversations).to.deep.equal(sample.sample!.conversations);
    // A larger sample of the same seed starts with the smaller one.
    expect(again[1].conversations.slice(0, 3)).to.deep.equal(sample.sample!.conversations);
    expect(again[1].conversations).to.have.length(8);
  });

  it('verifies green, says it is a sample in the summary, and marks every run it made as a sample in runs.args', async () => {
    expect(sample.verify?.pass, JSON.stringify(sample.verify?.findings)).to.equal(true);
    expect(sample.verify!.totals.missing).to.equal(0);
    // It checked exactly what the sample wrote: its conversations and their contacts.
    const checked = sample.verify!.sample!;
    expect([...checked.cases, ...checked.conversations].sort()).to.deep.equal(sample.sample!.conversations.map((c) => c.key).sort());
    expect(checked.customers).to.deep.equal(sample.sample!.customers);
    expect(checked.kb_articles).to.deep.equal([]);
    const text = renderMigrateSummary(sample);
    expect(text).to.match(/^SAMPLE migration \(not a full one\): 3 of the hardest conversations \(asked 3, seed 11\)/);
    for (const c of sample.sample!.conversations) expect(text).to.contain(`${c.key} (contact ${c.customer})`);
    const runs = await inWorkspace((w) => w.query<{ stage: string; args: string }>(`SELECT stage, CAST(args AS VARCHAR) AS args FROM runs WHERE stage <> 'spec' ORDER BY started_at`));
    expect(runs.map((r) => r.stage)).to.include.members(['export', 'map-propose', 'map-confirm', 'provision', 'import', 'verify']);
    for (const run of runs) expect(JSON.parse(run.args), run.stage).to.include({ sample: 3, seed: 11 });
    const importArgs = JSON.parse(runs.find((r) => r.stage === 'import')!.args);
    expect(importArgs.conversations).to.deep.equal(sample.sample!.conversations.map((c) => `${c.family}/${c.key}`));
  });

  it('rollback --sample (previewed, then run) leaves the simulator as it was before the sample', async () => {
    const preview = await rollbackSample(true);
    expect(preview.steps!.length).to.be.greaterThan(0);
    expect(preview.scope.sampleRuns).to.have.length.greaterThan(0);
    const summary = await rollbackSample();
    expect(summary.complete, JSON.stringify(summary.failures)).to.equal(true);
    expect(summary.left).to.deep.equal([]);
    const { before, after, leftovers } = comparable(pristine, await state(), since);
    for (const [collection, list] of Object.entries(before)) expect(after[collection], collection).to.deep.equal(list);
    expect(leftovers.archivedAttributes.length, 'the attributes provision created stay, archived').to.be.greaterThan(0);
    // Nothing left to undo: a second rollback --sample sends nothing.
    const again = await rollbackSample();
    expect(again.counts.planned).to.equal(0);
  });

  it('then a full migration works (verify green, every conversation written once), and rollback --sample refuses after a sample it would build on', async () => {
    // A sample again (same seed: the same records, written again after the rollback), then the full migration on top.
    const second = await runMigrate(options({ sample: 3, seed: 11 }));
    expect(second.sample!.conversations).to.deep.equal(sample.sample!.conversations);
    expect(second.import!.conversations.created).to.equal(3);
    const full = await runMigrate(options());
    expect(full.status).to.equal('completed');
    expect(full.sample).to.equal(null);
    expect(full.verify?.pass, JSON.stringify(full.verify?.findings)).to.equal(true);
    expect(full.import!.conversations.skipped).to.be.at.least(3);
    const s = await state();
    const byKey = new Map<string, number>();
    for (const c of migratedConversations(s)) {
      const key = String(c.custom_attributes.khoros_case_id ?? c.custom_attributes.khoros_conversation_id ?? c.id);
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
    }
    expect([...byKey.values()].filter((n) => n > 1), 'conversations written twice').to.deep.equal([]);
    expect(s.articles.length).to.be.greaterThan(pristine.articles.length);
    const fullRuns = await inWorkspace((w) => w.query<{ args: string }>(`SELECT CAST(args AS VARCHAR) AS args FROM runs WHERE stage = 'import' ORDER BY started_at DESC LIMIT 1`));
    expect(JSON.parse(fullRuns[0].args)).not.to.have.property('sample');

    let refused: Error | undefined;
    await rollbackSample().catch((error: Error) => { refused = error; });
    expect(refused?.message).to.match(/^--sample: runs? .*\(import, \d+ writes?\).*wrote to Intercom after the sample migration.*nothing was undone.*--all/);
    expect(migratedConversations(await state()).length).to.equal(migratedConversations(s).length);
  });

  it('refuses bad options naming the option and the value (exit 2 from the CLI)', () => {
    expect(wholeNumber('--sample', '3', { min: 1, what: 'a positive integer' })).to.equal(3);
    for (const bad of ['0', '-2', '2.5', 'abc', '', '1e3']) {
      expect(() => wholeNumber('--sample', bad, { min: 1, what: 'a positive integer (conversations to migrate)' })).to.throw(`--sample ${JSON.stringify(bad)}: expected a positive integer`);
    }
    expect(() => checkChoice({ sample: true, all: true })).to.throw(/--sample and --all: give one of them/);
    expect(() => checkChoice({})).to.throw(/--run ID .*--all .*--sample/);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'migrate', '--config', join(dir, 'none.json'), '--sample', 'many'], { encoding: 'utf8' });
    expect(cli.status).to.equal(2);
    expect(cli.stderr).to.contain('--sample "many": expected a positive integer');
  });
});
