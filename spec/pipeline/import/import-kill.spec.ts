import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { createIntercomClient } from '../../../pipeline/intercom/create-intercom-client.ts';
import { runProvision } from '../../../pipeline/provision.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { finished } from '../export/run-export-cli.ts';
import { confirmTiny, FAST_RETRY, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';
import { normalise } from '../../support/normalise-state.ts';

const BIN = new URL('../../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;
const TRIALS = 6;

/** Deterministic kill points (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys that occur more than once. */
function repeated(keys: string[]): string[] {
  const seen = new Map<string, number>();
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

function spawnImport(configPath: string, workspacePath: string, mappingPath: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'import', '--config', configPath, '--workspace', workspacePath, '--mapping', mappingPath], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('khoros2intercom import (CLI), SIGKILLed at random points and rerun', function () {
  this.timeout(600_000);
  let tiny: ConfirmedTiny;
  let caseAttribute: string;
  const sims: IntercomSimulator[] = [];
  const since = Math.floor(Date.now() / 1000);

  before(async () => {
    tiny = await confirmTiny();
    caseAttribute = (parse(await readFile(tiny.mappingPath, 'utf8')) as Mapping).policies.caseIdAttribute;
  });
  after(async () => {
    for (const sim of sims) await sim.close();
    await tiny?.close();
  });

  /** A copy of the confirmed workspace, provisioned against a fresh Intercom simulator (answering in 1–4 ms, so a kill can land mid-request), and a config file for it. */
  async function provisioned(name: string): Promise<{ sim: IntercomSimulator; path: string; configPath: string }> {
    const sim = await startIntercomSimulator({ workspace: structuredClone(tiny.dataset.intercom), latency: { p50Ms: 1, p99Ms: 4 }, seed: 3 });
    sims.push(sim);
    const path = await tiny.copy(name);
    const workspace = await openWorkspace(path, { stage: 'provision' });
    try {
      const intercom = createIntercomClient({ url: sim.url, token: sim.token, version: '2.16' }, { retry: FAST_RETRY });
      await runProvision({ workspace, intercom, mappingPath: tiny.mappingPath });
      await workspace.finishRun('succeeded');
    } finally {
      await workspace.close();
    }
    sim.requests.clear(); // count the import's requests only
    const config = JSON.parse(await readFile(tiny.staged.configPath, 'utf8'));
    const configPath = join(tiny.staged.dir, `${name}.config.json`);
    await writeFile(configPath, JSON.stringify({ ...config, intercom: { url: sim.url, token: sim.token, version: '2.16' } }));
    return { sim, path, configPath };
  }

  it(`killed ${TRIALS} times at seeded random points and rerun to the end, leaves the Intercom an uninterrupted run makes`, async () => {
    const reference = await provisioned('import-reference');
    // Writes: not reads, and not searches (a rerun searches again for what the last run may have written).
    const writesOf = (sim: IntercomSimulator) => sim.requests.entries.filter((e) => e.method !== 'GET' && !e.path.endsWith('/search'));
    const startedAt = Date.now();
    const whole = await finished(spawnImport(reference.configPath, reference.path, tiny.mappingPath));
    const duration = Date.now() - startedAt;
    expect(whole.code, whole.stderr).to.equal(0);
    const total = writesOf(reference.sim).length;
    expect(total).to.be.greaterThan(100);
    const expected = normalise(await simState(reference.sim), caseAttribute, since);
    expect(expected.conversations.filter((c) => c.parts.length > 0)).to.have.length.greaterThan(5);
    expect(repeated(expected.contacts.map((c) => c.key)), 'contacts doubled (reference)').to.deep.equal([]);
    expect(repeated(expected.conversations.map((c) => c.key)), 'conversations doubled (reference)').to.deep.equal([]);
    expect(expected.articles.length, 'articles written (reference)').to.be.greaterThan(0);
    // Titles repeat in the dataset: the reference holds at most one article per KB article.
    expect(expected.articles.length, 'articles doubled (reference)').to.be.at.most(tiny.dataset.khoros.kb?.articles.length ?? 0);

    // Kill points spread over the whole run: trial i kills once the killed Intercom has taken a
    // seeded random number of writes in the i-th tenth of the reference's writes (each rerun
    // resumes what the last one left), plus a seeded random 0–25 ms so the kill lands anywhere
    // (mid-request, mid-ledger update) rather than just after an answer.
    const random = seeded(20_261_130);
    const killed = await provisioned('import-killed');
    const trials: { afterWrites: number; jitterMs: number; writesAtKill: number; code: number | string }[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const afterWrites = Math.max(writesOf(killed.sim).length + 1, Math.floor(total * (trial + random()) / TRIALS));
      const jitterMs = Math.floor(random() * 25);
      const child = spawnImport(killed.configPath, killed.path, tiny.mappingPath);
      const exit = finished(child);
      let kill: NodeJS.Timeout | undefined;
      const poll = setInterval(() => {
        if (kill || writesOf(killed.sim).length < afterWrites) return;
        kill = setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }, 2);
      const result = await exit;
      clearInterval(poll);
      clearTimeout(kill);
      trials.push({ afterWrites, jitterMs, writesAtKill: writesOf(killed.sim).length, code: result.code });
      if (result.code !== 'SIGKILL') expect(result.code, result.stderr).to.equal(0);
    }
    const rest = await finished(spawnImport(killed.configPath, killed.path, tiny.mappingPath));
    expect(rest.code, rest.stderr).to.equal(0);
    console.log(`    reference: ${duration} ms, ${total} writes; kills: ${JSON.stringify(trials)}`);
    expect(trials.filter((t) => t.code === 'SIGKILL'), 'runs actually killed').to.have.length.greaterThan(TRIALS - 2);

    const actual = normalise(await simState(killed.sim), caseAttribute, since);
    expect(repeated(actual.contacts.map((c) => c.key)), 'contacts doubled').to.deep.equal([]);
    expect(repeated(actual.conversations.map((c) => c.key)), 'conversations doubled').to.deep.equal([]);
    expect(actual.contacts).to.deep.equal(expected.contacts);
    expect(actual.tags).to.deep.equal(expected.tags);
    for (let i = 0; i < expected.conversations.length; i += 1) {
      expect(actual.conversations[i], `conversation ${expected.conversations[i].key}`).to.deep.equal(expected.conversations[i]);
    }
    expect(actual.conversations).to.have.length(expected.conversations.length);
    expect(actual.articles).to.deep.equal(expected.articles);

    const workspace = await openWorkspace(killed.path, { stage: 'inspect' });
    try {
      expect(await workspace.query(`SELECT seq FROM ledger WHERE status = 'intent'`), 'writes left in flight').to.deep.equal([]);
      const parts = await workspace.query<{ intercom_id: string }>(`SELECT intercom_id FROM ledger WHERE object_type = 'conversation_part' AND status = 'done'`);
      expect(repeated(parts.map((p) => String(p.intercom_id))), 'parts written twice').to.deep.equal([]);
      const runs = await workspace.query<{ status: string }>(`SELECT status FROM runs WHERE stage = 'import' ORDER BY started_at`);
      expect(runs.at(-1)).to.deep.equal({ status: 'succeeded' });
      expect(runs.length).to.equal(TRIALS + 1);
    } finally {
      await workspace.close();
    }
  });
});
