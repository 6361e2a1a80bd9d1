import { expect } from 'chai';
import { recordDone, recordFailed, recordIntent, recordWrites } from '../../../pipeline/workspace/ledger.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

describe('recordWrites (the ledger of a chunk of records, read once)', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await openWorkspace(':memory:', { runId: 'run-1', stage: 'import' });
  });
  afterEach(() => workspace.close());

  const write = (objectType: string, khorosKey: string, operation = 'create') =>
    recordIntent(workspace, { objectType, khorosKey, operation, payloadHash: payloadHash({ khorosKey, operation }) });

  it('answers the latest write of each key and sub-key of the chunk, per operation, and the latest done one', async () => {
    await recordDone(workspace, await write('conversation', 'L-1'), { intercomId: '100' });
    const failed = await write('conversation', 'L-1');
    await recordFailed(workspace, failed, 'refused');
    await recordDone(workspace, await write('conversation', 'L-1', 'update'), { intercomId: '100' });
    await recordDone(workspace, await write('conversation_part', 'L-1#0', 'part'), { intercomId: '100/1' });
    const inFlight = await write('conversation_part', 'L-1#1', 'part');
    await recordDone(workspace, await write('conversation_tag', 'L-1#tag:7', 'tag'), { intercomId: '100/7' });
    // A key with '#' of its own, and its part.
    await recordDone(workspace, await write('conversation', 'odd#key'), { intercomId: '200' });
    await recordDone(workspace, await write('conversation_part', 'odd#key#0', 'part'), { intercomId: '200/1' });
    // Not in the chunk: another record, a record whose key starts the same, another object type.
    await recordDone(workspace, await write('conversation', 'L-10'), { intercomId: '300' });
    await recordDone(workspace, await write('conversation_part', 'L-10#0', 'part'), { intercomId: '300/1' });
    await recordDone(workspace, await write('contact', 'L-1'), { intercomId: 'c1' });

    const writes = await recordWrites(workspace, ['conversation', 'conversation_part', 'conversation_tag'], ['L-1', 'odd#key']);
    expect(writes.last('conversation', 'L-1')).to.include({ status: 'done', operation: 'update' });
    expect(writes.last('conversation', 'L-1', 'create')).to.include({ status: 'failed', seq: failed });
    expect(writes.last('conversation', 'L-1', 'update')).to.include({ status: 'done', intercomId: '100' });
    expect(writes.lastDone('conversation', 'L-1')).to.include({ operation: 'update', intercomId: '100' });
    expect(writes.last('conversation_part', 'L-1#0')).to.include({ status: 'done', intercomId: '100/1' });
    expect(writes.last('conversation_part', 'L-1#1')).to.include({ status: 'intent', seq: inFlight });
    expect(writes.last('conversation_tag', 'L-1#tag:7', 'tag')).to.include({ status: 'done' });
    expect(writes.last('conversation', 'odd#key')).to.include({ intercomId: '200' });
    expect(writes.last('conversation_part', 'odd#key#0')).to.include({ intercomId: '200/1' });
    expect(writes.last('conversation', 'L-10')).to.equal(null);
    expect(writes.last('conversation_part', 'L-10#0')).to.equal(null);
    expect(writes.last('contact', 'L-1')).to.equal(null);
    expect(writes.last('conversation_part', 'L-1#2')).to.equal(null);
  });

  it('an empty chunk reads nothing', async () => {
    await recordDone(workspace, await write('contact', 'C1'), { intercomId: 'c1' });
    expect((await recordWrites(workspace, ['contact'], [])).last('contact', 'C1')).to.equal(null);
  });
});
