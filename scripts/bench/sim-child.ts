/**
 * The simulators of the migrate benchmark (`migrate-rate.ts`), and the same simulators in
 * a process of their own, so that a migration's peak RSS counts the migration alone (a real
 * run reaches Khoros and Intercom over the network; the simulators hold the whole dataset).
 *
 * Run as a script, it generates the dataset (seed 1), starts both simulators with limits
 * off, prints one JSON line on stdout (the config file content, `sims.config`), and stays
 * up until SIGTERM, SIGINT or the end of its stdin (its parent gone).
 *
 * @example
 * npx tsx scripts/bench/sim-child.ts small   # {"khoros":{...},"intercom":{...},"workspace":...}
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigFile } from '../../pipeline/config.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { startSimulators } from '../../simulators/start-simulators.ts';
import { ANALYTICS_JOB_MS, SIM_BUCKET } from './bench-export.ts';

/** Intercom's latency when limits are on: log-normal, median 150 ms, p99 800 ms. */
export const LATENCY = { p50Ms: 150, p99Ms: 800 };
const self = fileURLToPath(import.meta.url);

/** Limits of the benchmark's simulators; `limits: false` turns quotas and latency off (the rest is then unused). */
export interface BenchSimLimits { limits: boolean; intercomPerMinute: number; khorosScale: number }

/** Both simulators on the generated dataset (seed 1) of `scale`. */
export function startBenchSimulators(scale: string, options: BenchSimLimits) {
  const dataset = generateDataset({ seed: 1, scale });
  const { limits } = options;
  return startSimulators({
    dataset,
    khoros: limits ? { analyticsJobMs: ANALYTICS_JOB_MS, quotaScale: options.khorosScale }
      : { analyticsJobMs: ANALYTICS_JOB_MS, quotas: Object.fromEntries(Object.values(SIM_BUCKET).map((b) => [b, null])) },
    intercom: limits ? { ratePerMinute: options.intercomPerMinute, latency: LATENCY } : { ratePerMinute: 1_000_000 },
  });
}

/** The simulators (limits off) in a child process: their config, and `stop` to end them. */
export function spawnSimChild(scale: string): Promise<{ config: ConfigFile; stop(): Promise<void> }> {
  // The simulators hold both sides of the dataset in memory: `large` (1,000,000 interactions
  // and, once imported, as many conversation parts) outgrows V8's default heap of about 4 GB.
  const child = spawn(process.execPath, ['--max-old-space-size=12288', '--import', 'tsx', self, scale], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolvePromise({ config: JSON.parse(line) as ConfigFile, stop: async () => { child.kill('SIGTERM'); await exited; } });
    });
    child.once('exit', (code, signal) => reject(new Error(`sim child (${scale}) exited with ${code ?? signal} before it was ready`)));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === self) {
  const sims = await startBenchSimulators(process.argv[2] ?? 'tiny', { limits: false, intercomPerMinute: 0, khorosScale: 0 });
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await sims.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.once('end', stop).resume();
  process.stdout.write(`${JSON.stringify(sims.config)}\n`);
}
