import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { runImport } from '../../pipeline/import.ts';
import { CONVERSATIONS_QUARANTINE } from '../../pipeline/import/import-conversations.ts';
import type { Mapping } from '../../pipeline/mapping/mapping.ts';
import { runProvision } from '../../pipeline/provision.ts';
import { runRetryFailed } from '../../pipeline/retry-failed.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { confirmTiny, freshIntercom, simState, type ConfirmedTiny } from './provision/provision-fixtures.ts';

type Obj = Record<string, any>;

describe('retry --failed (tiny dataset: import with a conversation attribute missing, fix it, retry)', function () {
  this.timeout(300_000);
  let tiny: ConfirmedTiny;
  const closing: (() => Promise<void>)[] = [];
  before(async () => { tiny = await confirmTiny(); });
  after(async () => {
    while (closing.length) await closing.pop()!();
    await tiny?.close();
  });

  async function quarantine(workspace: Workspace) {
    return workspace.query<{ family: string; key: string; reason: string }>('SELECT family, key, reason FROM quarantine ORDER BY family, key, reason');
  }

  it('quarantines the records Intercom refuses with their error class, then replays just those: written once, quarantine rows gone', async () => {
    const mapping = parse(await readFile(tiny.mappingPath, 'utf8')) as Mapping;
    const caseAttribute = mapping.policies.caseIdAttribute;
    const path = await tiny.copy('retry');
    const intercom = await freshIntercom(tiny.dataset);
    closing.push(() => intercom.sim.close());
    let workspace = await openWorkspace(path, { stage: 'provision' });
    closing.push(() => workspace.close());
    await runProvision({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath });
    const exportQuarantine = (await quarantine(workspace)).filter((r) => !r.family.startsWith('import_'));

    // Break it: archive the refund amount attribute, so the update of every case that has one is refused.
    const attribute = (await simState(intercom.sim)).conversation_attributes.find((a) => a.name === 'khoros_refund_amount' && !a.archived)!;
    expect(attribute, 'provisioned attribute').to.not.equal(undefined);
    await intercom.client.request('DELETE', `/conversations/attributes/${attribute.id}`);

    await workspace.close();
    workspace = await openWorkspace(path, { stage: 'import' });
    const first = await runImport({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath, chunkSize: 7 });
    const quarantined = await quarantine(workspace);
    const failed = quarantined.filter((r) => r.family === CONVERSATIONS_QUARANTINE && r.reason.includes('khoros_refund_amount'));
    expect(failed.length, 'records refused').to.be.greaterThan(0);
    expect(first.conversations.quarantined).to.be.at.least(failed.length);
    for (const row of failed) expect(row.reason, row.key).to.match(/^IntercomRequestError intercom_request_refused: .*400 parameter_invalid/);
    const failedKeys = [...new Set(failed.map((r) => r.key))].sort();
    const cases = (await workspace.query<{ key: string; payload: Obj }>('SELECT key, payload FROM raw_cases ORDER BY key'));
    expect(failedKeys.length, 'a subset of the cases').to.be.lessThan(cases.length);
    // What should remain after the retry: every row but the refusals.
    const remaining = quarantined.filter((r) => !failed.includes(r)).map((r) => `${r.family} ${r.key} ${r.reason}`);

    // Fix the cause: re-create the attribute. Then retry --failed.
    await intercom.client.request('POST', '/conversations/attributes', { json: { name: 'khoros_refund_amount', data_type: 'decimal' } });
    await workspace.close();
    workspace = await openWorkspace(path, { stage: 'retry' });
    const ledgerBefore = await workspace.query<{ seq: number }>('SELECT max(seq) AS seq FROM ledger');
    const retry = await runRetryFailed({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath, chunkSize: 7 });

    // Only the failed keys (and the records still queued, which stay queued) were written.
    const written = await workspace.query<{ khoros_key: string; status: string }>('SELECT khoros_key, status FROM ledger WHERE seq > $1', [Number(ledgerBefore[0].seq)]);
    expect(written.length).to.be.greaterThan(0);
    for (const w of written) expect(failedKeys, w.khoros_key).to.include(w.khoros_key.split('#')[0]);
    for (const key of failedKeys) expect(retry.resolved, key).to.include(key);

    // The refusals are gone; export quarantines, queued records and attachment notes are untouched.
    const after = await quarantine(workspace);
    expect(after.map((r) => `${r.family} ${r.key} ${r.reason}`)).to.have.members(remaining);
    expect(after.filter((r) => !r.family.startsWith('import_'))).to.deep.equal(exportQuarantine);
    expect(retry.stillFailing.filter((r) => failedKeys.includes(r.key))).to.deep.equal([]);
    expect(retry.retried[CONVERSATIONS_QUARANTINE]).to.be.at.least(failedKeys.length);

    // The simulator holds each exactly once, with its attribute now set.
    const state = await simState(intercom.sim);
    for (const key of failedKeys) {
      const found = state.conversations.filter((c) => c.custom_attributes?.[caseAttribute] === key);
      expect(found, `conversation of ${key}`).to.have.length(1);
      expect(found[0].custom_attributes.khoros_refund_amount, `refund amount of ${key}`).to.be.a('number');
    }

    // A second retry finds nothing of theirs to do.
    const again = await runRetryFailed({ workspace, intercom: intercom.client, mappingPath: tiny.mappingPath, chunkSize: 7 });
    expect(again.resolved.filter((k) => failedKeys.includes(k))).to.deep.equal([]);
  });
});
