import { expect } from 'chai';
import { contactChanges } from '../../../pipeline/plan/contact-changes.ts';
import { ledgerVerdict } from '../../../pipeline/plan/ledger-verdict.ts';
import { classifyContact } from '../../../pipeline/plan/plan-contacts.ts';
import { recordingMap } from '../../../pipeline/plan/recording-map.ts';
import { stagedChunks } from '../../../pipeline/plan/staged-chunks.ts';
import { buildChunkLookups, layered } from '../../../pipeline/transform/build-chunk-lookups.ts';
import { buildPayloadHash, buildRecordHashes } from '../../../pipeline/transform/build-payload-hash.ts';
import { buildLookups } from '../../../pipeline/transform/lookups.ts';
import type { ExistingContact } from '../../../pipeline/transform/read-intercom-contacts.ts';
import { countLedgerWrites, hasLedger, readLedgerState, type LedgerRecord } from '../../../pipeline/transform/read-ledger-state.ts';
import type { TransformedContact } from '../../../pipeline/transform/transform-contact.ts';
import { payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { recordDone, recordFailed, recordIntent } from '../../../pipeline/workspace/ledger.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

const contact: ExistingContact = {
  id: '8018f34f02af33082700c647', role: 'user', external_id: 'legacy-1', email: 'VERONICA.DICKI6@MAIL.EXAMPLE', name: 'Veronica Dicki',
  phone: null, avatar: null, signed_up_at: 1736986864, last_seen_at: null, owner_id: '7100000', unsubscribed_from_emails: null,
  custom_attributes: { account_tier: 'bronze', nps_score: 7 },
};

function contactResult(overrides: Partial<TransformedContact> = {}): TransformedContact {
  const body = { external_id: 'C0000006', email: 'veronica.dicki6@mail.example', name: 'Veronica Dicki', custom_attributes: { account_tier: 'gold' } };
  return {
    kind: 'contact', source: { family: 'customers', id: 'C0000006' }, create: { role: 'user', ...body }, update: body,
    findings: [], quarantined: [], queue: null, ...overrides,
  };
}

const done = (hash: string, operation = 'create'): LedgerRecord => ({
  objectType: 'contact', khorosKey: 'C0000006', intercomId: 'abc', operation, payloadHash: hash, runId: 'r1', at: null, order: 1,
});

describe('contactChanges', () => {
  it('lists each field the update changes, before and after, a change of letter case included, attributes by name', () => {
    expect(contactChanges(contact, { external_id: 'C0000006', email: 'veronica.dicki6@mail.example', name: 'Veronica Dicki', owner_id: '7100000',
      custom_attributes: { account_tier: 'gold', nps_score: 7, khoros_vip: true } })).to.deep.equal([
      { field: 'external_id', before: 'legacy-1', after: 'C0000006' },
      { field: 'email', before: 'VERONICA.DICKI6@MAIL.EXAMPLE', after: 'veronica.dicki6@mail.example' },
      { field: 'custom_attributes.account_tier', before: 'bronze', after: 'gold' },
      { field: 'custom_attributes.khoros_vip', before: null, after: true },
    ]);
  });

  it('finds nothing to change when every value is the same (ids as numbers or strings alike)', () => {
    expect(contactChanges({ ...contact, owner_id: '7100000' }, { external_id: 'legacy-1', owner_id: 7100000 as unknown as string, custom_attributes: { nps_score: 7 } })).to.deep.equal([]);
  });
});

describe('classifyContact', () => {
  it('queues a customer the transform does not write, with its queue entry as the reason', () => {
    const item = classifyContact('C0000001', contactResult({ create: null, update: null, queue: { rule: 'customer-without-email', action: 'skip', reason: 'customer C0000001 has no usable email: not written' } }), {});
    expect(item).to.include({ action: 'queue', reason: 'customer-without-email', intercomId: null });
    expect(item.detail.note).to.equal('customer C0000001 has no usable email: not written');
  });

  it('creates what neither Intercom nor the ledger has, updates a match with its changes, skips an unchanged one', () => {
    expect(classifyContact('C0000006', contactResult(), {})).to.include({ action: 'create', reason: 'new', intercomId: null });
    const update = classifyContact('C0000006', contactResult(), { matched: { contact, matchedBy: 'email' } });
    expect(update).to.include({ action: 'update', reason: 'matched-by-email', intercomId: contact.id });
    expect((update.detail.changes as unknown[]).length).to.equal(3);
    const same = contactResult({ update: { external_id: 'legacy-1' }, create: { role: 'user', external_id: 'legacy-1' } });
    expect(classifyContact('C0000006', same, { matched: { contact, matchedBy: 'external_id' } })).to.include({ action: 'skip', reason: 'unchanged' });
  });

  it('trusts the ledger first: the same payload is already migrated, another one an update of the written contact', () => {
    const result = contactResult();
    const hashes = buildRecordHashes(result);
    expect(classifyContact('C0000006', result, { written: done(hashes.create!) })).to.include({ action: 'skip', reason: 'already-migrated', intercomId: 'abc' });
    expect(classifyContact('C0000006', result, { written: done('f'.repeat(64)), matched: { contact, matchedBy: 'external_id' } }))
      .to.include({ action: 'update', reason: 'payload-changed', intercomId: 'abc' });
  });

  it('queues the second customer of an email, unless Intercom has it by external id', () => {
    expect(classifyContact('C0000014', contactResult(), { sharedWith: 'C0000003' })).to.include({ action: 'queue', reason: 'email-shared-by-customers' });
    expect(classifyContact('C0000014', contactResult(), { sharedWith: 'C0000003', matched: { contact, matchedBy: 'external_id' } }).action).to.equal('update');
  });
});

describe('ledgerVerdict and the payload hashes', () => {
  it('matches the hash of the whole result or of the body of the recorded operation', () => {
    const result = contactResult();
    const hashes = buildRecordHashes(result);
    expect(hashes.create).to.equal(payloadHash(result.create));
    expect(hashes.update).to.equal(payloadHash(result.update));
    expect(ledgerVerdict(done(hashes.result), hashes)).to.equal('same');
    expect(ledgerVerdict(done(hashes.create!), hashes)).to.equal('same');
    expect(ledgerVerdict(done(hashes.update!, 'update'), hashes)).to.equal('same');
    expect(ledgerVerdict(done(hashes.update!, 'create'), hashes)).to.equal('changed');
    expect(ledgerVerdict(undefined, hashes)).to.equal(null);
    expect(ledgerVerdict({ ...done(hashes.result), intercomId: null }, hashes)).to.equal(null);
  });

  it('leaves snoozed_until (the time of the run) out of the whole-result hash', () => {
    const conversation = (until: number) => ({
      kind: 'conversation' as const, source: { family: 'cases' as const, id: 'X' }, conversation: { from: { type: 'user' as const, id: 'c' }, body: 'hi' },
      openingSourceId: null, update: null, tags: [], findings: [], quarantined: [], queue: null,
      parts: [{ operation: 'manageConversation' as const, payload: { message_type: 'snoozed' as const, admin_id: '1', snoozed_until: until }, role: 'state' as const, key: 'state:snoozed@none', sourceIds: [], attachmentIds: [] }],
    });
    expect(buildPayloadHash(conversation(1))).to.equal(buildPayloadHash(conversation(2)));
  });
});

describe('layered and recording maps', () => {
  it('answers from the chunk first, then the run, without copying the run table', () => {
    const map = layered(new Map([['a', 1], ['c', 3]]), new Map([['a', 0], ['b', 2]]));
    expect([map.get('a'), map.get('b'), map.get('c'), map.get('d')]).to.deep.equal([1, 2, 3, undefined]);
    expect(map.has('b')).to.equal(true);
    expect(map.size).to.equal(3);
    expect([...map]).to.deep.equal([['a', 1], ['c', 3], ['b', 2]]);
    const lookups = buildLookups({ fallbackAdminId: '1', contactByCustomer: { C1: { id: 'x', role: 'user' } } });
    const chunk = buildChunkLookups(lookups, { contactByCustomer: new Map([['C2', { id: 'y', role: 'lead' as const }]]) });
    expect(chunk.contactByCustomer.get('C1')?.id).to.equal('x');
    expect(chunk.contactByCustomer.get('C2')?.role).to.equal('lead');
    expect(Object.isFrozen(chunk)).to.equal(true);
  });

  it('records every key asked with get or has', () => {
    const asked = new Set<string>();
    const map = recordingMap(new Map([['a', 1]]), asked);
    map.get('a');
    map.has('z');
    expect([...asked]).to.deep.equal(['a', 'z']);
  });
});

describe('stagedChunks and readLedgerState', () => {
  let workspace: Workspace;
  before(async () => {
    workspace = await openWorkspace(':memory:', { stage: 'plan', runId: 'plan-spec' });
    const rows = Array.from({ length: 7 }, (_, i) => ({ key: `C${i}`, payload: { id: `C${i}` } }));
    await workspace.writePage({ family: 'customers', stream: 'customers', endpoint: 'GET /customers', rows, quarantined: [], checkpoint: { done: true } });
  });
  after(async () => workspace?.close());

  it('reads a family in chunks by key, and nothing for a family that was never staged', async () => {
    const chunks: string[][] = [];
    for await (const chunk of stagedChunks(workspace, 'customers', 3)) chunks.push(chunk.map((r) => r.key));
    expect(chunks).to.deep.equal([['C0', 'C1', 'C2'], ['C3', 'C4', 'C5'], ['C6']]);
    const none: unknown[] = [];
    for await (const chunk of stagedChunks(workspace, 'kb_images', 3)) none.push(chunk);
    expect(none).to.deep.equal([]);
  });

  it('keeps the latest done record-level write per key; parts, refused writes, writes in flight and removed records are not migrated', async () => {
    expect(await hasLedger(workspace)).to.equal(true);
    const write = async (key: string, operation: string, end: 'done' | 'failed' | 'intent', id = `id-${key}`) => {
      const seq = await recordIntent(workspace, { objectType: 'contact', khorosKey: key, operation, payloadHash: payloadHash({ key, operation }), runId: 'import-1' });
      if (end === 'done') await recordDone(workspace, seq, { intercomId: id });
      if (end === 'failed') await recordFailed(workspace, seq, new Error('refused'));
    };
    await write('C0', 'create', 'done');
    await write('C0', 'update', 'done', 'id-C0');
    await write('C1', 'create', 'failed');
    await write('C2', 'create', 'intent');
    await write('C3', 'create', 'done');
    await write('C3', 'delete', 'done');
    await write('C4', 'create', 'done');
    await write('C4', 'tag', 'done', 'id-C4/tag');
    const state = await readLedgerState(workspace, ['contact'], ['C0', 'C1', 'C2', 'C3', 'C4', 'C5']);
    expect([...state.keys()].sort()).to.deep.equal(['C0', 'C4']);
    expect(state.get('C0')).to.include({ operation: 'update', intercomId: 'id-C0', payloadHash: payloadHash({ key: 'C0', operation: 'update' }), runId: 'import-1' });
    expect(state.get('C4')).to.include({ operation: 'create', intercomId: 'id-C4' });
    expect((await readLedgerState(workspace, ['conversation'])).size).to.equal(0);
    expect(await countLedgerWrites(workspace)).to.equal(4);
  });
});
