import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { writeDataset } from '../../../simulators/dataset/write-dataset.ts';

/** A stream that keeps what it is given, with a small buffer so backpressure kicks in. */
function collector(): Writable & { bytes(): Buffer; ended: boolean } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done); // asynchronous, so the writer really has to wait for 'drain'
    },
  }) as Writable & { bytes(): Buffer; ended: boolean };
  stream.ended = false;
  stream.on('finish', () => (stream.ended = true));
  stream.bytes = () => Buffer.concat(chunks);
  return stream;
}

/** `global.gc` without `--expose-gc` on the command line (the flag applies to new contexts). */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

async function bytesOf(seed: number, scale: string): Promise<Buffer> {
  const out = collector();
  await writeDataset({ seed, scale }, out);
  return out.bytes();
}

describe('writeDataset', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2i-dataset-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const scale of ['tiny', 'small']) {
    it(`writes byte-identical output for the same seed and scale (${scale})`, async () => {
      const a = await bytesOf(3, scale);
      const b = await bytesOf(3, scale);
      expect(a.length).to.be.above(10_000);
      expect(a.equals(b)).to.equal(true);
    });

    it(`writes a file that JSON.parses to exactly generateDataset (${scale})`, async () => {
      const file = join(dir, `${scale}.json`);
      const { bytes, counts } = await writeDataset({ seed: 3, scale }, file);
      const text = await readFile(file, 'utf8');
      expect((await stat(file)).size).to.equal(bytes);
      const expected = generateDataset({ seed: 3, scale });
      expect(JSON.parse(text)).to.deep.equal(expected);
      expect(counts).to.deep.equal(expected.meta.counts);
    });
  }

  it('writes different bytes for different seeds', async () => {
    const a = createHash('sha256').update(await bytesOf(1, 'tiny')).digest('hex');
    const b = createHash('sha256').update(await bytesOf(2, 'tiny')).digest('hex');
    expect(a).not.to.equal(b);
  });

  it('puts one record per line in every record array, and ends with a newline', async () => {
    const text = (await bytesOf(1, 'tiny')).toString('utf8');
    const lines = text.split('\n');
    expect(lines[0]).to.match(/^\{"version":1,"meta":\{"seed":1,"scale":"tiny",.*"khoros":\{"instance":\{.*\},"customFields":\{.*\},"customers":\[$/);
    expect(lines.at(-1)).to.equal('');
    const d = generateDataset({ seed: 1, scale: 'tiny' });
    const customerLines = lines.filter((l) => /^\{"id":"C\d{7}"/.test(l));
    expect(customerLines).to.have.length(d.khoros.customers.length);
    expect(JSON.parse(customerLines[0].replace(/,$/, ''))).to.deep.equal(d.khoros.customers[0]);
    const caseLine = lines.find((l) => l.startsWith(`{"id":"${d.khoros.cases[1].id}"`))!;
    expect(JSON.parse(caseLine.replace(/,$/, ''))).to.deep.equal(d.khoros.cases[1]);
    expect(text).to.include('"kb":{"categories":[\n');
    expect(text).to.include('\n],"cases":[\n');
  });

  it('leaves a stream it was given open', async () => {
    const out = collector();
    await writeDataset({ seed: 1, scale: 'tiny' }, out);
    expect(out.ended).to.equal(false);
    expect(out.writable).to.equal(true);
  });

  it('rejects when the stream fails', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk full'));
      },
    });
    broken.on('error', () => {});
    let error = undefined as Error | undefined;
    await writeDataset({ seed: 1, scale: 'small' }, broken).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('disk full');
  });

  it('rejects a bad scale before writing anything, naming --scale', async () => {
    const out = collector();
    let error = undefined as Error | undefined;
    await writeDataset({ seed: 1, scale: 'galactic' }, out).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^--scale "galactic"/);
    expect(out.bytes().length).to.equal(0);
  });

  it('streams a bigger explicit scale to a file with bounded heap growth', async function () {
    this.timeout(120_000);
    const file = join(dir, 'bigger.json');
    const gc = exposeGc();
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let livePeak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    // After a full collection heapUsed is the live set: what the writer really holds.
    const liveSampler = gc
      ? setInterval(() => {
          gc();
          livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
        }, 250)
      : undefined;
    let result;
    try {
      result = await writeDataset({ seed: 1, scale: 'customers=30000,interactions=200000' }, file);
    } finally {
      clearInterval(sampler);
      clearInterval(liveSampler);
    }
    const growth = peak - baseline;
    const liveGrowth = livePeak - baseline;
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
    process.stdout.write(`      (${mb(result.bytes)} written; heapUsed peak +${mb(growth)}${gc ? `, live set peak +${mb(liveGrowth)}` : ''})\n`);
    expect(result.counts).to.include({ customers: 30_000, interactions: 200_000 });
    expect((await stat(file)).size).to.equal(result.bytes);
    expect(result.bytes).to.be.above(100 * 2 ** 20);
    // Holding the records would grow the heap by more than the file size (objects are
    // bigger than their JSON); uncollected garbage alone stays well below it.
    expect(growth).to.be.below(result.bytes / 2);
    if (gc) expect(liveGrowth).to.be.below(result.bytes / 20);
    await rm(file);
  });
});
