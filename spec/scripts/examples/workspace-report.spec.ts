import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgered, recordIntent } from '../../../pipeline/workspace/ledger.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { withRun } from '../../../pipeline/workspace/with-run.ts';
import { main, workspaceReport } from '../../../scripts/examples/workspace-report.ts';
import { captureStderr } from '../../support/capture-stderr.ts';

/** The rows of the Markdown table under `## title`. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`## ${title}\n`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe('example: workspace-report (a hand-made workspace)', function () {
  this.timeout(30_000);
  let dir: string;
  let path: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2i-report-'));
    path = join(dir, 'workspace.duckdb');
    await withRun(path, 'export', {}, (workspace) => workspace.writePage({
      family: 'customers', stream: 'customers', endpoint: 'GET /crm/customers', checkpoint: { done: true },
      rows: [{ key: 'C1', payload: { id: 'C1' } }, { key: 'C2', payload: { id: 'C2' } }],
      quarantined: [{ key: 'C3', reason: '/email must match format "email"', payload: { id: 'C3', email: 'x' } }],
    }));
    await withRun(path, 'import', {}, async (workspace) => {
      await ledgered(workspace, {
        objectType: 'contact', khorosKey: 'C1', operation: 'create', endpoint: 'POST /contacts', payload: { external_id: 'C1' },
        send: async () => ({ id: '6a1' }), settle: (answer) => ({ intercomId: answer.id }),
      });
      // A write sent without an answer recorded (a killed run).
      await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C2', operation: 'create', endpoint: 'POST /contacts', payloadHash: payloadHash({ external_id: 'C2' }) });
    });
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports the runs, staged records, quarantine, ledger and writes in flight as Markdown tables', async () => {
    const markdown = await workspaceReport(path);
    expect(section(markdown, 'Runs')).to.match(/\| export \| succeeded \| 1 \|/).and.match(/\| import \| succeeded \| 1 \|/);
    expect(section(markdown, 'Staged records')).to.match(/\| customers \| 2 \|/);
    expect(section(markdown, 'Quarantined, by kind of reason')).to.include('| customers | /email must match format "email" | 1 |');
    const ledger = section(markdown, 'Written to Intercom (the ledger)');
    expect(ledger).to.include('| contact | create | done | 1 |').and.include('| contact | create | intent | 1 |');
    expect(section(markdown, 'Reconciliation (latest verify)')).to.include('_Nothing yet._');
    expect(section(markdown, 'In flight')).to.match(/^1 writes were sent without an answer/m).and.include('| contact | C2 | create |');
  });

  it('writes the report to --out, and refuses a workspace that does not exist (exit code 2)', async () => {
    const out = join(dir, 'report.md');
    expect(await main(['--workspace', path, '--out', out])).to.equal(0);
    expect(await readFile(out, 'utf8')).to.match(/^# Migration report: /);
    const { value, stderr } = await captureStderr(() => main(['--workspace', join(dir, 'nope.duckdb')]));
    expect(value).to.equal(2);
    expect(stderr).to.include('no such workspace');
  });
});
