import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../pipeline/config.ts';
import { ConfigError } from '../../pipeline/errors.ts';

const valid = {
  khoros: { care: 'http://127.0.0.1:1/care', username: 'api-user', password: { env: 'KHOROS_PASSWORD' } },
  intercom: { url: 'http://127.0.0.1:2', token: { env: 'INTERCOM_TOKEN' } },
};

describe('config', () => {
  it('resolves secrets from the environment it is given and fills defaults', () => {
    const config = parseConfig(valid, { KHOROS_PASSWORD: 'pw', INTERCOM_TOKEN: 'tok' });
    expect(config.khoros.password).to.equal('pw');
    expect(config.intercom.token).to.equal('tok');
    expect(config.intercom.version).to.equal('2.16');
    expect(config.workspace).to.equal('./migration.duckdb');
    expect(config.duckdb).to.deep.equal({ memoryLimit: '512MB' });
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('reports every problem at once, naming the option and the value', () => {
    const bad = { ...valid, khoros: { ...valid.khoros, care: 'not a url', colour: 'blue' }, intercom: { ...valid.intercom, version: '1.9' } };
    try {
      parseConfig(bad, {});
      expect.fail('parseConfig accepted a bad config');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).to.include('khoros.care').and.include('"not a url"');
      expect(message).to.include('khoros.colour: is not a known option');
      expect(message).to.include('intercom.version').and.include('"1.9"');
    }
  });

  it('takes the workspace\'s DuckDB settings, and names a memory limit or a thread count DuckDB would not take', () => {
    expect(parseConfig({ ...valid, duckdb: { memoryLimit: '1.5GB', threads: 2 } }, { KHOROS_PASSWORD: 'pw', INTERCOM_TOKEN: 'tok' }).duckdb)
      .to.deep.equal({ memoryLimit: '1.5GB', threads: 2 });
    try {
      parseConfig({ ...valid, duckdb: { memoryLimit: 'lots', threads: 0 } }, {});
      expect.fail('parseConfig accepted a bad duckdb section');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.include('duckdb.memoryLimit').and.include('"lots"').and.include('duckdb.threads').and.include('found 0');
    }
  });

  it('names a missing environment variable without printing any secret', () => {
    expect(() => parseConfig(valid, { KHOROS_PASSWORD: 'pw' })).to.throw(ConfigError, 'intercom.token: environment variable INTERCOM_TOKEN is not set');
  });

  it('never echoes a literal secret that fails validation', () => {
    const bad = { ...valid, intercom: { url: valid.intercom.url, token: '' } };
    expect(() => parseConfig(bad, {})).to.throw(ConfigError).with.property('message').that.includes('(hidden)');
  });

  it('shows an object an error points at by its keys, never its values (a secret beside a missing option)', () => {
    const bad = { khoros: { username: 'api-user', password: 'hunter2-in-the-file' }, intercom: valid.intercom };
    expect(() => parseConfig(bad, {})).to.throw(ConfigError, "- khoros: must have required property 'care'; found an object with keys username, password")
      .with.property('message').that.does.not.include('hunter2');
  });

  it('names the file when it is missing or not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2i-config-'));
    await expectRejection(loadConfig(join(dir, 'absent.json'), {}), '--config');
    await writeFile(join(dir, 'broken.json'), '{"khoros":');
    await expectRejection(loadConfig(join(dir, 'broken.json'), {}), 'not valid JSON');
  });
});

async function expectRejection(promise: Promise<unknown>, text: string): Promise<void> {
  try {
    await promise;
    expect.fail('expected a rejection');
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.include(text);
  }
}
