import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { finished, simulatorWithConfig, spawnExport } from './run-export-cli.ts';
import { workspaceSnapshot } from './workspace-snapshot.ts';

const ARGS = ['--since', '2023-01-01T00:00:00Z', '--quota-scale', '50', '--report-poll-ms', '30', '--max-file-bytes', '1000000'];

describe('export killed with SIGKILL at random points', function () {
  this.timeout(240_000);
  let dir: string;
  let sim: KhorosSimulator;
  let configPath: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2i-kill-'));
    ({ sim, configPath } = await simulatorWithConfig(generateDataset({ seed: 4, scale: 'small' }), dir, { quotaScale: 50, analyticsJobMs: 20 }));
  });

  after(async () => sim?.close());

  it('resumes each time and ends with the workspace of an uninterrupted export', async () => {
    const reference = join(dir, 'reference.duckdb');
    const uninterrupted = await finished(spawnExport(configPath, reference, ARGS));
    expect(uninterrupted.code, uninterrupted.stderr).to.equal(0);

    const killed = join(dir, 'killed.duckdb');
    const rng = xoroshiro128plus(20261130);
    let kills = 0;
    for (let attempt = 0; attempt < 6 && kills < 4; attempt++) {
      const child = spawnExport(configPath, killed, ARGS);
      const outcome = finished(child);
      // Random moments across the run: early pages, the parallel phase, the downloads.
      setTimeout(() => child.kill('SIGKILL'), uniformInt(rng, 600, 7000));
      const { code } = await outcome;
      if (code === 'SIGKILL') kills++;
      else expect(code).to.equal(0);
    }
    expect(kills, 'the export was never killed mid-run').to.be.greaterThan(1);
    const last = await finished(spawnExport(configPath, killed, ARGS));
    expect(last.code, last.stderr).to.equal(0);

    const [expected, actual] = await Promise.all([workspaceSnapshot(reference), workspaceSnapshot(killed)]);
    expect(Object.keys(actual)).to.deep.equal(Object.keys(expected));
    for (const table of Object.keys(expected)) expect(actual[table], table).to.deep.equal(expected[table]);
    expect(expected.raw_cases).to.have.length(300);
    expect(expected.checkpoints.every((line) => line.includes('"done":true'))).to.equal(true);
  });
});
