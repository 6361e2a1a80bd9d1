import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const writer = fileURLToPath(new URL('./group-crash-writer.ts', import.meta.url));
const PAGE_SIZE = 200;
const STREAMS = 3;

/** Runs the writer until it has committed `minPages` pages in all, lets it go on for `extraMs`, then SIGKILLs it; answers the last page printed per stream. */
function runAndKill(path: string, minPages: number, extraMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(PAGE_SIZE), String(STREAMS)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const printed = Array.from({ length: STREAMS }, () => -1);
    let out = '';
    let stderr = '';
    let seen = 0;
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        const [word, s, n] = line.split(' ');
        if (word === 'page') { printed[Number(s)] = Number(n); seen += 1; }
      }
      if (seen >= minPages && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(printed);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

describe('workspace group commit survives SIGKILL at any moment', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ws-group-crash-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps every stream\'s rows, quarantine and checkpoint in agreement after each kill', async function () {
    this.timeout(120_000);
    const path = join(dir, 'migration.duckdb');
    const previous = Array.from({ length: STREAMS }, () => -1);
    for (let attempt = 0; attempt < 6; attempt++) {
      const printed = await runAndKill(path, 3 + attempt, Math.floor(Math.random() * 100));
      const ws = await openWorkspace(path, { stage: 'check' });
      const checkpoints = await ws.checkpoints();
      for (let s = 0; s < STREAMS; s++) {
        const family = `crash_s${s}`;
        const page = (checkpoints.get(family)?.page as number | undefined) ?? -1;
        expect(page, `${family}: a printed page was committed`).to.be.at.least(Math.max(printed[s], previous[s]));
        const [counts] = await ws.query<{ rows: number; keys: number; max_page: number | null; quarantined: number }>(
          `SELECT (SELECT count(*) FROM raw_${family}) AS rows, (SELECT count(DISTINCT key) FROM raw_${family}) AS keys,
                  (SELECT max(CAST(payload->>'page' AS INTEGER)) FROM raw_${family}) AS max_page,
                  (SELECT count(*) FROM quarantine WHERE family = '${family}') AS quarantined`);
        expect(counts, family).to.deep.equal({ rows: (page + 1) * PAGE_SIZE, keys: (page + 1) * PAGE_SIZE, max_page: page < 0 ? null : page, quarantined: page + 1 });
        previous[s] = page;
      }
      await ws.close();
    }
    expect(Math.min(...previous), 'every stream made progress').to.be.greaterThan(0);
  });
});
