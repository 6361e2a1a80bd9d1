/**
 * One level of the chaos suite: `sim` with the level's faults and raised limits, then
 * `migrate --auto-confirm` SIGKILLed at seeded points and rerun until it exits 0 (exit 3,
 * a rate limit or an outage, is rerun as an operator would), then `verify --full` (rerun on
 * exit 3), then the Intercom simulator's state: nothing doubled (`findDuplicates`), no
 * write left in flight in the ledger, and every record checked against the dataset
 * (`checkMigration`). Every command is the CLI in a child process, as in production.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Dataset } from '../../simulators/dataset/types.ts';
import type { ReadyLine } from '../../simulators/start-simulators.ts';
import type { ChaosLevel } from './chaos-levels.ts';
import { checkChaosState, type ChaosStateCheck } from './check-chaos-state.ts';
import { runCli, spawnSim } from './spawn-cli.ts';

/** Where a kill may land: after `stage` is announced, within `maxMs`; `weight` shares of the draws. */
export interface KillWindow {
  stage: 'export' | 'provision' | 'import';
  maxMs: number;
  weight: number;
}

/** Options of `runChaosLevel`. */
export interface ChaosLevelOptions {
  level: ChaosLevel;
  /** The dataset `sim` serves (generated from `scale` and `datasetSeed`; the same one, for the checks). */
  dataset: Dataset;
  scale: string;
  /** @default 1 */
  datasetSeed?: number;
  /** SIGKILLs to land in the migration. */
  kills: number;
  /** Seeds the kill points. */
  killSeed: number;
  killWindows: readonly KillWindow[];
  /** Most `migrate` runs (killed ones included), and most `verify` runs. */
  maxAttempts: number;
  /** A folder of its own: config, workspace, map, logs. */
  dir: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /**
   * Called once the state was checked, while the simulators still run (the suite's own
   * spec breaks the state there and checks again, to show the check fails).
   */
  afterCheck?: (context: { ready: ReadyLine; check: () => Promise<ChaosStateCheck> }) => Promise<void>;
}

/** One `migrate` run. */
export interface ChaosAttempt {
  /** Exit code, or `SIGKILL`. */
  code: number | string;
  /** The kill aimed for, e.g. `import+1234ms` (it may not land: the run ended first). */
  killAt?: string;
  seconds: number;
}

/** A level's verdict. */
export interface ChaosLevelResult {
  level: string;
  faults: string;
  survived: boolean;
  /** Why not, in one line. */
  reason?: string;
  attempts: ChaosAttempt[];
  /** SIGKILLs that landed. */
  kills: number;
  /** Runs of `migrate` that exited 3 and were rerun. */
  exit3: number;
  verifyRuns: number;
  seconds: number;
  duplicates: string[];
  problems: string[];
  checked?: ChaosStateCheck['checked'];
  dir: string;
}

/** Limits raised on both sides, so the run is about faults, not quotas. */
const SIM_LIMITS = ['--quota-scale', '1000', '--intercom-quota', '1000000', '--analytics-job-ms', '20'];
const MIGRATE_PACE = ['--quota-scale', '1000', '--report-poll-ms', '30', '--since', '2023-01-01T00:00:00Z'];

/** A seeded kill point among the windows. */
function drawKillPoint(random: () => number, windows: readonly KillWindow[]): { stage: string; afterMs: number } {
  const total = windows.reduce((sum, w) => sum + w.weight, 0);
  let pick = random() * total;
  const window = windows.find((w) => (pick -= w.weight) < 0) ?? windows[windows.length - 1];
  return { stage: window.stage, afterMs: Math.floor(random() * window.maxMs) };
}

/** The last non-empty line of some output. */
function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 300) ?? '(no output)';
}

/**
 * Runs one level end to end; never throws for what the level did wrong (that is the verdict).
 *
 * @example
 * const result = await runChaosLevel({ level, dataset, scale: 'tiny', kills: 2, killSeed: 1, killWindows, maxAttempts: 10, dir });
 * result.survived; // true, or false with result.reason
 */
