import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateDataset } from '../../simulators/dataset/validate-dataset.ts';

const run = promisify(execFile);
const BIN = new URL('../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

describe('khoros2intercom dataset', function () {
  this.timeout(60_000);

  it('writes the same bytes twice for one seed and scale, and a valid document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2i-dataset-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await run(process.execPath, [BIN, 'dataset', '--seed', '5', '--scale', 'tiny', '--out', a]);
    await run(process.execPath, [BIN, 'dataset', '--seed', '5', '--scale', 'tiny', '--out', b]);
    const [first, second] = await Promise.all([readFile(a), readFile(b)]);
    expect(first.equals(second)).to.equal(true);
    const dataset = validateDataset(JSON.parse(first.toString('utf8')));
    expect(dataset.meta.seed).to.equal(5);
    expect(dataset.khoros.customers.length).to.be.greaterThan(0);
  });

  it('refuses a bad scale with exit code 2, naming the option', async () => {
    try {
      await run(process.execPath, [BIN, 'dataset', '--seed', '5', '--scale', 'enormous', '--out', join(tmpdir(), 'never.json')]);
      expect.fail('the command accepted a bad scale');
    } catch (error: any) {
      expect(error.code).to.equal(2);
      expect(error.stderr).to.include('--scale').and.include('enormous');
    }
  });
});
