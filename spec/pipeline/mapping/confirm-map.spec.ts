import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yargs from 'yargs';
import { MappingError } from '../../../pipeline/errors.ts';
import type { IntercomCatalog } from '../../../pipeline/mapping/check-map-meaning.ts';
import { confirmMap } from '../../../pipeline/mapping/confirm-map.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { profileHash, profileShape, profileSource } from '../../../pipeline/mapping/profile-source.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { mapConfirmCommand } from '../../../scripts/commands/map-confirm.ts';
import { HAND_WRITTEN_MAP, stageTiny, type StagedTiny } from './confirm-fixtures.ts';

/** Runs `map confirm` in this process; returns its exit code and output. */
async function runConfirmCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string) => { stdout += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { stderr += chunk; return true; }) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await yargs(argv).command({ command: 'map', describe: 'map', builder: (y) => y.command(mapConfirmCommand), handler: () => {} }).strict().parseAsync();
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
}

describe('confirmMap', function () {
  this.timeout(120_000);
  let staged: StagedTiny;
  let workspace: Workspace;
  let catalog: IntercomCatalog;
  let mappingPath: string;

  before(async () => {
    staged = await stageTiny();
    workspace = await openWorkspace(staged.workspacePath, { stage: 'map-confirm', runId: 'confirm-run-1' });
    catalog = await readIntercomCatalog(staged.config.intercom);
    mappingPath = join(staged.dir, 'mapping.yaml');
  });

  after(async () => {
    await workspace?.close();
    await staged?.close();
  });

  it('confirms a hand-written map and records it as version 1, with the file hash and the source profile', async () => {
    await writeFile(mappingPath, HAND_WRITTEN_MAP);
    const at = new Date('2025-03-01T10:00:00Z');
    const confirmed = await confirmMap({ workspace, mappingPath, intercom: catalog, by: 'ana', now: () => at });
    const profile = await profileSource(workspace);
    const fileSha256 = createHash('sha256').update(await readFile(mappingPath)).digest('hex');
    expect(confirmed).to.include({ version: 1, filePath: mappingPath, fileSha256, profileHash: profileHash(profile), confirmedBy: 'ana', runId: 'confirm-run-1' });
    const rows = await workspace.query('SELECT * FROM mapping_versions');
    expect(rows).to.have.length(1);
    expect(rows[0]).to.deep.equal({
      version: 1, file_path: mappingPath, file_sha256: fileSha256, mapping: confirmed.mapping, profile_hash: profileHash(profile),
      profile_shape: profileShape(profile), confirmed_at: at, confirmed_by: 'ana', run_id: 'confirm-run-1',
    });
    expect((rows[0].mapping as { policies: unknown }).policies).to.deep.equal({ noEmail: 'lead', fallbackAdminId: '7200000', attributePrefix: 'khoros_', caseIdAttribute: 'khoros_case_id' });
    expect((rows[0].profile_shape as Record<string, Record<string, string>>).customers.loyaltyNumber).to.equal('integer');
  });

  it('refuses a map with meaning problems, listing every one with its YAML path and line, and records nothing', async () => {
    const broken = HAND_WRITTEN_MAP
      .replace('fallbackAdminId: "7200000"', 'fallbackAdminId: "424242"')
      .replace('attribute: loyalty_id,', 'attribute: loyalty_no,')
      .replace('{ source: vip,', '{ source: vipp,');
    await writeFile(mappingPath, broken);
    const error = await confirmMap({ workspace, mappingPath, intercom: catalog }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(MappingError);
    const { code, problems, message } = error as MappingError;
    expect(code).to.equal('mapping_invalid');
    expect(problems).to.have.length(3);
    expect(problems[0]).to.match(/^policies\.fallbackAdminId \(line 7\): "424242" is not an Intercom admin/);
    expect(problems[1]).to.equal('objects.customers.fields[4].target.attribute (line 19): "loyalty_no" does not exist among Intercom\'s contact attributes ' +
      '(did you mean "loyalty_id"?); set create: true to provision it (name it khoros_…), or pick an existing attribute');
    expect(problems[2]).to.equal('objects.customers.fields[6].source (line 28): "vipp" is not a field of the staged customers (did you mean "vip"?); fix the path, or remove the row');
    expect(message).to.match(new RegExp(`^${mappingPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be confirmed: 3 problems\n- `));
    expect(await workspace.query('SELECT version FROM mapping_versions')).to.deep.equal([{ version: 1 }]);
  });

  it('refuses a file that does not follow the schema before looking at its meaning', async () => {
    await writeFile(mappingPath, HAND_WRITTEN_MAP.replace('noEmail: lead', 'noEmail: ignore'));
    const error = await confirmMap({ workspace, mappingPath, intercom: catalog }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(MappingError);
    expect((error as MappingError).message).to.match(/does not follow the map schema/).and.match(/policies\.noEmail \(line 6\): must be one of "skip", "lead", "placeholder"/);
  });

  it('map confirm (CLI) prints the new version and its hashes, or every problem with exit code 2', async () => {
    await workspace.close();
    try {
      await writeFile(mappingPath, HAND_WRITTEN_MAP);
      const ok = await runConfirmCli(['map', 'confirm', '--config', staged.configPath, '--mapping', mappingPath, '--by', 'ben']);
      expect(ok.code, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(new RegExp(`^confirmed .*mapping\\.yaml as version 2 by ben\\n  file sha256:    [0-9a-f]{64}\\n  source profile: [0-9a-f]{64}\\n$`));

      await writeFile(mappingPath, HAND_WRITTEN_MAP.replace('fallbackAdminId: "7200000"', 'fallbackAdminId: "1"'));
      const refused = await runConfirmCli(['map', 'confirm', '--config', staged.configPath, '--mapping', mappingPath]);
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.match(/^khoros2intercom map confirm: .*mapping\.yaml cannot be confirmed: 1 problem\n- policies\.fallbackAdminId \(line 7\): "1" is not an Intercom admin/);
    } finally {
      workspace = await openWorkspace(staged.workspacePath);
    }
    const runs = await workspace.query<{ stage: string; status: string }>("SELECT stage, status FROM runs WHERE stage = 'map-confirm' ORDER BY started_at");
    expect(runs.map((r) => r.status)).to.deep.equal(['running', 'succeeded', 'failed']);
    const versions = await workspace.query<{ version: number; confirmed_by: string }>('SELECT version, confirmed_by FROM mapping_versions ORDER BY version');
    expect(versions).to.deep.equal([{ version: 1, confirmed_by: 'ana' }, { version: 2, confirmed_by: 'ben' }]);
  });
});
