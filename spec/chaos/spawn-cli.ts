/**
 * The CLI as child processes for the chaos suite: `sim` (read up to its JSON ready line)
 * and any other command (its exit code or signal, its output, the stages it announced).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ReadyLine } from '../../simulators/start-simulators.ts';

const BIN = new URL('../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

/** A running `khoros2intercom sim`. */
export interface SimChild {
  ready: ReadyLine & { config: string };
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `khoros2intercom sim ARGS` and resolves once it printed its ready line.
 *
 * @example
 * const sim = await spawnSim(['--scale', 'tiny', '--write-config', '/tmp/x/config.json']);
 * sim.ready.intercom.inspect; // http://127.0.0.1:PORT/_sim
 * await sim.stop();
 */
export function spawnSim(args: string[], logPath: string): Promise<SimChild> {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.pipe(createWriteStream(logPath));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve({ ready: JSON.parse(line), stop: async () => { child.kill('SIGTERM'); await exited; } });
    });
    child.once('exit', (code, signal) => reject(new Error(`sim ${args.join(' ')} exited with ${code ?? signal} before it was ready (see ${logPath})`)));
  });
}

/** How a command ended. */
export interface CliOutcome {
  /** The exit code, or the signal's name (`SIGKILL`). */
  code: number | string;
  stdout: string;
  /** The last 4,000 characters of stderr. */
  stderrTail: string;
}

/** A command in flight: its process (to kill), the stages it announced, its outcome. */
export interface CliRun {
  child: ChildProcess;
  /** Called with each stage the command announces (`== import` on stderr) as it starts. */
  onStage(listener: (stage: string) => void): void;
  outcome: Promise<CliOutcome>;
}

/**
 * Runs `khoros2intercom ARGS`, its stderr appended to `logPath`, each line stamped with the
 * seconds since the start.
 *
 * @example
 * const run = runCli(['verify', '--config', path, '--full'], '/tmp/x/verify.log');
 * (await run.outcome).code; // 0
 */
export function runCli(args: string[], logPath: string): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logPath, { flags: 'a' });
  const listeners: ((stage: string) => void)[] = [];
  let stdout = '';
  let tail = '';
  const started = Date.now();
  log.write(`[${new Date(started).toISOString()}] khoros2intercom ${args.join(' ')}\n`);
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (tail = (tail + chunk).slice(-4000)));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    // Seconds since the start on every line: where a slow run spent its time.
    log.write(`[+${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
    const stage = /^== ([\w-]+)/.exec(line)?.[1];
    if (stage) for (const listener of listeners) listener(stage);
  });
  const outcome = new Promise<CliOutcome>((resolve) => child.once('close', (code, signal) => {
    log.end();
    resolve({ code: code ?? signal ?? -1, stdout, stderrTail: tail });
  }));
  return { child, onStage: (listener) => listeners.push(listener), outcome };
}
