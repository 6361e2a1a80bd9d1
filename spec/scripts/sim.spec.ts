import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../pipeline/config.ts';

const BIN = new URL('../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;

describe('khoros2intercom sim', function () {
  this.timeout(60_000);
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';
  let ready: any;
  let configPath: string;

  before(async () => {
    configPath = join(await mkdtemp(join(tmpdir(), 'k2i-sim-')), 'sim.config.json');
    child = spawn(process.execPath, [BIN, 'sim', '--seed', '3', '--scale', 'tiny', '--write-config', configPath]);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sim exited with ${code} before it was ready`)));
    });
    ready = JSON.parse(firstLine);
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints a ready line holding the contract keys', () => {
    expect(ready.khoros).to.include.keys('care', 'username', 'password');
    expect(ready.intercom).to.include.keys('url', 'token', 'inspect');
    expect(ready.khoros.care).to.match(/^http:\/\/127\.0\.0\.1:\d+\/care$/);
    expect(ready.config).to.equal(configPath);
  });

  it('serves Care under the care base with the printed credentials', async () => {
    const auth = Buffer.from(`${ready.khoros.username}:${ready.khoros.password}`).toString('base64');
    const response = await fetch(`${ready.khoros.care}/api/v2/authors`, { headers: { authorization: `Basic ${auth}` } });
    expect(response.status).to.equal(200);
    const body = (await response.json()) as any;
    expect(body.status).to.equal('success');
    expect(body.data.personList).to.be.an('array').that.is.not.empty;
  });

  it('serves Intercom at its url with the printed token', async () => {
    const response = await fetch(`${ready.intercom.url}/admins`, { headers: { authorization: `Bearer ${ready.intercom.token}`, accept: 'application/json' } });
    expect(response.status).to.equal(200);
    expect(((await response.json()) as any).type).to.equal('admin.list');
  });

  it('writes a config file that the config loader accepts', async () => {
    const config = await loadConfig(configPath, {});
    expect(config.khoros.care).to.equal(ready.khoros.care);
    expect(config.intercom.url).to.equal(ready.intercom.url);
  });

  it('stops cleanly on SIGTERM having printed exactly one line on stdout', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(stdout.trim().split('\n')).to.have.length(1);
  });
});
