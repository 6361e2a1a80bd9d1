/**
 * Spec helpers: a Khoros simulator with a config file for the CLI, and the CLI's export run
 * as a child process that a spec may SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '../../../simulators/dataset/types.ts';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import type { KhorosSimOverrides } from '../../../simulators/khoros/settings.ts';

const BIN = new URL('../../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

/** Starts a Khoros simulator and writes a config file pointing at it. */
export async function simulatorWithConfig(dataset: Dataset, dir: string, overrides: KhorosSimOverrides = {}): Promise<{ sim: KhorosSimulator; configPath: string }> {
  const sim = await startKhorosSimulator({ dataset, ...overrides });
  const s = sim.settings;
  const config = {
    khoros: {
      care: sim.urls.care, username: s.username, password: s.password, analytics: sim.urls.analytics, companyKey: s.companyKey,
      community: sim.urls.community, marketing: sim.urls.marketing, marketingToken: s.marketingToken, environment: s.environment,
      companyId: s.companyId, crm: sim.urls.crm, files: sim.urls.files,
    },
    intercom: { url: 'http://127.0.0.1:9', token: 'unused-here' },
  };
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(config));
  return { sim, configPath };
}

/** Runs `khoros2intercom export` as a child process. */
export function spawnExport(configPath: string, workspacePath: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [BIN, 'export', '--config', configPath, '--workspace', workspacePath, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the exit code (or the signal name) and the output. */
export function finished(child: ChildProcess): Promise<{ code: number | string; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => (stdout += c));
  child.stderr?.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr })));
}
