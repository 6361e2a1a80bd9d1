/**
 * Diagnostic (not part of `npm test` or `npm run bench`): where an export's memory goes.
 * Exports a generated dataset (limits off, simulators in a child process) into a fresh
 * workspace under the given DuckDB settings and, every 3 seconds, prints on stderr the
 * process's RSS and peak, V8's heap (used/reserved), external buffers, the rest ("native"),
 * DuckDB's own accounting by tag (`duckdb_memory()`), and with `--smaps` the RSS of the
 * process's mappings by kind (V8's pages are anonymous mappings under 1 MB; its large
 * objects and DuckDB's allocator take bigger ones).
 *
 * What it showed on `large` (512MB): RSS peaks near 1 GB while DuckDB accounts for 170–350 MB
 * and V8 for about 200 MB; the rest is memory DuckDB's allocator holds beyond its accounting.
 * Under 128MB the same export peaks at about 700 MB.
 *
 * @example
 * npx tsx scripts/bench/export-memory.ts large 512MB            # scale, duckdb.memoryLimit
 * npx tsx scripts/bench/export-memory.ts medium 128MB 1 --smaps  # and duckdb.threads
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../pipeline/config.ts';
import { runExport } from '../../pipeline/export.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { FIRST_POLL_MS, SIM_BUCKET, SINCE } from './bench-export.ts';
import { spawnSimChild } from './sim-child.ts';

const argv = process.argv.slice(2);
const [scale = 'medium', memoryLimit = '512MB', threads] = argv.filter((a) => !a.startsWith('--'));
const mb = (n: number) => Math.round(n / 1048576);

/** RSS of the process's mappings by kind: files, the brk heap, anonymous under and over 1 MB. */
function smaps(): string {
  const buckets: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const size = parseInt(head[2]!, 16) - parseInt(head[1]!, 16);
      kind = head[3] ? (head[3].startsWith('[') ? head[3] : 'file') : size >= 1048576 ? 'anon>=1M' : 'anon<1M';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) buckets[kind] = (buckets[kind] ?? 0) + Number(rss[1]) * 1024;
  }
  return Object.entries(buckets).filter(([, v]) => v >= 5 * 1048576).map(([k, v]) => `${k} ${mb(v)}`).join(', ');
}

/** One line: RSS, peak, V8, external, native, and DuckDB's accounting by tag. */
async function sample(workspace: Workspace, startedAt: number): Promise<void> {
  const m = process.memoryUsage();
  const tags = await workspace.query<{ tag: string; bytes: bigint }>('SELECT tag, memory_usage_bytes AS bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0').catch(() => []);
  const duckdb = tags.reduce((n, t) => n + Number(t.bytes), 0);
  process.stderr.write(`${((Date.now() - startedAt) / 1000).toFixed(0)} s: rss ${mb(m.rss)} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)}, `
    + `heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, external ${mb(m.external)}, native ${mb(m.rss - m.heapTotal - m.external)}, `
    + `duckdb ${mb(duckdb)} (${tags.map((t) => `${t.tag} ${mb(Number(t.bytes))}`).join(', ')})${argv.includes('--smaps') ? `; mappings: ${smaps()}` : ''}\n`);
}

const sims = await spawnSimChild(scale);
const dir = mkdtempSync(join(tmpdir(), 'k2i-export-memory-'));
try {
  const config = parseConfig({ ...sims.config, workspace: join(dir, 'migration.duckdb'), duckdb: { memoryLimit, ...(threads ? { threads: Number(threads) } : {}) } }, {});
  const workspace = await openWorkspace(config.workspace, { ...config.duckdb, stage: 'export', args: { via: 'bench/export-memory' } });
  const startedAt = Date.now();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void sample(workspace, startedAt).finally(() => { busy = false; });
  }, 3000);
  try {
    const quotas = Object.fromEntries(Object.keys(SIM_BUCKET).map((q) => [q, null]));
    await runExport({ config, workspace, clients: { quotas }, sources: { since: SINCE, until: startedAt, report: { firstPollMs: FIRST_POLL_MS } }, downloads: false });
    await workspace.finishRun('succeeded');
  } finally {
    clearInterval(timer);
    await workspace.close();
  }
  process.stdout.write(`${JSON.stringify({ command: `npx tsx scripts/bench/export-memory.ts ${argv.join(' ')}`, scale, duckdb: config.duckdb, seconds: (Date.now() - startedAt) / 1000, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
} finally {
  await sims.stop();
  rmSync(dir, { recursive: true, force: true });
}
