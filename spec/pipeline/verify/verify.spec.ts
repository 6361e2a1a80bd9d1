import { expect } from 'chai';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../pipeline/config.ts';
import { ConfigError } from '../../../pipeline/errors.ts';
import { runImport } from '../../../pipeline/import.ts';
import { runProvision } from '../../../pipeline/provision.ts';
import { runVerify, type VerifyResult } from '../../../pipeline/verify.ts';
import { selectSample } from '../../../pipeline/verify/select-sample.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { verifyCommand } from '../../../scripts/commands/verify.ts';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { confirmTiny, freshIntercom, type ConfirmedTiny } from '../provision/provision-fixtures.ts';

/** The ```sql blocks of the workspace README's reconciliation section, in order. */
async function readmeQueries(): Promise<string[]> {
  const readme = await readFile(new URL('../../../pipeline/workspace/README.md', import.meta.url), 'utf8');
  const section = readme.split('## Reconciliation views (verify)')[1]?.split(/\n## /)[0] ?? '';
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

type Row = Record<string, any>;

/** What the reconciliation views list, as comparable lines. */
async function viewLines(workspace: Workspace): Promise<string[]> {
  const rows = [
    ...(await workspace.query<Row>(`SELECT 'field_mismatch' AS kind, object_type, khoros_key, field FROM field_mismatches`)),
    ...(await workspace.query<Row>(`SELECT kind, object_type, khoros_key, field FROM missing_in_intercom`)),
    ...(await workspace.query<Row>(`SELECT kind, object_type, khoros_key, field FROM unexpected_in_intercom`)),
  ];
  return rows.map((r) => `${r.kind} ${r.object_type} ${r.khoros_key} ${r.field ?? ''}`.trim()).sort();
}

describe('verify (tiny dataset: provision + import into a fresh Intercom simulator, then read back)', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  let sim: IntercomSimulator;
  let client: IntercomClient;
  let workspacePath: string;
  let workspace: Workspace;
  let out: string;

  before(async () => {
    tiny = await confirmTiny();
    workspacePath = await tiny.copy('verify');
    ({ sim, client } = await freshIntercom(tiny.dataset));
    workspace = await openWorkspace(workspacePath, { stage: 'provision' });
    await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    await runImport({ workspace, intercom: client, mappingPath: tiny.mappingPath });
    await workspace.close();
    workspace = await openWorkspace(workspacePath, { stage: 'verify' });
    out = await mkdtemp(join(tmpdir(), 'k2i-verify-'));
  });
  after(async () => {
    await workspace?.close();
    await sim?.close();
    await tiny?.close();
  });

  /** A verify run in a fresh run of the workspace (as the CLI would). */
  async function verify(mode: 'sample' | 'full', seed?: number): Promise<VerifyResult> {
    await workspace.close();
    workspace = await openWorkspace(workspacePath, { stage: 'verify' });
    return runVerify({ workspace, intercom: client, mappingPath: tiny.mappingPath, mode, seed, outDir: out });
  }

  it('after a clean migration, verify --full is all green: every threshold met, nothing missing, unexpected or mismatched', async () => {
    const result = await verify('full');
    expect(result.findings, JSON.stringify(result.findings.slice(0, 5), null, 1)).to.deep.equal([]);
    expect(result.pass).to.equal(true);
    expect(result.thresholds.map((t) => t.pass)).to.deep.equal([true, true, true, true]);
    for (const c of result.counts) {
      expect(c.readBack, c.objectType).to.equal(c.objectType === 'conversation_part' ? c.written - 7 : c.written); // 7 parts of the 520-interaction case lie beyond the 500 Intercom answers
      expect([c.missing, c.unexpected, c.withMismatches], c.objectType).to.deep.equal([0, 0, 0]);
    }
    expect(result.counts.find((c) => c.objectType === 'contact')).to.include({ staged: 20, planned: 19, written: 19, readBack: 19, quarantined: 1 });
    expect(result.totals.fieldChecks).to.be.greaterThan(1000);
    expect(await viewLines(workspace)).to.deep.equal([]);
    const summary = await workspace.query<Row>(`SELECT object_type, status FROM reconciliation_summary ORDER BY object_type`);
    expect(summary.map((r) => r.object_type)).to.include.members(['article', 'contact', 'conversation', 'conversation_part', 'tag']);
    expect(summary.every((r) => r.status === 'ok')).to.equal(true);
    const [parts] = await workspace.query<Row>(`SELECT count(*) AS n, count(*) FILTER (WHERE counts_match) AS ok FROM conversation_part_counts`);
    expect(parts).to.deep.equal({ n: 35, ok: 35 });
    // The readback tables hold what was read, stamped with the run.
    const [read] = await workspace.query<Row>(`SELECT count(*) AS n FROM readback_contacts WHERE run_id = $1 AND found`, [result.runId]);
    expect(read.n).to.equal(19);
    const report = JSON.parse(await readFile(join(out, 'verify.json'), 'utf8')) as VerifyResult;
    expect(report.pass).to.equal(true);
  });

  it('the HTML report is one standalone page: inline CSS, a bar per object, no external reference', async () => {
    const files = (await readdir(out)).filter((f) => f.endsWith('.html'));
    expect(files).to.deep.equal(['verify.html']);
    const html = await readFile(join(out, 'verify.html'), 'utf8');
    expect(html).to.match(/^<!DOCTYPE html>/).and.to.include('<style>');
    expect(html).not.to.match(/<(link|script|img|iframe|object|embed)\b/i);
    expect(html).not.to.match(/\b(src|href)\s*=/i);
    expect(html).not.to.match(/url\(|@import|https?:\/\//i);
    expect(html.match(/class="bar"/g)?.length).to.be.greaterThan(5);
  });

  it('the sample is seeded and deterministic, and takes the hardest records, not the first ones', async () => {
    const first = await selectSample(workspace, { seed: 1 });
    const again = await selectSample(workspace, { seed: 1 });
    const other = await selectSample(workspace, { seed: 2 });
    expect(again.records).to.deep.equal(first.records);
    const conversations = (s: typeof first) => s.records.filter((r) => r.family === 'cases' || r.family === 'conversations').map((r) => r.key);
    expect(conversations(first)).to.have.length(25);
    expect(conversations(other)).to.have.length(25);
    expect(conversations(other)).not.to.deep.equal(conversations(first));
    // The hardest of each kind is always in: the 520-interaction case, the case with the most non-Latin text, the oldest.
    const [most] = await workspace.query<Row>(`SELECT key FROM raw_cases ORDER BY len(k2i_array(payload->'interactions')) DESC LIMIT 1`);
    const [oldest] = await workspace.query<Row>(`SELECT key FROM raw_cases WHERE key IN (SELECT khoros_key FROM ledger WHERE object_type = 'conversation')
      ORDER BY k2i_ts(payload->>'created') LIMIT 1`);
    const [script] = await workspace.query<Row>(`SELECT key FROM raw_cases ORDER BY length(regexp_replace(payload::VARCHAR, '[\\x00-\\x{024F}\\x{2000}-\\x{206F}]', '', 'g')) DESC LIMIT 1`);
    for (const sample of [first, other]) expect(conversations(sample)).to.include.members([most.key, oldest.key, script.key]);
    expect(first.records.find((r) => r.key === most.key)?.reason).to.include('most interactions');
    // Harder than the population on average, and not the first 25 keys.
    const scores = first.records.filter((r) => r.family !== 'customers' && r.family !== 'kb_articles').map((r) => r.score);
    const [population] = await workspace.query<Row>(`SELECT count(*) AS n FROM ledger WHERE object_type = 'conversation' AND operation = 'create'`);
    expect(population.n).to.equal(35);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const dropped = await workspace.query<Row>(`SELECT key FROM raw_cases WHERE key IN (SELECT khoros_key FROM ledger WHERE object_type = 'conversation') ORDER BY key LIMIT 25`);
    expect(conversations(first)).not.to.have.members(dropped.map((r) => r.key));
    expect(mean).to.be.greaterThan(1.2);
    // A sample run checks exactly the sample.
    const result = await verify('sample', 2);
    expect(result.sample?.customers).to.have.length(19);
    expect([...(result.sample?.cases ?? []), ...(result.sample?.conversations ?? [])].sort()).to.deep.equal([...conversations(other)].sort());
    expect(result.counts.find((c) => c.objectType === 'conversation')?.checked).to.equal(25);
    expect(result.pass).to.equal(true);
  });

  it('names exactly the dropped part, the changed fields and the lost contact (views and JSON report), and fails; the CLI exits 1', async () => {
    const ledger = (sql: string) => workspace.query<Row>(sql);
    const contacts = await ledger(`SELECT khoros_key, intercom_id FROM ledger WHERE object_type = 'contact' AND operation = 'create' AND status = 'done' ORDER BY khoros_key LIMIT 2`);
    const [lost, changed] = contacts;
    const [part] = await ledger(`SELECT khoros_key, intercom_id FROM ledger WHERE object_type = 'conversation_part' AND status = 'done' AND starts_with(khoros_key, '00010002#') ORDER BY seq LIMIT 1 OFFSET 1`);
    const [conversation] = await ledger(`SELECT khoros_key, intercom_id FROM ledger WHERE object_type = 'conversation' AND operation = 'create' AND khoros_key = '00010003'`);
    const [attribute] = Object.keys((await ledger(`SELECT payload FROM readback_conversations WHERE khoros_key = '00010003' ORDER BY read_at DESC LIMIT 1`))[0].payload.custom_attributes);
    const hooks = {
      loseContact: lost.intercom_id,
      changeContactField: { id: changed.intercom_id, field: 'name', value: 'Someone Else' },
      dropConversationPart: part.intercom_id.split('/')[1],
      changeConversationField: { id: conversation.intercom_id, field: `custom_attributes.${attribute}`, value: 'tampered' },
    };
    const set = await fetch(`${sim.inspectUrl}/hooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hooks) });
    expect(set.status).to.equal(200);
    try {
      const result = await verify('full');
      const expected = [
        `field_mismatch contact ${changed.khoros_key} name`,
        `field_mismatch conversation 00010003 custom_attributes.${attribute}`,
        `missing contact ${lost.khoros_key}`,
        `part_missing conversation_part ${part.khoros_key}`,
      ].sort();
      expect(await viewLines(workspace)).to.deep.equal(expected);
      const report = JSON.parse(await readFile(join(out, 'verify.json'), 'utf8')) as VerifyResult;
      expect(report.findings.map((f) => `${f.kind} ${f.objectType} ${f.khorosKey} ${f.field ?? ''}`.trim()).sort()).to.deep.equal(expected);
      expect(report.findings.find((f) => f.kind === 'missing')?.intercomId).to.equal(lost.intercom_id);
      expect(report.findings.find((f) => f.field === 'name')).to.include({ actual: 'Someone Else' });
      expect(report.findings.find((f) => f.kind === 'part_missing')?.intercomId).to.equal(part.intercom_id);
      expect(result.pass).to.equal(false);
      expect(result.thresholds.filter((t) => !t.pass).map((t) => t.name)).to.deep.equal(['maxMissing', 'maxFieldMismatchRate', 'maxPartCountMismatches']);
      expect(result.totals).to.include({ missing: 2, unexpected: 0, fieldMismatches: 2, partCountMismatches: 1 });
      const md = await readFile(join(out, 'verify.md'), 'utf8');
      expect(md).to.include('# Verify: FAIL').and.to.include(lost.khoros_key);

      // The CLI: same findings, exit code 1 (and 0 once the thresholds allow them).
      await workspace.close();
      const config = JSON.parse(await readFile(tiny.staged.configPath, 'utf8'));
      const configPath = join(out, 'verify.config.json');
      const run = async (verify: Row) => {
        await writeFile(configPath, JSON.stringify({ ...config, intercom: { url: sim.url, token: sim.token, version: '2.16' }, workspace: workspacePath, verify }));
        const write = process.stdout.write;
        process.stdout.write = (() => true) as typeof process.stdout.write;
        const stderr = process.stderr.write;
        process.stderr.write = (() => true) as typeof process.stderr.write;
        process.exitCode = undefined;
        try {
          await verifyCommand.handler({ config: configPath, mapping: tiny.mappingPath, full: true, out, _: [], $0: 'khoros2intercom' });
        } finally {
          process.stdout.write = write;
          process.stderr.write = stderr;
        }
        const code = process.exitCode ?? 0;
        process.exitCode = undefined;
        return code;
      };
      expect(await run({})).to.equal(1);
      expect(await run({ maxMissing: 2, maxFieldMismatchRate: 0.01, maxPartCountMismatches: 1 })).to.equal(0);
      workspace = await openWorkspace(workspacePath, { stage: 'verify' });
    } finally {
      await fetch(`${sim.inspectUrl}/hooks`, { method: 'DELETE' });
    }
  });

  it("the README's reconciliation queries answer for the latest run (the faulty one above)", async () => {
    const queries = await readmeQueries();
    expect(queries).to.have.length(7);
    const answers: Row[][] = [];
    for (const sql of queries) answers.push(await workspace.query<Row>(sql));
    expect(answers[0].find((r) => r.object_type === 'contact')).to.include({ missing: 1, with_mismatches: 1, status: 'problems' });
    expect(answers[1]).to.have.length(1);
    expect(answers[1][0]).to.include({ field: 'name', actual: 'Someone Else' });
    expect(answers[2].map((r) => `${r.kind} ${r.object_type} ${r.findings}`).sort()).to.deep.equal(['missing contact 1', 'part_missing conversation_part 1']);
    expect(answers[3]).to.deep.equal([]);
    expect(answers[4]).to.have.length(2);
    expect(answers[4].map((r) => r.field)).to.include('name');
    expect(answers[5]).to.have.length(1);
    expect(answers[5][0]).to.include({ khoros_key: '00010002' });
    expect(answers[6].map((r) => r.field_mismatches)).to.include.members([0, 2]);
  });
});

describe('verify config', () => {
  const base = { khoros: { care: 'http://127.0.0.1:1/care', username: 'u', password: 'p' }, intercom: { url: 'http://127.0.0.1:2', token: 't' } };

  it('defaults every threshold to strict (0) and the sample to 25 conversations and 50 contacts', () => {
    expect(parseConfig(base, {}).verify).to.deep.equal({ maxMissing: 0, maxUnexpected: 0, maxFieldMismatchRate: 0, maxPartCountMismatches: 0, sampleConversations: 25, sampleContacts: 50, concurrency: 8 });
    expect(parseConfig({ ...base, verify: { maxMissing: 3 } }, {}).verify.maxMissing).to.equal(3);
  });

  it('refuses a bad threshold, naming the option and the value', () => {
    const refused = () => parseConfig({ ...base, verify: { maxFieldMismatchRate: 2, maxMissing: -1, strict: true } }, {}, 'c.json');
    expect(refused).to.throw(ConfigError, /verify\.maxFieldMismatchRate: must be <= 1; found 2/);
    expect(refused).to.throw(ConfigError, /verify\.maxMissing: must be >= 0; found -1/);
    expect(refused).to.throw(ConfigError, /verify\.strict: is not a known option/);
  });
});