export async function runChaosLevel(options: ChaosLevelOptions): Promise<ChaosLevelResult> {
  const { level, dataset, dir, log = () => {} } = options;
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  const configPath = join(dir, 'config.json');
  const workspacePath = join(dir, 'migration.duckdb');
  const mappingPath = join(dir, 'mapping.yaml');
  const result: ChaosLevelResult = {
    level: level.name, faults: level.faults, survived: false, attempts: [], kills: 0, exit3: 0, verifyRuns: 0, seconds: 0, duplicates: [], problems: [], dir,
  };
  const verdict = (reason?: string) => {
    result.survived = reason === undefined;
    result.reason = reason;
    result.seconds = Math.round((Date.now() - started) / 1000);
    return result;
  };
  const sim = await spawnSim(['--seed', String(options.datasetSeed ?? 1), '--scale', options.scale, '--faults', level.faults, '--write-config', configPath, ...SIM_LIMITS], join(dir, 'sim.log'));
  try {
    const where = ['--config', configPath, '--workspace', workspacePath, '--mapping', mappingPath];
    const random = ((rng) => () => uniformFloat64(rng))(xoroshiro128plus(options.killSeed));
    let finished = false;
    while (!finished && result.attempts.length < options.maxAttempts) {
      const attemptStarted = Date.now();
      const run = runCli(['migrate', ...where, '--auto-confirm', ...MIGRATE_PACE], join(dir, 'migrate.log'));
      const point = result.kills < options.kills ? drawKillPoint(random, options.killWindows) : undefined;
      let timer: NodeJS.Timeout | undefined;
      if (point) run.onStage((stage) => { if (stage === point.stage && !timer) timer = setTimeout(() => run.child.kill('SIGKILL'), point.afterMs); });
      const outcome = await run.outcome;
      clearTimeout(timer);
      const attempt: ChaosAttempt = { code: outcome.code, killAt: point && `${point.stage}+${point.afterMs}ms`, seconds: Math.round((Date.now() - attemptStarted) / 1000) };
      result.attempts.push(attempt);
      const how = outcome.code === 'SIGKILL' ? `killed at ${attempt.killAt}` : outcome.code === 3 ? `exit 3 (${lastLine(outcome.stderrTail)})` : `exit ${outcome.code}`;
      log(`  ${level.name}: migrate run ${result.attempts.length}: ${how} (${attempt.seconds} s)`);
      if (outcome.code === 'SIGKILL') result.kills += 1;
      else if (outcome.code === 3) result.exit3 += 1;
      else if (outcome.code === 0) finished = true;
      else return verdict(`migrate exited ${outcome.code}: ${lastLine(outcome.stderrTail)}`);
    }
    if (!finished) return verdict(`migrate did not finish in ${options.maxAttempts} runs`);

    let verified = false;
    while (!verified && result.verifyRuns < options.maxAttempts) {
      result.verifyRuns += 1;
      const outcome = await runCli(['verify', ...where, '--full', '--out', join(dir, 'verify')], join(dir, 'verify.log')).outcome;
      log(`  ${level.name}: verify --full run ${result.verifyRuns}: exit ${outcome.code}`);
      if (outcome.code === 0) verified = true;
      else if (outcome.code !== 3) {
        const failing = outcome.stderrTail.split('\n').filter((l) => /FAIL/.test(l)).map((l) => l.trim()).join('; ');
        return verdict(`verify --full exited ${outcome.code}: ${failing || lastLine(outcome.stderrTail)}`);
      }
    }
    if (!verified) return verdict(`verify --full did not finish in ${options.maxAttempts} runs`);

    const check = () => checkChaosState({ inspectUrl: sim.ready.intercom.inspect, dataset, workspacePath, mappingPath });
    const found = await check();
    Object.assign(result, found);
    await options.afterCheck?.({ ready: sim.ready, check });
    if (result.duplicates.length > 0) return verdict(`${result.duplicates.length} doubled: ${result.duplicates.slice(0, 3).join('; ')}`);
    if (result.problems.length > 0) return verdict(`${result.problems.length} problems against the dataset: ${result.problems.slice(0, 3).join('; ')}`);
    return verdict();
  } catch (error) {
    return verdict(`the suite itself failed: ${(error as Error).message}`);
  } finally {
    await sim.stop();
  }
}
