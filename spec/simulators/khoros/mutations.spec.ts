import { expect } from 'chai';
import { applyMutations, MutationError } from '../../../simulators/khoros/mutations.ts';
import { KhorosStore } from '../../../simulators/khoros/store.ts';
import { kbCrmFixture } from './fixture-kb-crm.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const NOW_ISO = new Date(NOW).toISOString();

describe('Khoros simulator: applyMutations', () => {
  let store: KhorosStore;
  beforeEach(() => {
    store = new KhorosStore(kbCrmFixture().khoros);
  });

  it('upserts a new customer at the end of the order and stamps lastUpdated', () => {
    expect(applyMutations(store, [{ op: 'upsert', type: 'customer', record: { id: 'cust-9', email: 'new@example.com' } }], NOW)).to.equal(1);
    const ids = [...store.customers.values()].map((c) => c.id);
    expect(ids[ids.length - 1]).to.equal('cust-9');
    expect(store.customers.get('cust-9')).to.include({ email: 'new@example.com', lastUpdated: NOW_ISO });
  });

  it('patches shallowly, keeps the record in place and keeps a change time the patch gives', () => {
    applyMutations(store, [
      { op: 'patch', type: 'case', id: '00012345', changes: { status: 'open' } },
      { op: 'patch', type: 'case', id: '00012346', changes: { title: 'Login again', lastUpdated: '2025-05-30T00:00:00Z' } },
    ], NOW);
    expect([...store.cases.values()][0]).to.include({ id: '00012345', status: 'open', title: 'Refund', lastUpdated: NOW_ISO });
    expect(store.cases.get('00012345')!.interactions).to.have.length(2);
    expect(store.cases.get('00012346')).to.include({ title: 'Login again', lastUpdated: '2025-05-30T00:00:00Z' });
  });

  it('appends an interaction last, stamps its case and indexes its attachments', () => {
    applyMutations(store, [{ op: 'append', type: 'interaction', caseId: '00012347', record: {
      id: 'i-new', body: 'Hello?', attachments: [{ id: 'att-new', fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }],
    } }], NOW);
    const kase = store.cases.get('00012347')!;
    expect(kase.lastUpdated).to.equal(NOW_ISO);
    expect(kase.interactions.map((i) => i.id)).to.deep.equal(['i-new']);
    expect(kase.interactions[0].created).to.equal(NOW_ISO);
    expect(store.attachments.get('att-new')).to.include({ fileName: 'a.pdf' });
  });

  it('appends a message to a conversation and stamps lastModified', () => {
    applyMutations(store, [{ op: 'append', type: 'message', conversationId: 'conv-1', record: { lswUuid: 'msg-3', author: { lswUuid: 'h-1', personId: 'person-1' } } }], NOW);
    const conversation = store.conversations.get('conv-1')!;
    expect(conversation.lastModified).to.equal(NOW);
    expect(conversation.messages.map((m) => m.lswUuid)).to.deep.equal(['msg-1', 'msg-2', 'msg-3']);
    expect(conversation.messages[2]).to.include({ network: 'twitter', receiveDate: NOW });
  });

  it('merges an author into another, edits an article and deletes records with their index entries', () => {
    applyMutations(store, [
      { op: 'merge', type: 'author', id: 'person-2', into: 'person-1' },
      { op: 'patch', type: 'article', id: '105', changes: { subject: 'Close your account' } },
      { op: 'delete', type: 'case', id: '00012346' },
      { op: 'delete', type: 'conversation', id: 'conv-1' },
    ], NOW);
    expect(store.authors.get('person-2')).to.include({ mergedIntoId: 'person-1', lastModified: NOW });
    expect(store.articles.get('105')).to.include({ subject: 'Close your account', last_edit_time: NOW_ISO, post_time: '2024-01-14T08:00:00.000+00:00' });
    expect(store.cases.get('00012346')).to.equal(undefined);
    expect(store.casesByCustomer.get('cust-2')).to.deep.equal([]);
    expect(store.conversations.get('conv-1')).to.equal(undefined);
    expect(store.conversationByDisplay.has(501)).to.equal(false);
    expect(store.conversationsByPerson.get('person-1')?.has('conv-1')).to.equal(false);
  });

  it('lets a later op use a record an earlier op of the same batch created', () => {
    applyMutations(store, [
      { op: 'upsert', type: 'case', record: { id: 'C-NEW', customerId: 'cust-3' } },
      { op: 'append', type: 'interaction', caseId: 'C-NEW', record: { id: 'i-1', body: 'first' } },
    ], NOW);
    expect(store.cases.get('C-NEW')!.interactions.map((i) => i.body)).to.deep.equal(['first']);
    expect(store.casesByCustomer.get('cust-3')).to.deep.equal(['C-NEW']);
  });

  it('refuses a batch with a bad op, naming its index, and applies none of it', () => {
    const before = JSON.stringify([...store.cases.values()]);
    const attempt = () => applyMutations(store, [
      { op: 'append', type: 'interaction', caseId: '00012345', record: { id: 'i-9', body: 'ok' } },
      { op: 'upsert', type: 'customer', record: { id: 'cust-10' } },
      { op: 'append', type: 'interaction', caseId: 'NO-SUCH-CASE', record: { id: 'i-10', body: 'lost' } },
    ], NOW);
    expect(attempt).to.throw(MutationError, /op 2: no case NO-SUCH-CASE/).with.property('index', 2);
    expect(JSON.stringify([...store.cases.values()])).to.equal(before);
    expect(store.customers.get('cust-10')).to.equal(undefined);
  });

  it('explains each kind of invalid op', () => {
    const cases: [unknown, RegExp][] = [
      [{ op: 'rename', type: 'case', id: '00012345' }, /unknown op rename/],
      [{ op: 'upsert', type: 'brand', record: { id: 'b' } }, /cannot upsert type brand/],
      [{ op: 'upsert', type: 'author', record: { id: 'p-9' } }, /numeric displayNumber/],
      [{ op: 'upsert', type: 'article', record: { id: '200', subject: 'x' } }, /string body/],
      [{ op: 'patch', type: 'customer', id: 'cust-1', changes: { id: 'cust-99' } }, /may not alter id/],
      [{ op: 'patch', type: 'customer', id: 'cust-1', changes: 'x' }, /changes must be an object/],
      [{ op: 'delete', type: 'article', id: 'nope' }, /no article nope/],
      [{ op: 'append', type: 'interaction', caseId: '00012345', record: { id: 'i-1', body: 'dup' } }, /already has interaction i-1/],
      [{ op: 'append', type: 'message', conversationId: 'conv-1', record: { lswUuid: 'm' } }, /author with a string lswUuid/],
      [{ op: 'merge', type: 'author', id: 'person-1', into: 'person-1' }, /into itself/],
      ['upsert', /must be an object/],
    ];
    for (const [op, message] of cases) {
      expect(() => applyMutations(store, [op], NOW), JSON.stringify(op)).to.throw(MutationError, message).with.property('index', 0);
    }
    expect(() => applyMutations(store, { op: 'upsert' }, NOW)).to.throw(MutationError, /ops must be an array/).with.property('index', null);
  });
});
