import { expect } from 'chai';
import { IndexKeyedPartsError, refuseIndexKeyedParts, resolvePartKey, writtenPart } from '../../../pipeline/import/part-keys.ts';
import { recordDone, recordIntent, recordWrites } from '../../../pipeline/workspace/ledger.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

describe('part keys (conversation parts in the ledger by their source)', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await openWorkspace(':memory:', { runId: 'run-1', stage: 'import' });
  });
  afterEach(() => workspace.close());

  const done = async (khorosKey: string, intercomId: string, operation = 'part') =>
    recordDone(workspace, await recordIntent(workspace, { objectType: khorosKey.includes('#') ? 'conversation_part' : 'conversation', khorosKey, operation, payloadHash: payloadHash({ khorosKey }) }), { intercomId });

  it('refuses a ledger whose parts are keyed by their index, naming what to do; rolled-back ones do not count', async () => {
    await done('L-1#item:INT-1', '1/1');
    await refuseIndexKeyedParts(workspace);
    await done('L-1#0', '1/2');
    await done('L-1#1', '1/3');
    const error = await refuseIndexKeyedParts(workspace).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(IndexKeyedPartsError);
    expect((error as IndexKeyedPartsError).count).to.equal(2);
    expect((error as Error).message).to.match(/L-1#0, L-1#1.*rollback --all --only conversations/s);
    await done('L-1', '1', 'delete');
    await refuseIndexKeyedParts(workspace);
  });

  it('keeps a part written under its key; writes a management part again when another of its role came after it (A → B → A)', async () => {
    await done('L-1#item:INT-1', '1/1');
    await done('L-1#assignment:7', '1/2');
    let writes = await recordWrites(workspace, ['conversation_part'], ['L-1']);
    expect(resolvePartKey(writes, 'L-1', { role: 'reply', key: 'item:INT-1' }).last?.status).to.equal('done');
    expect(resolvePartKey(writes, 'L-1', { role: 'assignment', key: 'assignment:7' })).to.include({ partKey: 'L-1#assignment:7' });
    expect(resolvePartKey(writes, 'L-1', { role: 'assignment', key: 'assignment:8' })).to.deep.equal({ partKey: 'L-1#assignment:8', last: null });
    await done('L-1#assignment:8', '1/3');
    writes = await recordWrites(workspace, ['conversation_part'], ['L-1']);
    expect(resolvePartKey(writes, 'L-1', { role: 'assignment', key: 'assignment:7' })).to.deep.equal({ partKey: 'L-1#assignment:7~r2', last: null });
    await done('L-1#assignment:7~r2', '1/4');
    writes = await recordWrites(workspace, ['conversation_part'], ['L-1']);
    expect(resolvePartKey(writes, 'L-1', { role: 'assignment', key: 'assignment:7' }).partKey).to.equal('L-1#assignment:7~r2');
    const written = new Map([['L-1#assignment:7', '1/2'], ['L-1#assignment:8', '1/3'], ['L-1#assignment:7~r2', '1/4']]);
    expect(writtenPart(written, 'L-1', { role: 'assignment', key: 'assignment:7' })).to.deep.equal({ partKey: 'L-1#assignment:7~r2', ref: '1/4' });
  });
});
