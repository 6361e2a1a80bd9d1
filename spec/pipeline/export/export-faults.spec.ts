import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../pipeline/config.ts';
import { runExport, type ExportSummary } from '../../../pipeline/export.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';
import type { KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { simulatorWithConfig } from './run-export-cli.ts';

/** Records made invalid on purpose, each with the quarantine reason it must get. */
function plantInvalid(dataset: Dataset): { family: string; key: string; reason: RegExp }[] {
  const customer = dataset.khoros.customers[10];
  (customer as any).email = 12345;
  const noInteractionId = dataset.khoros.cases[5];
  delete (noInteractionId.interactions[0] as any).id;
  const badDate = dataset.khoros.cases[7];
  badDate.created = 'yesterday';
  const article = dataset.khoros.kb!.articles[2];
  delete (article as any).subject;
  return [
    { family: 'customers', key: customer.id, reason: /\/email must be string/ },
    { family: 'cases', key: noInteractionId.id, reason: /\/interactions\/0 must have required property 'id'/ },
    { family: 'cases', key: badDate.id, reason: /\/created must match format "date-time"/ },
    { family: 'kb_articles', key: article.id, reason: /must have required property 'subject'/ },
  ];
}

describe('export of the medium dataset with faults on', function () {
  this.timeout(300_000);
  let sim: KhorosSimulator;
  let workspace: Workspace;
  let dataset: Dataset;
  let planted: ReturnType<typeof plantInvalid>;
  let summary: ExportSummary;
  let attempts = 0;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2i-faults-'));
    dataset = generateDataset({ seed: 11, scale: 'medium' });
    planted = plantInvalid(dataset);
    const started = await simulatorWithConfig(dataset, dir, {
      quotaScale: 1000, analyticsJobMs: 10,
      faults: { seed: 5, rate5xx: 0.04, rateReset: 0.03, ratePlainText: 0.05, rateTruncated: 0.03 },
    });
    sim = started.sim;
    const config = await loadConfig(started.configPath, {});
    workspace = await openWorkspace(join(dir, 'medium.duckdb'));
    const fast = { baseMs: 1, capMs: 5 };
    // A stream that runs out of retries stops with its checkpoint; the operator reruns, as the CLI's exit code 3 says.
    for (;;) {
      attempts++;
      try {
        summary = await runExport({
          config, workspace, downloads: false,
          clients: { quotaScale: 1000, retry: { 'server-error': fast, network: fast, malformed: fast, 'connect-failed': fast } },
          sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } },
        });
        break;
      } catch (error) {
        if (attempts >= 5) throw error;
      }
    }
  });

  after(async () => {
    await workspace?.close();
    await sim?.close();
  });

  const keys = async (family: string) => (await workspace.query<{ key: string }>(`SELECT key FROM raw_${family} ORDER BY key`)).map((r) => r.key);
  const expected = (family: string, ids: string[]) => ids.filter((id) => !planted.some((p) => p.family === family && p.key === id)).sort();

  it('met faults and retried through them', () => {
    const retries = Object.values(summary.stats.retries).flatMap((byReason) => Object.values(byReason)).reduce((a, b) => a + b, 0);
    expect(retries).to.be.greaterThan(20);
    expect(sim.requests.list().filter((r) => r.fault).length).to.be.greaterThan(20);
  });

  it('stages every valid customer, case, author, conversation and article exactly once', async () => {
    expect(await keys('customers')).to.deep.equal(expected('customers', dataset.khoros.customers.map((c) => c.id)));
    expect(await keys('cases')).to.deep.equal(expected('cases', dataset.khoros.cases.map((c) => c.id)));
    expect(await keys('authors')).to.deep.equal(dataset.khoros.authors!.map((a) => a.id).sort());
    expect(await keys('conversations')).to.deep.equal(dataset.khoros.conversations!.map((c) => c.lswUuid).sort());
    expect(await keys('kb_articles')).to.deep.equal(expected('kb_articles', dataset.khoros.kb!.articles.map((a) => a.id)));
    expect(await keys('agents')).to.have.length(dataset.khoros.agents!.length);
  });

  it('keeps every interaction of every staged case, in stored order', async () => {
    const rows = await workspace.query<{ key: string; ids: string[] }>(
      "SELECT key, json_extract_string(payload, '$.interactions[*].id') AS ids FROM raw_cases",
    );
    const byId = new Map(dataset.khoros.cases.map((c) => [c.id, c.interactions.map((i) => i.id)]));
    let total = 0;
    for (const row of rows) {
      expect(row.ids, row.key).to.deep.equal(byId.get(row.key));
      total += row.ids.length;
    }
    expect(total).to.be.greaterThan(50_000);
  });

  it('quarantines each invalid record once, with the reason and where it came from', async () => {
    const rows = await workspace.query<{ family: string; key: string; reason: string; endpoint: string; n: number }>(
      'SELECT family, key, reason, endpoint FROM quarantine ORDER BY family, key',
    );
    expect(rows).to.have.length(planted.length);
    for (const p of planted) {
      const row = rows.find((r) => r.family === p.family && r.key === p.key);
      expect(row, `${p.family} ${p.key}`).to.exist;
      expect(row!.reason).to.match(p.reason);
      expect(row!.endpoint).to.be.a('string').and.not.be.empty;
    }
  });
});
