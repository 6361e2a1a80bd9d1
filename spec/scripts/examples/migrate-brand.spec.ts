import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../../pipeline/config.ts';
import { runDelta } from '../../../pipeline/delta.ts';
import { ConfigError } from '../../../pipeline/errors.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { main, migrateBrand } from '../../../scripts/examples/migrate-brand.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { Case, Dataset } from '../../../simulators/dataset/types.ts';
import { startSimulators, type Simulators } from '../../../simulators/start-simulators.ts';
import { captureStderr } from '../../support/capture-stderr.ts';

type Obj = Record<string, any>;

describe('example: migrate-brand (tiny dataset, both simulators)', function () {
  this.timeout(120_000);
  let sims: Simulators;
  let config: Config;
  let dir: string;
  let dataset: Dataset;
  let brand: { id: string; name: string };
  let brandCases: Case[];
  /** How many cases and customers the auto-confirmed run chose. */
  const chosen = { cases: 0, customers: 0 };
  const clients = { quotaScale: 1000 };
  const paths = () => ({ workspacePath: join(dir, 'workspace.duckdb'), mappingPath: join(dir, 'mapping.yaml') });

  async function state(): Promise<Record<string, Obj[]>> {
    return (await (await fetch(`${sims.intercom.inspectUrl}/state`)).json()) as Record<string, Obj[]>;
  }

  before(async () => {
    dataset = generateDataset({ seed: 7, scale: 'tiny' });
    // The brand with the fewest interactions among those with two cases or more (keeps the spec fast).
    const byBrand = new Map<string, Case[]>();
    for (const c of dataset.khoros.cases) if (c.brandId) byBrand.set(c.brandId, [...(byBrand.get(c.brandId) ?? []), c]);
    const weight = (cases: Case[]) => cases.reduce((n, c) => n + c.interactions.length, 0);
    const [id, cases] = [...byBrand.entries()].filter(([, cs]) => cs.length >= 2).sort((a, b) => weight(a[1]) - weight(b[1]) || a[0].localeCompare(b[0]))[0];
    brand = { id, name: dataset.khoros.brands!.find((b) => b.id === id)!.name };
    brandCases = cases;
    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000 }, intercom: { ratePerMinute: 1_000_000 } });
    config = parseConfig(sims.config, {});
    dir = await mkdtemp(join(tmpdir(), 'k2i-brand-'));
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without --auto-confirm: exports, proposes the map and stops before writing anything to Intercom', async () => {
    const before = await state();
    const result = await migrateBrand({ config, brand: brand.name.toUpperCase(), ...paths(), clients });
    expect(result.status).to.equal('awaiting-confirmation');
    expect(result.message).to.match(/mapping\.yaml was proposed: review it .*map confirm/);
    expect(result.brand).to.deep.equal(brand);
    expect(result.cases).to.deep.equal(brandCases.map((c) => c.id).sort());
    expect(existsSync(paths().mappingPath)).to.equal(true);
    const after = await state();
    expect(after.contacts.length).to.equal(before.contacts.length);
    expect(after.conversations.length).to.equal(before.conversations.length);
  });

  it('with --auto-confirm: imports exactly that brand\'s cases and the contacts they need, nothing of the other brands', async () => {
    const before = await state();
    const result = await migrateBrand({ config, brand: brand.name, ...paths(), clients, autoConfirm: true });
    expect(result.status).to.equal('completed');
    expect(result.provision?.failed).to.equal(0);
    Object.assign(chosen, { cases: result.cases.length, customers: result.customers.length });
    const after = await state();

    const quarantined = new Set<string>();
    const workspace = await openWorkspace(paths().workspacePath, { stage: 'spec' });
    try {
      for (const row of await workspace.query<{ key: string }>(`SELECT DISTINCT dedupe_key AS key FROM quarantine WHERE family = 'import_conversations'`)) quarantined.add(row.key);
    } finally {
      await workspace.close();
    }
    const migrated = after.conversations.filter((c) => c.custom_attributes?.khoros_case_id !== undefined);
    const expectedCases = brandCases.map((c) => c.id).filter((id) => !quarantined.has(id)).sort();
    expect(expectedCases.length).to.be.greaterThan(0);
    expect(migrated.map((c) => c.custom_attributes.khoros_case_id).sort()).to.deep.equal(expectedCases);
    expect(result.import!.conversations.created).to.equal(expectedCases.length);
    expect(after.conversations.length - before.conversations.length).to.equal(expectedCases.length);

    // Contacts: only the customers of the brand's cases were created or updated.
    const customers = new Set(brandCases.map((c) => c.customerId).filter((c): c is string => typeof c === 'string'));
    const migratedCustomers = after.contacts.map((c) => c.external_id).filter((e) => dataset.khoros.customers.some((k) => k.id === e));
    expect(migratedCustomers.length).to.be.greaterThan(0);
    expect(migratedCustomers.filter((e) => !customers.has(e)), 'contacts of customers outside the brand').to.deep.equal([]);
    expect(result.customers).to.deep.equal([...customers].sort());
    expect(result.import!.articles.created).to.equal(0);
  });

  it('marks its import run partial, so a delta refuses the workspace instead of creating the other brands\' records', async () => {
    const workspace = await openWorkspace(paths().workspacePath, { stage: 'delta' });
    try {
      const [run] = await workspace.query<{ partial: string }>(
        `SELECT json_extract(args, '$.partial')::VARCHAR AS partial FROM runs WHERE stage = 'import' AND status = 'succeeded'`);
      expect(JSON.parse(run.partial)).to.deep.equal({ onlyKeys: chosen.cases + chosen.customers, articles: false });
      const before = await state();
      let refused: unknown;
      await runDelta({ config, workspace, mappingPath: paths().mappingPath, clients }).catch((error) => { refused = error; });
      expect(refused).to.be.instanceOf(ConfigError);
      expect((refused as Error).message).to.include('no full import (or migrate) has succeeded').and.include('an import limited to some keys');
      const after = await state();
      expect([after.contacts.length, after.conversations.length]).to.deep.equal([before.contacts.length, before.conversations.length]);
    } finally {
      await workspace.close();
    }
  });

  it('refuses a brand no staged brand has, listing the brands (exit code 2)', async () => {
    const configPath = join(dir, 'sim.config.json');
    await writeFile(configPath, JSON.stringify(sims.config));
    const { value: code, stderr } = await captureStderr(() =>
      main(['--config', configPath, '--brand', 'No Such Brand', '--workspace', paths().workspacePath, '--quota-scale', '1000']));
    expect(code).to.equal(2);
    expect(stderr).to.include('--brand "No Such Brand": no staged brand has that name; the brands are').and.include(JSON.stringify(brand.name));
  });
});
