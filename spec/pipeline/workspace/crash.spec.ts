import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const PAGE_SIZE = 400;

/** Runs the writer until it has committed `minPages` pages, lets it go on for `extraMs`, then SIGKILLs it. */
function runAndKill(path: string, minPages: number, extraMs: number): Promise<{ resumedAt: number; lastPrinted: number; inFlight: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(PAGE_SIZE)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let resumedAt = -1;
    let lastPrinted = -1;
    let lastWriting = -1;
    let seen = 0;
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        const [word, n] = line.split(' ');
        if (word === 'resume') resumedAt = Number(n);
        if (word === 'writing') lastWriting = Number(n);
        if (word === 'page') { lastPrinted = Number(n); seen += 1; }
      }
      if (seen >= minPages && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ resumedAt, lastPrinted, inFlight: lastWriting > lastPrinted });
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

describe('workspace survives SIGKILL at any moment', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ws-crash-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('resumes after each kill with rows, quarantine and checkpoint in agreement', async function () {
    this.timeout(120_000);
    const path = join(dir, 'migration.duckdb');
    let previous = -1;
    let killedInFlight = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      const { resumedAt, lastPrinted, inFlight } = await runAndKill(path, 1 + (attempt % 3), Math.floor(Math.random() * 150));
      expect(resumedAt, 'resumes right after the last committed page').to.equal(previous + 1);
      const ws = await openWorkspace(path, { stage: 'check' });
      const page = (await ws.checkpoints()).get('crash')?.page as number;
      // A page printed was committed; the kill may also land after a commit but before its print.
      expect(page).to.be.at.least(lastPrinted);
      const [counts] = await ws.query<{ rows: number; keys: number; max_page: number; quarantined: number }>(
        `SELECT (SELECT count(*) FROM raw_crash) AS rows, (SELECT count(DISTINCT key) FROM raw_crash) AS keys,
                (SELECT max(CAST(payload->>'page' AS INTEGER)) FROM raw_crash) AS max_page, (SELECT count(*) FROM quarantine) AS quarantined`);
      expect(counts).to.deep.equal({ rows: (page + 1) * PAGE_SIZE, keys: (page + 1) * PAGE_SIZE, max_page: page, quarantined: page + 1 });
      await ws.close();
      previous = page;
      if (inFlight) killedInFlight += 1;
    }
    // The kills must have hit pages in flight, or the test would prove nothing.
    expect(killedInFlight).to.be.greaterThan(0);
  });
});
