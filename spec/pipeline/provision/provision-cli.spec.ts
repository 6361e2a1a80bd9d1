import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProvisionReport } from '../../../pipeline/provision.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { confirmTiny, simState, type ConfirmedTiny } from './provision-fixtures.ts';

const BIN = new URL('../../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

function spawnProvision(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, 'provision', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function finished(child: ChildProcess): Promise<{ code: number | string; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => (stdout += c));
  child.stderr?.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr })));
}

/** Names of what provision creates, per kind, sorted: what two runs must agree on. */
function inventory(state: Record<string, Record<string, any>[]>) {
  return {
    contact: state.data_attributes.filter((a) => a.model === 'contact' && a.custom).map((a) => `${a.name}:${(a.options ?? []).join('|')}`).sort(),
    conversation: state.conversation_attributes.map((a) => `${a.name}:${(a.options ?? []).map((o: { label: string }) => o.label).join('|')}`).sort(),
    tags: state.tags.map((t) => t.name).sort(),
    collections: state.collections.map((c) => `${state.collections.find((p) => p.id === c.parent_id)?.name ?? ''}/${c.name}`).sort(),
  };
}

describe('khoros2intercom provision (CLI)', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  const sims: IntercomSimulator[] = [];

  before(async () => {
    tiny = await confirmTiny();
  });
  after(async () => {
    for (const sim of sims) await sim.close();
    await tiny?.close();
  });

  /** A fresh Intercom simulator (answering in 10–40 ms, so a kill can land mid-request) and a config file for it. */
  async function intercomWithConfig(name: string): Promise<{ sim: IntercomSimulator; configPath: string }> {
    const sim = await startIntercomSimulator({ workspace: structuredClone(tiny.dataset.intercom), latency: { p50Ms: 10, p99Ms: 40 }, seed: 3 });
    sims.push(sim);
    const config = JSON.parse(await readFile(tiny.staged.configPath, 'utf8'));
    const configPath = join(tiny.staged.dir, `${name}.config.json`);
    await writeFile(configPath, JSON.stringify({ ...config, intercom: { url: sim.url, token: sim.token, version: '2.16' } }));
    return { sim, configPath };
  }

  it('prints the report as JSON and a summary; killed at any moment and rerun, it ends with exactly what an uninterrupted run creates', async () => {
    const reference = await intercomWithConfig('reference');
    const referencePath = await tiny.copy('cli-reference');
    const whole = await finished(spawnProvision(['--config', reference.configPath, '--workspace', referencePath, '--mapping', tiny.mappingPath]));
    expect(whole.code, whole.stderr).to.equal(0);
    const report = JSON.parse(whole.stdout) as ProvisionReport;
    expect(report.counts.created).to.be.greaterThan(40);
    expect(whole.stderr).to.match(/^provision \(map version 1, run .*\):\n/);
    expect(whole.stderr).to.include('To do by hand in Intercom (1):\n  - help-center locale he: enable he on help center 4100001');
    const expected = inventory(await simState(reference.sim));

    const killed = await intercomWithConfig('killed');
    const path = await tiny.copy('cli-killed');
    const args = ['--config', killed.configPath, '--workspace', path, '--mapping', tiny.mappingPath];
    const writes = () => killed.sim.requests.entries.filter((e) => e.method !== 'GET').length;
    for (const after of [3, 12, 25, 40]) {
      const child = spawnProvision(args);
      const exit = finished(child);
      // Kill once the simulator has taken `after` writes in all (each run first finds what the last one wrote).
      const timer = setInterval(() => { if (writes() >= after) child.kill('SIGKILL'); }, 2);
      const result = await exit;
      clearInterval(timer);
      if (result.code !== 'SIGKILL') expect(result.code, result.stderr).to.equal(0);
    }
    const last = await finished(spawnProvision(args));
    expect(last.code, last.stderr).to.equal(0);
    const final = JSON.parse(last.stdout) as ProvisionReport;
    expect(final.counts).to.include({ failed: 0, skipped: 0 });

    const state = await simState(killed.sim);
    expect(inventory(state)).to.deep.equal(expected);
    const workspace = await openWorkspace(path, { stage: 'inspect' });
    try {
      expect(await workspace.query(`SELECT seq FROM ledger WHERE status = 'intent'`), 'writes left in flight').to.deep.equal([]);
      // One done write per object, whichever run made it; the ids are Intercom's.
      const done = await workspace.query<{ object_type: string; khoros_key: string; operation: string; n: number }>(
        `SELECT object_type, khoros_key, operation, count(*) AS n FROM ledger WHERE status = 'done' GROUP BY ALL ORDER BY ALL`);
      expect(done.filter((d) => d.n > 1)).to.deep.equal([]);
      expect(done.length).to.equal(report.counts.created + report.counts.updated);
      const runs = await workspace.query<{ status: string }>(`SELECT status FROM runs WHERE stage = 'provision' ORDER BY started_at`);
      expect(runs.at(-1)).to.deep.equal({ status: 'succeeded' });
      expect(runs.length).to.be.greaterThan(1);
    } finally {
      await workspace.close();
    }
  });

  it('exits 2 with what to do when no map is confirmed', async () => {
    const { configPath } = await intercomWithConfig('unconfirmed');
    const path = join(tiny.staged.dir, 'empty.duckdb');
    await (await openWorkspace(path, { stage: 'spec' })).close();
    const result = await finished(spawnProvision(['--config', configPath, '--workspace', path, '--mapping', tiny.mappingPath]));
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^khoros2intercom provision: no field map is confirmed in this workspace: review .*mapping\.yaml, then run `khoros2intercom map confirm/);
  });

  it('exits 2 naming the option when the workspace file does not exist, creating nothing', async () => {
    const { configPath } = await intercomWithConfig('missing');
    const path = join(tiny.staged.dir, 'typo.duckdb');
    const result = await finished(spawnProvision(['--config', configPath, '--workspace', path, '--mapping', tiny.mappingPath]));
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(`--workspace ${path}: no such workspace`);
    expect(existsSync(path)).to.equal(false);
  });
});
