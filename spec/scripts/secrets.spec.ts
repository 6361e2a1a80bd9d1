/**
 * Secrets never leak (issue 8): the tiny dataset migrated end to end through the CLI, each
 * verb a child process, with distinctive secrets (some in the config file, some through
 * `{"env": …}`), plus the runs that fail: a bad config beside secrets, a wrong Khoros
 * password, a wrong Intercom token, an unreachable host with a password in its URL, and a
 * Khoros and an Intercom server that echo the request (credentials included) mid-way. Then
 * every output is searched for every secret in every form: stdout and stderr, each file the
 * runs wrote, every table and view of each workspace, both simulators' request logs and
 * what the migration left in Intercom.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { startSimulators, type Simulators } from '../../simulators/start-simulators.ts';
import { startEchoProxy, type EchoProxy } from '../support/echo-proxy.ts';
import { createSecretScan, formsToScan, type SecretForm, type SecretScan } from '../support/secret-scan.ts';

const BIN = new URL('../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

/** One CLI run: what it was asked and what it answered. */
interface Run {
  label: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A distinctive secret: random hex first (so its prefix cannot occur by chance), then
 * characters that URL, form and JSON encodings each change, so every form differs.
 */
function distinctive(label: string): string {
  return `${randomBytes(12).toString('hex')}"\\/+=&%~!:'${label}-${randomBytes(6).toString('hex')}`;
}

/**
 * Pads an echo so that a message cut at `cutAt` characters stops 24 characters into what
 * follows `marker` (the secret): a client that cuts before it masks shows those 24.
 */
function cutInside(echo: string, marker: string, cutAt: number): string {
  const at = echo.indexOf(marker);
  return at < 0 ? echo : `${'.'.repeat(Math.max(0, cutAt - 24 - at - marker.length))}${echo}`;
}

/** A port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('secrets never leak: a full CLI migration of tiny and its failures, every output scanned', function () {
  this.timeout(300_000);
  const secret = {
    khorosPassword: distinctive('khoros-password'),
    companyKey: distinctive('company-key'),
    marketingToken: distinctive('marketing-token'),
    intercomToken: distinctive('intercom-token'),
    wrongIntercomToken: distinctive('wrong-intercom-token'),
    wrongKhorosPassword: distinctive('wrong-khoros-password'),
    urlPassword: distinctive('url-password'),
    badConfigToken: distinctive('bad-config-token'),
    badConfigPassword: distinctive('bad-config-password'),
  };
  // Secrets given through the environment; the others are written in the config files.
  const env = {
    K2I_SPEC_COMPANY_KEY: secret.companyKey,
    K2I_SPEC_INTERCOM_TOKEN: secret.intercomToken,
    K2I_SPEC_WRONG_PASSWORD: secret.wrongKhorosPassword,
  };
  let sims: Simulators;
  let dir: string;
  let confDir: string;
  let outDir: string;
  let workspace: string;
  let mapping: string;
  const proxies: EchoProxy[] = [];
  const runs = new Map<string, Run>();
  let forms: SecretForm[];
  let scan: SecretScan;
  let filesScanned: string[];
  let logLines: { intercom: number; khoros: number };
  let khorosProxy: EchoProxy;
  let intercomProxy: EchoProxy;
  let intercomState: string;
  let runsMs: number;

  function cli(label: string, args: string[]): Promise<Run> {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: outDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    return new Promise((resolve) => child.once('close', (code) => {
      const run = { label, code, stdout, stderr };
      runs.set(label, run);
      resolve(run);
    }));
  }

  /** A config file beside the others (outside the scanned folder: it holds secrets by design). */
  async function writeConfig(name: string, edit: (config: any) => void = () => {}): Promise<string> {
    const config: any = structuredClone(sims.config);
    config.khoros.password = secret.khorosPassword;
    config.khoros.companyKey = { env: 'K2I_SPEC_COMPANY_KEY' };
    config.khoros.marketingToken = secret.marketingToken;
    config.intercom.token = { env: 'K2I_SPEC_INTERCOM_TOKEN' };
    config.workspace = workspace;
    edit(config);
    const path = join(confDir, `${name}.config.json`);
    await writeFile(path, JSON.stringify(config, null, 2));
    return path;
  }

  /** Points every Khoros family URL at another origin. */
  function khorosAt(config: any, origin: string): void {
    for (const [name, value] of Object.entries(config.khoros)) {
      if (typeof value === 'string' && value.startsWith(sims.khoros.url)) config.khoros[name] = origin + value.slice(sims.khoros.url.length);
    }
  }

