/**
 * `npm run bench`: every benchmark in sequence, each in its own process (so one's heap,
 * DuckDB files and timers do not disturb the next), then one JSON summary on stdout with
 * each figure, its target and whether it met it. The benches print their tables on stderr
 * as they finish.
 *
 * Benchmarks report, they do not gate: the exit code is 0 whatever the figures, and 1 only
 * when a benchmark could not run at all (then there is no figure to report).
 *
 * - `workspace-append.ts`: 100,000 small rows through `writePage`, one stream and four at once;
 * - `staging-rate.ts`: the `medium` export's customers, cases and conversations with the
 *   limits off, staged rows per second against a bare appender loop on the same rows;
 * - `export-rate.ts`: the `medium` export with both sides' quotas times 5: achieved rate
 *   over the allowed rate per bucket, 429s, and requests per 1,000 records against the
 *   API minimum (`requests-per-record.ts`) from the same run;
 * - `intercom-rate.ts`: a minute of reads through the paced Intercom client, achieved rate
 *   over the quota with 150 ms median latency, and 429s.
 *
 * @example
 * npm run -s bench > bench.json   # about 4 minutes on 2 cores (-s: no npm banner in the JSON)
 * npm run bench -- --quick # small dataset, one repeat: checks the benches run, figures not comparable
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const quick = process.argv.includes('--quick');

/** Runs `scripts/bench/<file>` with `args`; answers its stdout parsed as JSON. */
function runBench(file: string, args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    process.stderr.write(`\n== ${file} ${args.join(' ')}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/bench/${file}`, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.stderr.write(`== ${file}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (code !== 0) return reject(new Error(`${file} exited with ${code ?? signal}`));
      try {
        resolve(JSON.parse(out));
      } catch (error) {
        reject(new Error(`${file} did not print JSON: ${(error as Error).message}`));
      }
    });
  });
}

interface Figure {
  figure: string;
  value: unknown;
  target: string;
  pass: boolean;
  note?: string;
}

const startedAt = new Date();
// Other processes on the machine slow the benches unevenly: the load is part of the record.
const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const figures: Figure[] = [];
const details: Record<string, unknown> = {};
const errors: string[] = [];

async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    errors.push(`${name}: ${(error as Error).message}`);
  }
}

// The benches' JSON is read field by field (`any`): each bench owns its shape.
await step('workspace-append', async () => {
  const r = (await runBench('workspace-append.ts', quick ? ['20000', '1000', '1', '4'] : ['100000', '1000', '5', '4'])) as any;
  details.workspaceAppend = r;
  figures.push({
    figure: `workspace-append: writePage rows/s over a bare appender loop (${r.rows} rows, pages of ${r.pageSize}, one stream)`,
    value: r.ratioToBareLoop, target: '>= 0.5', pass: r.ratioToBareLoop >= 0.5,
    note: `same columns as the raw table: ${r.ratioToBareLoopSameColumns}; ${r.streams} streams at once (group commit): ${r.streamsRatioToBareLoop} (same columns ${r.streamsRatioToBareLoopSameColumns})`,
  });
});

await step('staging-rate', async () => {
  const r = (await runBench('staging-rate.ts', quick ? ['small', '1', '1'] : ['medium', '1', '3'])) as any;
  details.stagingRate = r;
  // The export keeps up to 8 pages of a stream in flight (stage-family.ts), so the workspace
  // stages them as queued pages (group commit): that is the export's staging rate.
  figures.push({
    figure: `staged rows/s with limits off, workspace as the export drives it (the export's ${r.pages} pages, ${r.pipelineDepth} of a stream in flight) over a bare appender loop on the same ${r.rows} rows`,
    value: r.reference.workspacePipelined, target: '>= 0.5', pass: r.reference.workspacePipelined >= 0.5,
    note: `one page at a time: ${r.workspace.ratio}`,
  });
  figures.push({
    figure: 'staged rows/s with limits off, end to end (export wall clock) over the same bare appender loop',
    value: r.endToEnd.ratio, target: '>= 0.5', pass: r.endToEnd.pass,
    note: 'includes the in-process simulator, HTTP, parsing, validation and the Analytics enumeration; see the report for the export with writes disabled',
  });
});

