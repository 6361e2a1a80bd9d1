import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { finished } from '../export/run-export-cli.ts';
import { confirmTiny, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';
import { comparable, expectedLeftovers, migrate, type Migrated } from './rollback-fixtures.ts';

const CLI = new URL('./run-rollback-cli.ts', import.meta.url).pathname;
const KILLS = 3;

function spawnRollback(m: Migrated, ...args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, 'rollback', '--config', m.configPath, '--workspace', m.path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('khoros2intercom rollback (CLI), SIGKILLed midway and rerun', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  let m: Migrated;
  const since = Math.floor(Date.now() / 1000);

  before(async () => {
    tiny = await confirmTiny();
    m = await migrate(tiny, 'rollback-kill');
  });
  after(async () => {
    await m?.sim.close();
    await tiny?.close();
  });

  it('without --run or --all exits 2, naming both options, and writes nothing', async () => {
    m.sim.requests.clear();
    const result = await finished(spawnRollback(m));
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('--run ID').and.include('--all');
    const bad = await finished(spawnRollback(m, '--all', '--only', 'contacts,users'));
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include('--only users');
    expect(m.sim.requests.entries).to.deep.equal([]);
  });

  it(`killed ${KILLS} times after some of its writes and rerun, ends with Intercom as it was before the migration; a last run undoes nothing`, async () => {
    const preview = await finished(spawnRollback(m, '--all', '--preview'));
    expect(preview.code, preview.stderr).to.equal(0);
    const total = JSON.parse(preview.stdout).counts.planned as number;
    expect(total).to.be.greaterThan(50);
    m.sim.requests.clear();
    const undos = () => m.sim.requests.entries.filter((e) => e.method === 'DELETE' || e.method === 'PUT').length;
    const kills: { afterWrites: number; writesAtKill: number; code: number | string; inFlight: number }[] = [];
    for (let k = 1; k <= KILLS; k += 1) {
      // Spread over the run: after about k/(KILLS+1) of the undos have been sent (each run resumes the last).
      const afterWrites = Math.max(undos() + 1, Math.floor((total * k) / (KILLS + 1)));
      const child = spawnRollback(m, '--all');
      const exit = finished(child);
      const poll = setInterval(() => {
        if (undos() >= afterWrites) child.kill('SIGKILL');
      }, 1);
      const result = await exit;
      clearInterval(poll);
      expect(result.code, result.stderr).to.equal('SIGKILL');
      const workspace = await m.open('inspect');
      const [{ n }] = await workspace.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ledger WHERE status = 'intent' AND json_extract(before_image, '$.undoes') IS NOT NULL`).finally(() => workspace.close());
      kills.push({ afterWrites, writesAtKill: undos(), code: result.code, inFlight: n });
    }
    console.log(`    ${total} undos; kills: ${JSON.stringify(kills)}`);
    // The kills land mid-flight: some undos were sent (or about to be) and not answered; the reruns send them again.
    expect(kills.reduce((sum, kill) => sum + kill.inFlight, 0), 'undos left in flight by the kills').to.be.greaterThan(0);
    const rest = await finished(spawnRollback(m, '--all'));
    expect(rest.code, rest.stderr).to.equal(0);
    const summary = JSON.parse(rest.stdout);
    expect(summary.counts.alreadyUndone, JSON.stringify(kills)).to.be.greaterThan(0);
    expect(summary.counts.failed).to.equal(0);

    const workspace = await m.open('inspect');
    try {
      expect(await workspace.query(`SELECT seq FROM ledger WHERE status <> 'done'`), 'undos in flight or failed').to.deep.equal([]);
      // Each write undone exactly once.
      const undone = await workspace.query<{ undoes: number; n: number }>(
        `SELECT CAST(json_extract_string(before_image, '$.undoes') AS BIGINT) AS undoes, count(*)::INTEGER AS n FROM ledger
         WHERE json_extract(before_image, '$.undoes') IS NOT NULL GROUP BY ALL HAVING count(*) > 1`);
      expect(undone).to.deep.equal([]);
      const [{ n }] = await workspace.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger WHERE json_extract(before_image, '$.undoes') IS NOT NULL`);
      expect(n).to.equal(total);
      const { before, after, leftovers } = comparable(m.before, await simState(m.sim), since);
      expect(leftovers).to.deep.equal(await expectedLeftovers(workspace));
      for (const [collection, list] of Object.entries(before)) expect(after[collection], collection).to.deep.equal(list);
    } finally {
      await workspace.close();
    }

    m.sim.requests.clear();
    const again = await finished(spawnRollback(m, '--all'));
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout).counts).to.include({ planned: 0, alreadyUndone: total });
    expect(m.sim.requests.entries.filter((e) => e.method !== 'GET')).to.deep.equal([]);
  });
});
