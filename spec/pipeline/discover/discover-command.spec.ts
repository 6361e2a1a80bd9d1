import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { startSimulators, type Simulators } from '../../../simulators/start-simulators.ts';

const BIN = new URL('../../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

/** Runs the CLI to its end. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('khoros2intercom discover', function () {
  this.timeout(60_000);
  const dataset = generateDataset({ seed: 1, scale: 'tiny' });
  let sims: Simulators;
  let dir: string;
  let configPath: string;

  before(async () => {
    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 20 } });
    dir = await mkdtemp(join(tmpdir(), 'k2i-discover-cli-'));
    configPath = join(dir, 'sim.config.json');
    await writeFile(configPath, JSON.stringify({ ...sims.config, workspace: join(dir, 'migration.duckdb') }));
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes discover.md and discover.json beside the config\'s workspace and prints a summary on stderr', async () => {
    const { code, stdout, stderr } = await run(['discover', '--config', configPath, '--quota-scale', '1000', '--since', '2023-01-01T00:00:00Z']);
    expect(code, stderr).to.equal(0);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/^discover: 8 agents, /m);
    expect(stderr).to.include('not exported yet: customers, cases');
    expect(stderr).to.match(/agents: 8: \d+ matched to an Intercom admin, \d+ only case-insensitively, \d+ need a fallback admin/);
    expect(stderr).to.include('to rebuild in Intercom: 8 automation rules, 5 work queues, 4 SLAs');
    const markdown = await readFile(join(dir, 'migration.reports', 'discover.md'), 'utf8');
    expect(markdown).to.include('## Automation inventory');
    const report = JSON.parse(await readFile(join(dir, 'migration.reports', 'discover.json'), 'utf8'));
    expect(report.full).to.equal(false);
    expect(report.estimate.since).to.equal('2023-01-01T00:00:00.000Z');
  });

  it('honours --workspace and --out, and with --full counts everything', async () => {
    const out = join(dir, 'elsewhere');
    const { code, stderr } = await run(['discover', '--config', configPath, '--workspace', join(dir, 'full.duckdb'), '--out', out, '--full',
      '--quota-scale', '1000', '--report-poll-ms', '40', '--since', '2023-01-01T00:00:00Z']);
    expect(code, stderr).to.equal(0);
    expect(stderr).to.include(`${dataset.khoros.customers.length} customers, ${dataset.khoros.cases.length} cases`);
    expect(stderr).to.not.include('not exported yet');
    const report = JSON.parse(await readFile(join(out, 'discover.json'), 'utf8'));
    expect(report.full).to.equal(true);
    expect(report.estimate.estimate.unknown).to.deep.equal([]);
  });

  it('refuses a --since that is not a time, naming it', async () => {
    const { code, stderr } = await run(['discover', '--config', configPath, '--since', 'last tuesday']);
    expect(code).to.equal(2);
    expect(stderr).to.include('--since');
  });
});
