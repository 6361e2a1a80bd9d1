import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MappingError } from '../../../pipeline/errors.ts';
import type { IntercomCatalog } from '../../../pipeline/mapping/check-map-meaning.ts';
import { confirmMap } from '../../../pipeline/mapping/confirm-map.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { requireConfirmedMap } from '../../../pipeline/mapping/require-confirmed-map.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { HAND_WRITTEN_MAP, mutateKhoros, stageTiny, type StagedTiny } from './confirm-fixtures.ts';

/** The refusal of `requireConfirmedMap`, or a failure when it accepts. */
async function refusal(workspace: Workspace, mappingPath: string): Promise<MappingError> {
  const error = await requireConfirmedMap({ workspace, mappingPath }).then(() => null, (e: unknown) => e);
  expect(error, 'requireConfirmedMap accepted').to.be.instanceOf(MappingError);
  return error as MappingError;
}

describe('requireConfirmedMap', function () {
  this.timeout(120_000);
  let staged: StagedTiny;
  let workspace: Workspace;
  let catalog: IntercomCatalog;
  let mappingPath: string;
  const confirmCommand = () => `\`khoros2intercom map confirm --config FILE --mapping ${mappingPath}\``;

  before(async () => {
    staged = await stageTiny();
    workspace = await openWorkspace(staged.workspacePath, { stage: 'import' });
    catalog = await readIntercomCatalog(staged.config.intercom);
    mappingPath = join(staged.dir, 'mapping.yaml');
    await writeFile(mappingPath, HAND_WRITTEN_MAP);
  });

  after(async () => {
    await workspace?.close();
    await staged?.close();
  });

  it('refuses when no map was confirmed in the workspace, and says how to confirm one', async () => {
    const error = await refusal(workspace, mappingPath);
    expect(error.code).to.equal('mapping_unconfirmed');
    expect(error.message).to.equal(`no field map is confirmed in this workspace: review ${mappingPath}, then run ${confirmCommand()} before import or plan`);
  });

  it('returns the confirmed map once it is confirmed and nothing changed', async () => {
    const confirmed = await confirmMap({ workspace, mappingPath, intercom: catalog, by: 'ana', now: () => new Date('2025-03-01T10:00:00Z') });
    expect(await requireConfirmedMap({ workspace, mappingPath })).to.deep.equal(confirmed.mapping);
  });

  it('refuses after a hand edit of the file, naming the rows that changed and what to do', async () => {
    const edited = HAND_WRITTEN_MAP
      .replace('platinum: gold', 'platinum: silver')
      .replace(/ {6}- \{ source: crmNotes.*\n/, '')
      .replace('noEmail: lead', 'noEmail: skip');
    await writeFile(mappingPath, edited);
    const error = await refusal(workspace, mappingPath);
    expect(error.code).to.equal('mapping_changed');
    expect(error.problems).to.deep.equal([
      'policies.noEmail: "lead" → "skip"',
      'objects.customers.fields[5] (accountTier): conversion.values.platinum: "gold" → "silver"',
      'objects.customers.fields (crmNotes): row removed (was → {"skip":true,"reason":"free text stays in Khoros"})',
    ]);
    expect(error.message).to.equal(`import refused: ${mappingPath} changed since it was confirmed at 2025-03-01T10:00:00.000Z by ana (version 1):\n` +
      error.problems.map((p) => `  - ${p}\n`).join('') + `Review the change and run ${confirmCommand()} again.`);
  });

  it('refuses an edit of comments only, saying no value changed, and accepts the confirmed bytes again', async () => {
    await writeFile(mappingPath, HAND_WRITTEN_MAP.replace('# platinum folds into gold', '# platinum customers fold into gold'));
    const error = await refusal(workspace, mappingPath);
    expect(error.code).to.equal('mapping_changed');
    expect(error.problems).to.deep.equal(['only comments or formatting changed; no value differs']);
    await writeFile(mappingPath, HAND_WRITTEN_MAP);
    expect((await requireConfirmedMap({ workspace, mappingPath })).policies.noEmail).to.equal('lead');
  });

  it('refuses after the source drifts (simulator mutation, then export), naming the new field and the changed type, until the map is confirmed again', async () => {
    const keys = (await workspace.query<{ key: string }>('SELECT key FROM raw_customers ORDER BY key')).map((r) => r.key);
    await mutateKhoros(staged.sims, [
      { op: 'patch', type: 'customer', id: keys[0], changes: { newField: 'x' } },
      // Every birth date becomes text that is no date: the declared date field is now staged as text.
      ...keys.map((id) => ({ op: 'patch', type: 'customer', id, changes: { birthDate: 'n/a' } })),
    ]);
    await staged.reexport(workspace, ['customers']);
    expect((await workspace.query(`SELECT payload->>'newField' AS f FROM raw_customers WHERE key = $1`, [keys[0]]))[0]).to.deep.equal({ f: 'x' });

    const error = await refusal(workspace, mappingPath);
    expect(error.code).to.equal('source_drifted');
    expect(error.problems).to.deep.equal(['customers: new field newField (string)', 'customers.birthDate: date → string']);
    expect(error.message).to.equal('import refused: the staged source changed since the map was confirmed at 2025-03-01T10:00:00.000Z by ana (version 1):\n' +
      '  - customers: new field newField (string)\n  - customers.birthDate: date → string\n' +
      `Run \`khoros2intercom map propose\` to see the new fields, edit ${mappingPath} to place them (or skip them), then run ${confirmCommand()}.`);

    // A hand edit on top of the drift: both are reported, the edit first.
    await writeFile(mappingPath, HAND_WRITTEN_MAP.replace('noEmail: lead', 'noEmail: skip'));
    const both = await refusal(workspace, mappingPath);
    expect(both.code).to.equal('mapping_changed');
    expect(both.problems).to.deep.equal(['policies.noEmail: "lead" → "skip"', 'customers: new field newField (string)', 'customers.birthDate: date → string']);
    expect(both.message).to.include('\nAlso, the staged source changed since');

    const confirmed = await confirmMap({ workspace, mappingPath, intercom: catalog, by: 'ana' });
    expect(confirmed.version).to.equal(2);
    expect(confirmed.profileShape.customers).to.include({ newField: 'string', birthDate: 'string' });
    expect((await requireConfirmedMap({ workspace, mappingPath })).policies.noEmail).to.equal('skip');
  });
});
