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

type Obj = Record<string, any>;

describe('migrate (tiny dataset, both simulators)', function () {
  this.timeout(120_000);
  let sims: Simulators;
  let config: Config;
  let dir: string;
  let workspacePath: string;
  let mappingPath: string;

  const options = (autoConfirm: boolean): RunMigrateOptions => ({
    config, workspacePath, mappingPath, autoConfirm,
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
    sims = await startSimulators({ dataset: generateDataset({ seed: 7, scale: 'tiny' }), khoros: { quotaScale: 1000, analyticsJobMs: 10 } });
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
    expect(result.status).to.equal('completed');
    expect(result.proposed).to.equal(false);
    expect(await readFile(mappingPath, 'utf8')).to.equal(edited);
    expect(result.confirmed?.byThisRun).to.equal(true);
    expect(result.provision?.counts.failed).to.equal(0);
    const summary = result.import!;
    expect(summary.inFlight).to.equal(0);
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
});