  /** The failing runs that need only the simulators, side by side with the main chain. */
  async function failuresBeforeMigrate(): Promise<unknown> {
    const wrongPassword = await writeConfig('wrong-password', (c) => (c.khoros.password = { env: 'K2I_SPEC_WRONG_PASSWORD' }));
    const port = await closedPort();
    const unreachable = await writeConfig('unreachable', (c) => {
      khorosAt(c, `http://api-user:${encodeURIComponent(secret.urlPassword)}@127.0.0.1:${port}`);
      c.khoros.allowedHosts = [`127.0.0.1:${port}`];
    });
    // The Community login sends the password in a form body (form-encoded): its echo holds
    // the body twice, whole, then where the client cuts the message (300 characters).
    khorosProxy = await startEchoProxy({
      target: sims.khoros.url, echo: ({ path }) => path.includes('/sessions/login'),
      body: (echo) => {
        const form = echo.split('\n')[1];
        return { status: 'fail', message: `${form}\n${cutInside(form, 'user.password=', 300 - form.length - 1)}` };
      },
    });
    proxies.push(khorosProxy);
    const hostile = await writeConfig('hostile-khoros', (c) => {
      khorosAt(c, khorosProxy.url);
      c.khoros.allowedHosts = [new URL(khorosProxy.url).host, new URL(sims.khoros.url).host];
    });
    const badConfig = join(confDir, 'bad.config.json');
    await writeFile(badConfig, JSON.stringify({
      // khoros.care is missing: the whole khoros object is where the error points.
      khoros: { username: 'api-user', password: secret.badConfigPassword, companyKey: 'x', privateKey: secret.badConfigPassword },
      intercom: { url: 'not a url', token: secret.badConfigToken, version: '9.99' },
      import: { concurrency: 0 },
    }));
    const exportArgs = (config: string, name: string) => ['export', '--config', config, '--workspace', join(outDir, `${name}.duckdb`), '--quota-scale', '1000', '--report-poll-ms', '15', '--since', '2023-01-01T00:00:00Z'];
    return Promise.all([
      cli('bad config', ['migrate', '--config', badConfig, '--auto-confirm']),
      cli('wrong Khoros password', exportArgs(wrongPassword, 'wrong-password')),
      cli('unreachable Khoros', exportArgs(unreachable, 'unreachable')),
      cli('Khoros echoing the request mid-way', exportArgs(hostile, 'hostile-khoros')),
    ]);
  }

