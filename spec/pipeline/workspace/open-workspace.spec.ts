import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MIGRATIONS, WorkspaceTooNewError } from '../../../pipeline/workspace/migrations.ts';
import { openWorkspace, WORKSPACE_MEMORY_LIMIT } from '../../../pipeline/workspace/open-workspace.ts';
import { parseConfig, type Config } from '../../../pipeline/config.ts';
import { withRun } from '../../../pipeline/workspace/with-run.ts';
import { rejects } from './rejects.ts';

describe('openWorkspace', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ws-open-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('caps DuckDB\'s memory at WORKSPACE_MEMORY_LIMIT unless told otherwise (DuckDB\'s own default is 80 % of RAM), and sets its threads only when told', async () => {
    const limitOf = async (ws: Awaited<ReturnType<typeof openWorkspace>>) =>
      (await ws.query<{ limit: string }>("SELECT current_setting('memory_limit') AS limit"))[0]!.limit;
    const capped = await openWorkspace(join(dir, 'a.duckdb'));
    expect(WORKSPACE_MEMORY_LIMIT).to.equal('512MB');
    expect(await limitOf(capped)).to.match(/^(488\.2 MiB|512\.0 MB)$/);
    await capped.close();
    const wider = await openWorkspace(join(dir, 'b.duckdb'), { memoryLimit: '2GB', threads: 1 });
    expect(await limitOf(wider)).to.match(/^(1\.8 GiB|2\.0 GB)$/);
    expect(Number((await wider.query<{ threads: number | bigint }>("SELECT current_setting('threads') AS threads"))[0]!.threads)).to.equal(1);
    await wider.close();
  });

  it('runs a stage under the config\'s duckdb settings (withRun), and under the default cap when the config has none', async () => {
    const settings = (duckdb?: Config['duckdb']) => withRun(join(dir, 'c.duckdb'), 'spec', {}, async (ws) =>
      (await ws.query<{ limit: string; threads: number | bigint }>("SELECT current_setting('memory_limit') AS limit, current_setting('threads') AS threads"))[0]!, undefined, duckdb);
    const base = { khoros: { care: 'http://127.0.0.1:1/care', username: 'u', password: 'p' }, intercom: { url: 'http://127.0.0.1:2', token: 't' } };
    const tuned = await settings(parseConfig({ ...base, duckdb: { memoryLimit: '256MB', threads: 1 } }, {}).duckdb);
    expect(tuned.limit).to.match(/^(244\.1 MiB|256\.0 MB)$/);
    expect(Number(tuned.threads)).to.equal(1);
    expect((await settings(parseConfig(base, {}).duckdb)).limit).to.match(/^(488\.2 MiB|512\.0 MB)$/);
  });

  it('creates the file and its folder, applies every migration once, and registers each run', async () => {
    const path = join(dir, 'nested', 'migration.duckdb');
    const first = await openWorkspace(path, { runId: 'r1', stage: 'export', args: { scale: 'small' }, now: () => new Date('2025-01-01T00:00:00Z') });
    expect(first.filesDir).to.equal(join(dir, 'nested', 'migration.files'));
    await first.finishRun('succeeded');
    await first.close();
    await first.close();
    const second = await openWorkspace(path, { runId: 'r2', now: () => new Date('2025-01-02T00:00:00Z') });
    const versions = await second.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).to.deep.equal(MIGRATIONS.map((m) => m.version));
    expect(await second.query('SELECT run_id, stage, status, started_at, finished_at, args FROM runs ORDER BY run_id')).to.deep.equal([
      { run_id: 'r1', stage: 'export', status: 'succeeded', started_at: new Date('2025-01-01T00:00:00Z'), finished_at: new Date('2025-01-01T00:00:00Z'), args: { scale: 'small' } },
      { run_id: 'r2', stage: 'export', status: 'running', started_at: new Date('2025-01-02T00:00:00Z'), finished_at: null, args: null },
    ]);
    await second.close();
    expect(existsSync(path)).to.equal(true);
  });

  it('returns every stream\'s last committed checkpoint after the file is reopened', async () => {
    const path = join(dir, 'migration.duckdb');
    const ws = await openWorkspace(path);
    for (let n = 0; n < 3; n++) {
      for (const stream of ['cases', 'conversations:2025-01']) {
        await ws.writePage({ family: 'cases', stream, endpoint: 'GET /x', rows: [{ key: `${stream}-${n}`, payload: { n } }], quarantined: [], checkpoint: { done: n === 2, cursor: `c${n}` } });
      }
    }
    await ws.close();
    const again = await openWorkspace(path);
    expect(await again.checkpoints()).to.deep.equal(new Map([
      ['cases', { done: true, cursor: 'c2' }],
      ['conversations:2025-01', { done: true, cursor: 'c2' }],
    ]));
    expect(again.runId).to.match(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    await again.close();
  });

  it('keeps a run id that is reused, marking the run running again', async () => {
    const path = join(dir, 'migration.duckdb');
    const ws = await openWorkspace(path, { runId: 'same', now: () => new Date('2025-01-01T00:00:00Z') });
    await ws.finishRun('failed');
    await ws.close();
    const again = await openWorkspace(path, { runId: 'same', now: () => new Date('2025-01-05T00:00:00Z') });
    expect(await again.query('SELECT status, started_at, finished_at FROM runs')).to.deep.equal([
      { status: 'running', started_at: new Date('2025-01-01T00:00:00Z'), finished_at: null },
    ]);
    await again.close();
  });

  it('refuses a file written by a newer version and releases it', async () => {
    const path = join(dir, 'migration.duckdb');
    await (await openWorkspace(path)).close();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run("INSERT INTO schema_migrations VALUES (999, 'from the future', now())");
    connection.closeSync();
    instance.closeSync();
    await rejects(openWorkspace(path), WorkspaceTooNewError, 'version 999');
    const reopened = await DuckDBInstance.create(path);
    reopened.closeSync();
  });

  it('refuses calls once closed', async () => {
    const ws = await openWorkspace(':memory:');
    expect(ws.filesDir).to.equal(null);
    await ws.close();
    await rejects(ws.query('SELECT 1'), Error, 'workspace is closed');
  });
});
