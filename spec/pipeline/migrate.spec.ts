import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../pipeline/config.ts';
import { runMigrate, type RunMigrateOptions } from '../../pipeline/migrate.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { startSimulators, type Simulators } from '../../simulators/start-simulators.ts';
import type { Dataset } from '../../simulators/dataset/types.ts';
import type { Mapping } from '../../pipeline/mapping/mapping.ts';
import { parse } from 'yaml';
import { checkMigration } from '../support/check-migration.ts';
import { runVerify } from '../../pipeline/verify.ts';
import { estimatedByBucket, estimatedByStage, estimateMigration, stageMarks, tinyCounts, type StageMarks } from './estimate/estimate-vs-migration.ts';

type Obj = Record<string, any>;

describe('migrate (tiny dataset, both simulators)', function () {
  this.timeout(120_000);
  let sims: Simulators;
  let config: Config;
  let dir: string;
  let workspacePath: string;
  let mappingPath: string;
  let dataset: Dataset;
  // Intercom requests per stage (both runs) and the first export's Khoros requests: what the estimate must match.
  let marks: StageMarks;
  let exported: Record<string, number>;
  let completed: Awaited<ReturnType<typeof runMigrate>>;

  const options = (autoConfirm: boolean): RunMigrateOptions => ({
    config, workspacePath, mappingPath, autoConfirm, onProgress: (event) => marks.onProgress(event),
    exportOptions: { downloads: false, clients: { quotaScale: 1000 }, sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } } },
  });

  async function requests(): Promise<Obj[]> {
    const text = await (await fetch(`${sims.intercom.inspectUrl}/requests`)).text();
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Obj);
  }
  async function state(): Promise<Record<string, Obj[]>> {
    return (await (await fetch(`${sims.intercom.inspectUrl}/state`)).json()) as Record<string, Obj[]>;
  }

  before(async () => {
    dataset = generateDataset({ seed: 7, scale: 'tiny' });
    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 10 } });
    marks = stageMarks(() => sims.intercom.requests.entries.length);
    config = parseConfig(sims.config, {});
    dir = await mkdtemp(join(tmpdir(), 'k2i-migrate-'));
    workspacePath = join(dir, 'workspace.duckdb');
    mappingPath = join(dir, 'mapping.yaml');
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without --auto-confirm: exports, proposes the map and stops at the confirmation step, writing nothing to Intercom', async () => {
    const before = await state();
    const result = await runMigrate(options(false));
    marks.end();
    exported = result.export.stats.requests as Record<string, number>;
    expect(result.status).to.equal('awaiting-confirmation');
    expect(result.proposed).to.equal(true);
    expect(result.message).to.match(/review .*mapping\.yaml and its report.*map confirm.*migrate/);
    expect(result.confirmed).to.equal(null);
    expect(result.import).to.equal(null);
    expect(existsSync(mappingPath)).to.equal(true);
    expect(existsSync(join(dir, 'mapping.report.md'))).to.equal(true);
    expect(result.objects.contacts.staged).to.be.greaterThan(0);
    expect(result.objects.conversations.staged).to.be.greaterThan(0);
    expect(result.objects.contacts.written).to.equal(0);

    const log = await requests();
    expect(log.length).to.be.greaterThan(0);
    const writes = log.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && /\/search$/.test(r.path)));
    expect(writes.map((r) => `${r.method} ${r.path}`)).to.deep.equal([]);
    const after = await state();
    expect(after.contacts.length).to.equal(before.contacts.length);
    expect(after.conversations.length).to.equal(before.conversations.length);

    // Nothing confirmed in the workspace.
    const workspace = await openWorkspace(workspacePath, { stage: 'spec' });
    try {
      const runs = await workspace.query<{ stage: string }>(`SELECT stage FROM runs WHERE stage IN ('map-confirm', 'provision', 'import')`);
      expect(runs).to.deep.equal([]);
    } finally {
      await workspace.close();
    }
  });

  it('keeps an existing (edited) map, and with --auto-confirm confirms, provisions and imports', async () => {
    const edited = `# reviewed by the spec\n${await readFile(mappingPath, 'utf8')}`;
    await writeFile(mappingPath, edited);
    const before = await state();
    const result = await runMigrate(options(true));
    marks.end();
    completed = result;
    expect(result.status).to.equal('completed');
    expect(result.proposed).to.equal(false);
    expect(await readFile(mappingPath, 'utf8')).to.equal(edited);
    expect(result.confirmed?.byThisRun).to.equal(true);
    expect(result.provision?.counts.failed).to.equal(0);
    const summary = result.import!;
    expect(summary.inFlight).to.equal(0);
    // Then verify --sample reads the hardest records back: all green.
    expect(result.verify?.mode).to.equal('sample');
    expect(result.verify?.pass, JSON.stringify(result.verify?.findings)).to.equal(true);
    expect(result.verify!.counts.some((c) => c.readBack > 0)).to.equal(true);
    expect(summary.contacts.created + summary.contacts.updated).to.be.greaterThan(0);
    expect(summary.conversations.created).to.be.greaterThan(0);

    const after = await state();
    expect(after.contacts.length - before.contacts.length).to.equal(summary.contacts.created);
    expect(after.conversations.length - before.conversations.length).to.equal(summary.conversations.created);
    const caseAttribute = 'khoros_case_id';
    const migrated = after.conversations.filter((c) => Object.keys(c.custom_attributes ?? {}).some((k) => k.startsWith('khoros_')));
    expect(migrated.length).to.be.at.least(summary.conversations.created);
    expect(after.conversations.filter((c) => c.custom_attributes?.[caseAttribute] !== undefined).length).to.be.greaterThan(0);

    const { contacts, conversations } = result.objects;
    expect(contacts.written).to.equal(summary.contacts.created + summary.contacts.updated);
    expect(conversations.written).to.equal(summary.conversations.created + summary.conversations.updated);
    expect(contacts.written + contacts.skipped).to.be.at.most(contacts.staged);
    expect(conversations.written + conversations.skipped).to.be.at.most(conversations.staged);
    expect(contacts.source).to.be.at.least(contacts.staged);
  });

  it('sent, per stage, the Intercom requests `estimate` computes from the counts, and per Khoros bucket the export estimate\'s', async () => {
    const workspace = await openWorkspace(workspacePath, { stage: 'spec' });
    let done: Record<string, number>;
    try {
      const rows = await workspace.query<{ object_type: string; n: number }>(`SELECT object_type, count(*)::INTEGER AS n FROM ledger WHERE status = 'done' GROUP BY object_type`);
      done = Object.fromEntries(rows.map((r) => [r.object_type, r.n]));
    } finally {
      await workspace.close();
    }
    const at = { since: '2023-01-01T00:00:00Z', until: Date.now(), downloads: false };
    // Given what the counts do not carry (what provision and import wrote), the estimate is exact, stage by stage.
    const exact = estimateMigration(tinyCounts(dataset, { result: completed, parts: done.conversation_part, conversationTags: done.conversation_tag }), at);
    expect(marks.requests()).to.deep.equal(estimatedByStage(exact));
    expect(exported).to.deep.equal(estimatedByBucket(exact));
    // verify --full: one more read per record than the sample's.
    const before = sims.intercom.requests.entries.length;
    const verify = await openWorkspace(workspacePath, { stage: 'verify' });
    try {
      await runVerify({ workspace: verify, config, mappingPath, mode: 'full' });
      await verify.finishRun('succeeded');
    } finally {
      await verify.close();
    }
    expect(sims.intercom.requests.entries.length - before).to.equal(exact.stages.find((s) => s.stage === 'verify --full')!.requests);
    // From the counts alone (the shape of conversations, attributes and tags derived): within 10 % over the whole migration.
    const derived = estimateMigration(tinyCounts(dataset), at);
    const sum = (byStage: Record<string, number>) => Object.values(byStage).reduce((n, v) => n + v, 0);
    const actual = sum(marks.requests());
    expect(Math.abs(sum(estimatedByStage(derived)) - actual) / actual, `derived ${sum(estimatedByStage(derived))}, sent ${actual}`).to.be.below(0.1);
    expect(exported).to.deep.equal(estimatedByBucket(derived));
  });

  it('leaves every migrated record in Intercom exactly once, with its mapped values and every part at its original time, in order (checked against the dataset)', async () => {
    const mapping = parse(await readFile(mappingPath, 'utf8')) as Mapping;
    const workspace = await openWorkspace(workspacePath, { stage: 'spec' });
    try {
      const { problems, checked } = await checkMigration({ dataset, workspace, mapping, state: await state() });
      expect(problems).to.deep.equal([]);
      expect(checked.contacts).to.be.greaterThan(0);
      expect(checked.conversations).to.be.greaterThan(0);
      expect(checked.contacts + checked.quarantinedContacts).to.equal(dataset.khoros.customers.length);

      // The check fails where Intercom differs: a part dropped, a part's time moved, a contact's name changed, a conversation doubled.
      const broken = structuredClone(await state());
      const withParts = broken.conversations.filter((c) => c.custom_attributes?.khoros_case_id && (c.conversation_parts?.conversation_parts ?? []).filter((p: Obj) => p.part_type === 'comment').length >= 2);
      const [dropped, moved, doubled] = withParts;
      const firstComment = (c: Obj) => c.conversation_parts.conversation_parts.findIndex((p: Obj) => p.part_type === 'comment');
      dropped.conversation_parts.conversation_parts.splice(firstComment(dropped), 1);
      moved.conversation_parts.conversation_parts[firstComment(moved)].created_at -= 3600;
      broken.conversations.push(structuredClone(doubled));
      const renamed = broken.contacts.find((c) => c.external_id === dataset.khoros.customers[0].id)!;
      renamed.name = 'Someone Else';
      const found = (await checkMigration({ dataset, workspace, mapping, state: broken })).problems;
      const key = (c: Obj) => c.custom_attributes.khoros_case_id as string;
      expect(found.some((p) => p.startsWith(`case ${key(dropped)}: item`)), 'dropped part').to.equal(true);
      expect(found.some((p) => p.startsWith(`case ${key(moved)}:`)), 'moved part').to.equal(true);
      expect(found).to.include(`case ${key(doubled)}: 2 conversations in Intercom (expected 1)`);
      expect(found.some((p) => p.startsWith(`customer ${dataset.khoros.customers[0].id}: displayName → "Someone Else"`)), 'renamed contact').to.equal(true);
      expect(found).to.have.length(4);
    } finally {
      await workspace.close();
    }
  });
});