  /** The failing runs on copies of the migrated workspace (a DuckDB file takes one writer). */
  async function failuresAfterMigrate(): Promise<unknown> {
    const copies = ['wrong-token', 'hostile-intercom'].map((name) => join(outDir, `${name}.duckdb`));
    for (const copy of copies) await copyFile(workspace, copy);
    const wrongToken = await writeConfig('wrong-token', (c) => (c.intercom.token = secret.wrongIntercomToken));
    intercomProxy = await startEchoProxy({
      target: sims.intercom.url, echo: ({ seen }) => seen >= 20, status: 400,
      // The token where the client cuts an error.list message (500 characters).
      body: (echo) => ({ type: 'error.list', request_id: 'echo', errors: [{ code: 'parameter_invalid', message: cutInside(echo, 'Bearer ', 500) }] }),
    });
    // map confirm reads Intercom's catalog through a client of its own: echoed from the start.
    const echoAll = await startEchoProxy({
      target: sims.intercom.url, echo: () => true, status: 403,
      body: (echo) => ({ type: 'error.list', request_id: 'echo', errors: [{ code: 'token_unauthorized', message: echo }] }),
    });
    proxies.push(intercomProxy, echoAll);
    const hostile = await writeConfig('hostile-intercom', (c) => (c.intercom.url = intercomProxy.url));
    const hostileCatalog = await writeConfig('hostile-catalog', (c) => (c.intercom.url = echoAll.url));
    return Promise.all([
      cli('wrong Intercom token', ['verify', '--config', wrongToken, '--workspace', copies[0], '--mapping', mapping, '--sample'])
        .then(() => cli('map confirm against an echoing Intercom', ['map', 'confirm', '--config', hostileCatalog, '--workspace', copies[0], '--mapping', mapping])),
      cli('Intercom echoing the request mid-way', ['verify', '--config', hostile, '--workspace', copies[1], '--mapping', mapping, '--full']),
    ]);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2i-secrets-'));
    confDir = join(dir, 'conf');
    outDir = join(dir, 'out');
    await mkdir(confDir);
    await mkdir(outDir);
    workspace = join(outDir, 'migration.duckdb');
    mapping = join(outDir, 'mapping.yaml');
    sims = await startSimulators({
      dataset: generateDataset({ seed: 7, scale: 'tiny' }),
      khoros: { quotaScale: 1000, analyticsJobMs: 10, password: secret.khorosPassword, companyKey: secret.companyKey, marketingToken: secret.marketingToken },
      intercomToken: secret.intercomToken,
    });
    const main = ['--config', await writeConfig('main'), '--workspace', workspace];
    const fast = ['--quota-scale', '1000'];
    const started = Date.now();
    const before = failuresBeforeMigrate();
    await cli('discover', ['discover', ...main, ...fast, '--since', '2023-01-01T00:00:00Z', '--report-poll-ms', '15']);
    await cli('migrate --auto-confirm', ['migrate', ...main, ...fast, '--mapping', mapping, '--auto-confirm', '--since', '2023-01-01T00:00:00Z', '--report-poll-ms', '15']);
    const after = failuresAfterMigrate();
    await cli('verify --full', ['verify', ...main, '--mapping', mapping, '--full']);
    await cli('delta', ['delta', ...main, ...fast, '--mapping', mapping]);
    await cli('cutover without --confirm-frozen', ['cutover', ...main, ...fast, '--mapping', mapping]);
    await cli('rollback --all --preview', ['rollback', ...main, '--all', '--preview']);
    // Rollback last: the runs on copies read Intercom as the migration left it.
    await Promise.all([before, after]);
    intercomState = await (await fetch(`${sims.intercom.inspectUrl}/state`)).text();
    await cli('rollback --all', ['rollback', ...main, '--all']);
    runsMs = Date.now() - started;

    forms = Object.entries(secret).flatMap(([name, value]) => formsToScan(name, value, sims.khoros.settings.username));
    // Community session keys are credentials too, issued during the runs.
    for (const key of sims.khoros.store.sessions) forms.push(...formsToScan('Community session key', key));
    scan = createSecretScan(forms);
    for (const run of runs.values()) {
      scan.text(`stdout of ${run.label}`, run.stdout);
      scan.text(`stderr of ${run.label}`, run.stderr);
    }
    filesScanned = await scan.folder(outDir);
    for (const file of filesScanned.filter((f) => f.endsWith('.duckdb'))) await scan.duckdb(join(outDir, file));
    const intercomLog = await (await fetch(`${sims.intercom.inspectUrl}/requests`)).text();
    const khorosLog = await (await fetch(`${sims.ready.khoros.admin}/requests`)).text();
    scan.text('Intercom simulator request log', intercomLog);
    scan.text('Khoros simulator request log', khorosLog);
    scan.text('Intercom simulator state after the migration', intercomState);
    logLines = { intercom: intercomLog.split('\n').filter(Boolean).length, khoros: (JSON.parse(khorosLog) as unknown[]).length };
  });

  after(async () => {
    for (const proxy of proxies) await proxy.close();
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (label: string): Run => {
    const found = runs.get(label);
    if (!found) throw new Error(`no run ${label}`);
    return found;
  };

  it('runs the whole migration through the CLI: discover, migrate, verify --full, delta, the refused cutover, rollback', () => {
    for (const label of ['discover', 'migrate --auto-confirm', 'verify --full', 'delta', 'rollback --all --preview', 'rollback --all']) {
      expect(run(label).code, `${label}: ${run(label).stderr}`).to.equal(0);
    }
    const migrate = JSON.parse(run('migrate --auto-confirm').stdout);
    expect(migrate.status).to.equal('completed');
    expect(migrate.objects.conversations.written).to.be.greaterThan(30);
    expect(JSON.parse(run('rollback --all').stdout).counts.deleted).to.be.greaterThan(50);
    expect(run('cutover without --confirm-frozen').code).to.equal(2);
    expect(run('cutover without --confirm-frozen').stderr).to.include('--confirm-frozen');
  });

  it('fails where it should: bad config, wrong password, wrong token, unreachable host, a server echoing the credentials mid-way', () => {
    const bad = run('bad config');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/- khoros: must have required property 'care'/);
    expect(bad.stderr).to.match(/- khoros\.privateKey: is not a known option/);
    expect(bad.stderr).to.match(/- intercom\.version: must be equal to one of the allowed values; found "9\.99"/);
    expect(bad.stderr).to.match(/- import\.concurrency: must be >= 1; found 0/);
    expect(run('wrong Khoros password').code).to.equal(1);
    expect(run('wrong Khoros password').stderr).to.match(/401/);
    expect(run('wrong Intercom token').code).to.equal(1);
    expect(run('wrong Intercom token').stderr).to.match(/401|unauthorized/i);
    expect(run('unreachable Khoros').code).to.equal(3);
    expect(run('unreachable Khoros').stderr).to.match(/ECONNREFUSED/);
    expect(run('Khoros echoing the request mid-way').code).to.equal(1);
    expect(run('Khoros echoing the request mid-way').stderr).to.match(/community: POST .*\/sessions\/login.* was refused with 400/);
    expect(khorosProxy.counts.forwarded).to.be.greaterThan(0);
    expect(khorosProxy.counts.echoed).to.be.greaterThan(0);
    expect(run('map confirm against an echoing Intercom').code, run('map confirm against an echoing Intercom').stderr).to.equal(1);
    expect(run('map confirm against an echoing Intercom').stderr).to.match(/was refused with 403: token_unauthorized GET \/data_attributes/);
    expect(run('Intercom echoing the request mid-way').code).to.equal(1);
    expect(intercomProxy.counts).to.deep.include({ forwarded: 20 });
    expect(intercomProxy.counts.echoed).to.be.greaterThan(0);
  });

  it('scans every output: each process, each file the runs wrote, every table and view of each workspace, both request logs', () => {
    const kinds = ['migration.duckdb', 'mapping.yaml', 'mapping.report.md', 'migration.reports/discover.json', 'migration.reports/discover.md',
      'migration.verify/verify.json', 'migration.verify/verify.md', 'migration.verify/verify.html', 'wrong-password.duckdb', 'unreachable.duckdb',
      'hostile-khoros.duckdb', 'wrong-token.duckdb', 'hostile-intercom.duckdb'];
    expect(filesScanned).to.include.members(kinds);
    expect(filesScanned.filter((f) => f.startsWith('migration.files/')).length, 'downloaded files').to.be.greaterThan(20);
    expect(scan.counts.texts).to.equal(runs.size * 2 + 3);
    expect(JSON.parse(intercomState).conversations.length).to.be.greaterThan(30);
    expect(runs.size).to.equal(14);
    expect(scan.counts.databases).to.equal(6);
    expect(scan.counts.relations).to.be.greaterThan(6 * 40);
    expect(scan.counts.rows).to.be.greaterThan(5_000);
    // Every table and view dumps (none left unscanned).
    expect(scan.counts.unreadable).to.deep.equal([]);
    expect(logLines.intercom).to.be.greaterThan(1_000);
    expect(logLines.khoros).to.be.greaterThan(150);
    expect(forms.filter((f) => f.name === 'Community session key')).to.not.be.empty;
    console.log(`      ${runs.size} CLI runs in ${(runsMs / 1000).toFixed(1)} s; scanned their stdout and stderr, `
      + `${scan.counts.files} files (${scan.counts.fileBytes} bytes), `
      + `${scan.counts.databases} workspaces (${scan.counts.relations} tables and views, ${scan.counts.rows} rows), `
      + `request logs (${logLines.intercom} Intercom, ${logLines.khoros} Khoros) and Intercom's state, for ${forms.length} forms of ${new Set(forms.map((f) => f.name)).size} secrets`);
  });

  it('finds no secret, in any form, in any of them', () => {
    expect(scan.findings).to.deep.equal([]);
  });

  it('the scan finds a secret planted in a text, a file or a workspace table, in each of its forms', async () => {
    const planted = formsToScan('planted', distinctive('planted'), 'api-user');
    const check = createSecretScan(planted);
    const plantDir = join(dir, 'planted');
    await mkdir(plantDir);
    for (const form of planted) check.text(`text with ${form.form}`, `error: ${form.needle} (end)`);
    await writeFile(join(plantDir, 'report.json'), JSON.stringify({ header: `Basic ${planted.find((f) => f.form === 'base64 user:password')!.needle}` }));
    const instance = await DuckDBInstance.create(join(plantDir, 'planted.duckdb'));
    const connection = await instance.connect();
    // Many rows, so DuckDB compresses the column; the dump still finds the one with the secret.
    await connection.run(`CREATE TABLE t AS SELECT 'filler ' || range AS v FROM range(5000)`);
    await connection.run('INSERT INTO t VALUES ($1)', [`token ${planted[0].needle}`]);
    connection.closeSync();
    instance.closeSync();
    await check.folder(plantDir);
    await check.duckdb(join(plantDir, 'planted.duckdb'));
    expect(check.findings.filter((f) => f.where.startsWith('text with')).map((f) => f.where)).to.include.members(planted.map((f) => `text with ${f.form}`));
    expect(check.findings.map((f) => f.where)).to.include.members(['file report.json', `duckdb ${join(plantDir, 'planted.duckdb')} main.t`]);
    expect(check.counts).to.deep.include({ files: 2, databases: 1, relations: 1, rows: 5001 });
  });
});
