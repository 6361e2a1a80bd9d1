import { expect } from 'chai';
import { ConfigError } from '../../../pipeline/errors.ts';
import { keepTransforms } from '../../../pipeline/import/keep-transforms.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { recordDone, recordIntent } from '../../../pipeline/workspace/ledger.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

/** An earlier run of the workspace, as a row of `runs` (an in-memory file holds one open run). */
async function addRun(workspace: Workspace, runId: string, args: object, at: string): Promise<void> {
  await workspace.query(`INSERT INTO runs VALUES ($1, 'import', $2::TIMESTAMPTZ, $2::TIMESTAMPTZ, 'succeeded', $3::JSON)`, [runId, at, JSON.stringify(args)]);
}

async function write(workspace: Workspace, runId: string, khorosKey: string, operation = 'create'): Promise<void> {
  const seq = await recordIntent(workspace, { runId, objectType: 'conversation', khorosKey, operation, payloadHash: payloadHash({ khorosKey, operation }) });
  await recordDone(workspace, seq, { intercomId: `i-${seq}` });
}

const redact = { name: 'redact-bodies', conversation: (result: any) => result };

describe('keepTransforms (an import without the author\'s transforms on a workspace written through them)', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await openWorkspace(':memory:', { runId: 'now', stage: 'import' });
  });
  afterEach(() => workspace.close());

  const transformsOf = async (runId: string) =>
    (await workspace.query<{ t: string | null }>(`SELECT json_extract_string(args, '$.transforms') AS t FROM runs WHERE run_id = $1`, [runId]))[0]!.t;

  it('records the transforms on the run: their name, else the functions given', async () => {
    await keepTransforms(workspace, redact);
    expect(await transformsOf('now')).to.equal('redact-bodies');
    await keepTransforms(workspace, { contact: (r) => r, conversation: (r) => r });
    expect(await transformsOf('now')).to.equal('contact, conversation');
  });

  it('refuses an import without transforms once a run with transforms wrote to Intercom, naming the run and its transforms', async () => {
    await addRun(workspace, 'earlier', { transforms: 'redact-bodies' }, '2026-01-01T00:00:00Z');
    await write(workspace, 'earlier', 'case-1');
    let refused: unknown;
    await keepTransforms(workspace, undefined).catch((error) => { refused = error; });
    expect(refused).to.be.instanceOf(ConfigError);
    expect((refused as Error).message).to.include('run earlier (import)').and.include('transforms redact-bodies').and.include('roll those writes back first');
    // An object with no function is no transform either.
    await keepTransforms(workspace, { name: 'empty' }).then(() => expect.fail('accepted transforms without a function'), (error) => expect(error).to.be.instanceOf(ConfigError));
    expect(await transformsOf('now')).to.equal(null);
  });

  it('lets it through when the run with transforms wrote nothing, or a rollback undid what it wrote, or no run used any', async () => {
    await keepTransforms(workspace, undefined);
    await addRun(workspace, 'earlier', { transforms: 'redact-bodies' }, '2026-01-01T00:00:00Z');
    await keepTransforms(workspace, undefined);
    await write(workspace, 'earlier', 'case-1');
    await addRun(workspace, 'undo', {}, '2026-01-02T00:00:00Z');
    await write(workspace, 'undo', 'case-1', 'delete');
    await keepTransforms(workspace, undefined);
  });
});
