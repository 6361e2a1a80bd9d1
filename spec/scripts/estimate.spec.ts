import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { estimateCommand, estimateFromArgs } from '../../scripts/commands/estimate.ts';
import { ConfigError } from '../../pipeline/errors.ts';

const run = promisify(execFile);
const BIN = new URL('../../scripts/bin/khoros2intercom.js', import.meta.url).pathname;
const COUNTS = ['--customers', '100000', '--cases', '170000', '--interactions', '1000000', '--articles', '2000', '--since', '2023-01-01', '--until', '2026-01-01'];

describe('khoros2intercom estimate', function () {
  this.timeout(60_000);

  it('prints the stages, the buckets and the assumptions as a table', async () => {
    const table = await run(process.execPath, [BIN, 'estimate', ...COUNTS]);
    expect(table.stdout).to.match(/^import: conversations\s+intercom\s+2,364,760\s+3 h 59 min/m);
    expect(table.stdout).to.match(/^khoros care\s+60\s+11,700\s+3 h 19 min/m);
    expect(table.stdout).to.match(/^total\s+/m);
    expect(table.stdout).to.include('conversations = 34,000: cases / 5');
  });

  it('with --json prints the estimate as data, an --assume replacing its rule', async () => {
    const args = { customers: '100000', cases: '170000', interactions: '1000000', articles: '2000', since: '2023-01-01', until: '2026-01-01', downloads: true, json: true, assume: ['conversationTags=0'] };
    let out = '';
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => { out += chunk; return true; }) as typeof process.stdout.write;
    try {
      await estimateCommand.handler(args as never);
    } finally {
      process.stdout.write = write;
    }
    const estimate = JSON.parse(out);
    expect(estimate.stages.find((s: { stage: string }) => s.stage === 'import: conversations').requests).to.equal(2_364_760 - 612_000);
    expect(estimate.assumptions.map((a: { count: string }) => a.count)).not.to.include('conversationTags');
  });

  it('exits 2 naming the option and the value when a count is not a whole number', async () => {
    const failed = await run(process.execPath, [BIN, 'estimate', ...COUNTS, '--cases', 'many']).then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failed).not.to.equal(null);
    expect(failed!.code).to.equal(2);
    expect(failed!.stderr).to.include('--cases "many": expected a whole number');
  });

  it('refuses a missing count and an unknown --assume, naming them (the check exit 2 reports)', () => {
    const base = { customers: '10', cases: '10', interactions: '10', articles: '10', downloads: true };
    expect(() => estimateFromArgs({ ...base, articles: undefined })).to.throw(ConfigError, /--articles: required/);
    expect(() => estimateFromArgs({ ...base, assume: ['widgets=3'] })).to.throw(ConfigError, /--assume "widgets=3"/);
  });

  it('parses counts with separators and refuses bad dates and quotas in process', () => {
    const base = { customers: '100_000', cases: '170,000', interactions: '1000000', articles: '2000', downloads: true };
    expect(estimateFromArgs(base).counts.cases).to.equal(170_000);
    expect(() => estimateFromArgs({ ...base, since: 'yesterday' })).to.throw(ConfigError, /--since "yesterday"/);
    expect(() => estimateFromArgs({ ...base, 'intercom-per-minute': '0' })).to.throw(ConfigError, /--intercom-per-minute "0"/);
    expect(() => estimateFromArgs({ ...base, 'kb-images': '-1' })).to.throw(ConfigError, /--kb-images "-1"/);
  });
});
