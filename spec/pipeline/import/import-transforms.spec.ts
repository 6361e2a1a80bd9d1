import { expect } from 'chai';
import { importCustomizer, type StagedSource } from '../../../pipeline/import/import-transforms.ts';
import type { TransformedConversation } from '../../../pipeline/transform/build-conversation.ts';
import { checkRequests } from '../../../pipeline/transform/check-requests.ts';
import { loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';

const validatorFor = loadIntercomSchemas();
const source: StagedSource = { family: 'cases', key: '00010002', payload: { id: '00010002' } };
const conversation: TransformedConversation = Object.freeze({
  kind: 'conversation', source: { family: 'cases', id: '00010002' },
  conversation: { from: { type: 'user', id: '65a1b2c3d4e5f60718293a4b' }, body: 'Card 4111 1111 1111 1111 please', created_at: 1_700_000_000 },
  openingSourceId: 'I1',
  parts: [{
    operation: 'replyConversation', role: 'reply', key: 'item:I2', sourceIds: ['I2'], attachmentIds: [],
    payload: { message_type: 'note', type: 'admin', admin_id: '7200001', body: '<p>noted</p>', created_at: 1_700_000_060, skip_notifications: true },
  }],
  update: { title: 'Refund' }, tags: [], findings: [], quarantined: [], queue: null,
}) as TransformedConversation;

describe('importCustomizer (the author\'s transform in the import)', () => {
  it('the fixture is a valid result (so the cases below test the customizer, not the fixture)', () => {
    expect(checkRequests(conversation, validatorFor)).to.deep.equal([]);
  });

  it('answers the result untouched when no transform is given for its kind', () => {
    const customize = importCustomizer({ contact: () => { throw new Error('not called'); } }, validatorFor);
    const out = customize.conversation(conversation, source);
    expect(out.problem).to.equal(null);
    expect(out.result).to.equal(conversation);
  });

  it('checks the map\'s own requests too when no transform is given: an invalid body is a problem (quarantined), never sent', () => {
    const broken = { ...conversation, parts: [{ ...conversation.parts[0], payload: { ...conversation.parts[0].payload, admin_id: 'jane' } as never }] };
    const { problem } = importCustomizer({}, validatorFor).conversation(broken, source);
    expect(problem).to.match(/^the map's transform made requests the Intercom request schemas refuse \(a bug of the tool: please report it\):\nreply-conversation at parts\/0\/payload: [\s\S]*\/admin_id must match pattern/);
  });

  it('answers the transform\'s result, given the staged record, when it is valid', () => {
    const seen: StagedSource[] = [];
    const customize = importCustomizer({
      conversation: (result, staged) => (seen.push(staged), { ...result, conversation: { ...result.conversation!, body: 'Card [redacted] please' } }),
    }, validatorFor);
    const out = customize.conversation(conversation, source);
    expect(out.problem).to.equal(null);
    expect(out.result.conversation?.body).to.equal('Card [redacted] please');
    expect(conversation.conversation?.body).to.equal('Card 4111 1111 1111 1111 please');
    expect(seen).to.deep.equal([source]);
  });

  it('answers the schema reasons when the transform breaks a request, naming the transform, so the record is quarantined rather than sent', () => {
    const customize = importCustomizer({
      conversation: (result) => ({ ...result, conversation: { ...result.conversation!, body: '' }, parts: [{ ...result.parts[0], payload: { ...result.parts[0].payload, admin_id: 'jane' } as never }] }),
    }, validatorFor);
    const { problem } = customize.conversation(conversation, source);
    expect(problem).to.match(/^custom transform \(transforms\.conversation\) made invalid requests:\ncreate-conversation at conversation: .*body/);
    expect(problem).to.match(/\nreply-conversation at parts\/0\/payload: [\s\S]*\/admin_id must match pattern/);
  });

  it('stops the import with an error naming the record when the transform throws or answers something else', () => {
    const throwing = importCustomizer({ conversation: () => { throw new RangeError('boom'); } }, validatorFor);
    expect(() => throwing.conversation(conversation, source)).to.throw(Error, 'transforms.conversation on cases 00010002 threw: boom');
    const wrong = importCustomizer({ conversation: () => ({ kind: 'contact' }) as never }, validatorFor);
    expect(() => wrong.conversation(conversation, source)).to.throw(TypeError, 'transforms.conversation on cases 00010002 answered a result of kind "contact", not a conversation result');
    const nothing = importCustomizer({ conversation: () => undefined as never }, validatorFor);
    expect(() => nothing.conversation(conversation, source)).to.throw(TypeError, /answered undefined, not a conversation result/);
  });
});