await step('export-rate', async () => {
  const r = (await runBench('export-rate.ts', quick ? ['small', '10', '1'] : ['medium', '5', '1'])) as any;
  details.exportRate = r.exportRate;
  details.requestsPerRecord = r.requestsPerRecord;
  const rate = r.exportRate;
  const judged = rate.buckets.filter((b: any) => b.judged);
  figures.push({
    figure: `achieved request rate over the allowed rate, per bucket, during paced time (${rate.scale}, quotas x${rate.quotaScale} on both sides)`,
    value: Object.fromEntries(judged.map((b: any) => [b.bucket, b.achievedOverAllowed])),
    target: '>= 0.95 in every bucket with >= 20 paced intervals', pass: rate.achievedOverAllowed.pass,
    note: `export ${rate.exportS} s; span-based (idle included): ${judged.map((b: any) => `${b.bucket} ${b.spanOverAllowed}`).join(', ')}`,
  });
  figures.push({
    figure: '429s received when the client budget equals the server budget',
    value: { client: rate.rateLimited.client, server: rate.rateLimited.server }, target: '0', pass: rate.rateLimited.pass,
  });
  const perRecord = r.requestsPerRecord;
  const over = perRecord.families.filter((f: any) => !f.atMinimum);
  figures.push({
    figure: 'requests per 1,000 records per family against the API minimum',
    value: Object.fromEntries(perRecord.families.filter((f: any) => f.records > 0).map((f: any) => [f.family, `${f.perThousand} (min ${f.minimumPerThousand})`])),
    target: 'the minimum in every family', pass: perRecord.pass,
    note: `${over.length ? `over: ${over.map((f: any) => `${f.family} +${f.overMinimum}`).join(', ')}; ` : ''}conversation enumeration: ${perRecord.conversationEnumeration.requests} requests for ${perRecord.conversationEnumeration.windows} windows (minimum ${perRecord.conversationEnumeration.minimum})`,
  });
});

await step('intercom-rate', async () => {
  const r = (await runBench('intercom-rate.ts', quick ? ['600', '15', '150', '800'] : ['600', '60', '150', '800'])) as any;
  details.intercomRate = r;
  figures.push({
    figure: 'Intercom: achieved request rate over the simulator quota (600/min) with p50 150 ms / p99 800 ms latency',
    value: r.achievedOverQuota, target: '>= 0.9', pass: r.achievedOverQuota >= 0.9,
    note: `429s: simulator ${r.rateLimited.simulator}, client ${r.rateLimited.client}`,
  });
});

await step('migrate-rate', async () => {
  // Peak RSS (medium over small) runs separately: `npx tsx scripts/bench/migrate-rate.ts --rss-child small|medium`.
  const r = (await runBench('migrate-rate.ts', ['tiny', '300', '50', '--no-rss'])) as any;
  details.migrateRate = r;
  figures.push({
    figure: `migrate (${r.scale}, Intercom ${r.intercom.ratePerMinute}/min, p50 150 ms): Intercom requests per migrated record over the minimum (ledger writes)`,
    value: r.requestsPerRecord.overMinimum, target: '<= 1.05', pass: r.requestsPerRecord.overMinimum <= 1.05,
  });
  figures.push({ figure: 'migrate: achieved Intercom rate over the quota during import', value: r.achievedOverQuota.value, target: r.achievedOverQuota.target, pass: r.achievedOverQuota.pass });
  figures.push({ figure: 'migrate: wall time over the lower bound of both rate limits', value: r.wallOverLowerBound.value, target: r.wallOverLowerBound.target, pass: r.wallOverLowerBound.pass });
});

const summary = {
  command: `npm run bench${quick ? ' -- --quick' : ''}`,
  startedAt: startedAt.toISOString(),
  durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
  machine: { cpus: cpus().length, node: process.version, loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((l) => Number(l.toFixed(2))) } },
  passed: figures.filter((f) => f.pass).length,
  failed: figures.filter((f) => !f.pass).length,
  figures,
  errors,
  details,
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.stderr.write(`\n${figures.map((f) => `${f.pass ? 'PASS' : 'FAIL'}  ${f.figure}: ${JSON.stringify(f.value)} (target ${f.target})`).join('\n')}\n`);
if (errors.length) {
  process.stderr.write(`\nbenchmarks that did not run:\n${errors.join('\n')}\n`);
  process.exitCode = 1;
}
