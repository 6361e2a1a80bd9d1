import { expect } from 'chai';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    console.log(JSON.stringify(result.counts), result.notes, result.intercomRequests);
  });
});
