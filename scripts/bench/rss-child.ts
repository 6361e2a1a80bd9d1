/**
 * One migration through import in a child process of its own (`migrate-rate.ts
 * --rss-child SCALE --no-verify`, the simulators in yet another), so that its peak RSS and
 * CPU time are the migration's alone.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What `migrate-rate.ts --rss-child` prints, or why it printed nothing. */
export type RssChildFigures =
  | { scale: string; duckdb: { memoryLimit: string; threads?: number }; maxRssMb: number; seconds: number; status: string; cpuSeconds: number; exportSeconds: number; importSeconds: number;
      intercomRequests: number; staged: Record<'contacts' | 'conversations' | 'articles', number>; written: Record<'contacts' | 'conversations' | 'articles', number> }
  | { scale: string; error: string };

/**
 * Runs the child on the generated dataset (seed 1) of `scale`, limits off; killed past `timeoutMs`.
 * `duckdb` sets the workspace's DuckDB settings (the config's `duckdb`; default: the config's default).
 *
 * @example
 * await rssChild('medium', 900_000); // { scale: 'medium', maxRssMb: 640.7, cpuSeconds: …, … }
 */
export function rssChild(scale: string, timeoutMs: number, duckdb: { memoryLimit?: string; threads?: number } = {}): Promise<RssChildFigures> {
  return new Promise((resolve) => {
    const flags = [...(duckdb.memoryLimit ? ['--memory-limit', duckdb.memoryLimit] : []), ...(duckdb.threads ? ['--threads', String(duckdb.threads)] : [])];
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/migrate-rate.ts', '--rss-child', scale, '--no-verify', ...flags], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return resolve({ scale, error: `exited with ${code ?? signal}${signal ? ` (over ${timeoutMs / 1000} s)` : ''}` });
      resolve(JSON.parse(out) as RssChildFigures);
    });
  });
}
