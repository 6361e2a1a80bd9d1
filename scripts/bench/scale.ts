/**
 * Benchmark (not part of `npm test`): the `large` dataset (about 100,000 customers, 204,000
 * conversations, 1,000,000 interactions) through export and import against both simulators
 * with their limits off, against `medium` (5,000 / 12,000 / 60,000), each migration in a
 * child process of its own (`rss-child.ts`), the simulators in another.
 *
 * Figures, large over medium:
 * - `peakRss`: the migration process's peak RSS (target: flat, at most 1.1);
 * - `cpuPerRecord`: the migration process's CPU seconds per record written (contacts,
 *   conversations with their parts, articles): time per record that other jobs on the
 *   machine do not inflate (target at most 1.1);
 * - `wallPerRecord` and `importWallPerRequest`: the same in wall time, and the import's wall
 *   time per Intercom request; these count the simulators' time too (one process each, on
 *   the same 2 cores), and any other load on the machine.
 *
 * @example
 * npm run bench:scale                                    # medium, then large (about an hour on 2 idle cores)
 * npx tsx scripts/bench/scale.ts small medium           # any two scales, smaller first
 * npx tsx scripts/bench/scale.ts medium large --memory-limit 256MB --threads 1   # both under other DuckDB settings
 */
import { rssChild, type RssChildFigures } from './rss-child.ts';

const TARGET = 1.1;
const argv = process.argv.slice(2);
const flag = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const duckdb = { memoryLimit: flag('--memory-limit'), threads: flag('--threads') ? Number(flag('--threads')) : undefined };
const [base = 'medium', big = 'large'] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
/** Each child's limit: large through import takes about an hour on 2 idle cores. */
const TIMEOUT_MS = 4 * 3600_000;
const round = (n: number, d = 3) => Number(n.toFixed(d));

type Done = Extract<RssChildFigures, { maxRssMb: number }>;
const records = (f: Done) => f.written.contacts + f.written.conversations + f.written.articles;
const perRecord = (f: Done) => ({ records: records(f), cpuSeconds: f.cpuSeconds, cpuMsPerRecord: round(f.cpuSeconds * 1000 / records(f)),
  wallMsPerRecord: round(f.seconds * 1000 / records(f)), importMsPerRequest: round(f.importSeconds * 1000 / f.intercomRequests) });

const figures: RssChildFigures[] = [];
for (const scale of [base, big]) {
  process.stderr.write(`scale: migrating ${scale} (export and import, limits off)…\n`);
  figures.push(await rssChild(scale, TIMEOUT_MS, duckdb));
}
const [small, large] = figures as [RssChildFigures, RssChildFigures];
if (!('maxRssMb' in small) || !('maxRssMb' in large)) {
  process.stdout.write(`${JSON.stringify({ error: 'a migration did not finish', base: small, big: large }, null, 2)}\n`);
  process.exit(1);
}
const ratio = (a: number, b: number) => ({ value: round(b / a), target: `<= ${TARGET}`, pass: b / a <= TARGET });
const [a, b] = [perRecord(small), perRecord(large)];
process.stdout.write(`${JSON.stringify({
  command: `npx tsx scripts/bench/scale.ts ${argv.join(' ')}`.trim(),
  peakRss: ratio(small.maxRssMb, large.maxRssMb),
  cpuPerRecord: ratio(a.cpuMsPerRecord, b.cpuMsPerRecord),
  wallPerRecord: { value: round(b.wallMsPerRecord / a.wallMsPerRecord) },
  importWallPerRequest: { value: round(b.importMsPerRequest / a.importMsPerRequest) },
  [base]: { ...small, ...a }, [big]: { ...large, ...b },
}, null, 2)}\n`);
