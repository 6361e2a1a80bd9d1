/**
 * The `medium` dataset (5,000 customers, 10,000 cases, 60,000 interactions, Care
 * conversations, 300 articles) through the whole migration against both simulators, limits
 * raised, then every record checked against the dataset (`checkMigration`). Not part of
 * `npm test` (it takes several minutes): `npm run test:medium`.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../pipeline/config.ts';
import type { Mapping } from '../../pipeline/mapping/mapping.ts';
import { runMigrate } from '../../pipeline/migrate.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { startSimulators } from '../../simulators/start-simulators.ts';
import { checkMigration } from '../support/check-migration.ts';

describe('migrate (medium dataset, both simulators, limits raised)', function () {
  this.timeout(0);

  it('leaves every migrated record in Intercom exactly once, with its mapped values and every part at its original time and order (checked against the dataset)', async () => {
    const dataset = generateDataset({ seed: 1, scale: 'medium' });
    const sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 20 }, intercom: { ratePerMinute: 1_000_000 } });
    const dir = await mkdtemp(join(tmpdir(), 'k2i-medium-'));
    try {
      const config = parseConfig({ ...sims.config, workspace: join(dir, 'migration.duckdb') }, {});
      const mappingPath = join(dir, 'mapping.yaml');
      const started = Date.now();
      const result = await runMigrate({
        config, mappingPath, autoConfirm: true,
        exportOptions: { clients: { quotaScale: 1000 }, sources: { since: '2023-01-01T00:00:00Z', until: started, report: { firstPollMs: 30 } } },
        onProgress: (e) => { if (e.type === 'stage') process.stderr.write(`  ${Math.round((Date.now() - started) / 1000)} s: ${e.stage}\n`); },
      });
      process.stderr.write(`  migrated in ${Math.round((Date.now() - started) / 1000)} s\n`);
      expect(result.status).to.equal('completed');
      expect(result.import?.inFlight).to.equal(0);

      const mapping = parse(await readFile(mappingPath, 'utf8')) as Mapping;
      const state = (await (await fetch(`${sims.intercom.inspectUrl}/state`)).json()) as Record<string, Record<string, any>[]>;
      const workspace = await openWorkspace(config.workspace, { stage: 'spec' });
      try {
        const { problems, checked } = await checkMigration({ dataset, workspace, mapping, state });
        process.stderr.write(`  checked: ${JSON.stringify(checked)}\n`);
        expect(problems).to.deep.equal([]);
        expect(checked.contacts + checked.quarantinedContacts).to.equal(dataset.khoros.customers.length);
        expect(checked.conversations + checked.quarantinedConversations).to.equal(dataset.khoros.cases.length + (dataset.khoros.conversations ?? []).length);
        expect(checked.quarantinedContacts).to.be.below(dataset.khoros.customers.length / 100);
      } finally {
        await workspace.close();
      }
    } finally {
      await sims.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
