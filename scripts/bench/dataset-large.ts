/**
 * Benchmark (not part of `npm test`): streams the `large` dataset to a file and prints the
 * bytes, the record counts, the elapsed seconds and the peak RSS.
 *
 * @example
 * npx tsx scripts/bench/dataset-large.ts /tmp/large.json [seed]
 */
import { writeDataset } from '../../simulators/dataset/write-dataset.ts';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: tsx scripts/bench/dataset-large.ts OUT_FILE [SEED]\n');
  process.exit(2);
}
const seed = Number(process.argv[3] ?? 1);
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 50);
const started = performance.now();
const { bytes, counts } = await writeDataset({ seed, scale: 'large' }, out);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
process.stdout.write(
  `${JSON.stringify(
    {
      out,
      seed,
      scale: 'large',
      bytes,
      size: mb(bytes),
      seconds: Number(seconds.toFixed(1)),
      peakRss: mb(process.resourceUsage().maxRSS * 1024),
      peakHeapUsed: mb(peakHeap),
      counts,
    },
    null,
    2,
  )}\n`,
);
