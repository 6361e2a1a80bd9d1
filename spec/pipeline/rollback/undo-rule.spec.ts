import { expect } from 'chai';
import { undoRule, type UndoSubject } from '../../../pipeline/rollback/undo-rule.ts';

function write(fields: Partial<UndoSubject> & Pick<UndoSubject, 'objectType' | 'operation'>): UndoSubject {
  return { khorosKey: 'k', endpoint: null, status: 'done', intercomId: null, beforeImage: null, ...fields };
}

describe('undoRule: how one ledger write is undone', () => {
  it('deletes a created contact, and writes an updated one\'s before-image back (custom attributes nested, absent values null)', () => {
    expect(undoRule(write({ objectType: 'contact', operation: 'create', intercomId: 'c 1' }))).to.deep.equal({
      creates: 'contact:c 1', undo: { action: 'delete', method: 'DELETE', path: '/contacts/c%201', target: 'c 1' },
    });
    const update = write({
      objectType: 'contact', operation: 'update', intercomId: 'c2', endpoint: 'PUT /contacts/c2',
      beforeImage: { email: 'A@B.CO', external_id: null, 'custom_attributes.khoros_vip': null, 'custom_attributes.account_tier': 'gold' },
    });
    expect(undoRule(update)).to.deep.equal({
      container: 'contact:c2',
      undo: { action: 'restore', method: 'PUT', path: '/contacts/c2', target: 'c2', body: { email: 'A@B.CO', external_id: null, custom_attributes: { khoros_vip: null, account_tier: 'gold' } } },
    });
  });

  it('plans an update left in flight like a done one (its before-image was recorded with the intent), but not a create', () => {
    const update = undoRule(write({ objectType: 'contact', operation: 'update', status: 'intent', endpoint: 'PUT /contacts/c3', beforeImage: { name: 'Old' } }));
    expect(update.undo).to.deep.include({ action: 'restore', path: '/contacts/c3', body: { name: 'Old' } });
    const create = undoRule(write({ objectType: 'conversation', operation: 'create', status: 'intent', endpoint: 'POST /conversations' }));
    expect(create).to.include({ unsettled: true });
    expect(create.undo).to.equal(undefined);
  });

  it('leaves parts, images and conversation updates to their conversation; untags a conversation tag unless its conversation goes', () => {
    expect(undoRule(write({ objectType: 'conversation_part', operation: 'part', intercomId: '42/901' }))).to.include({ container: 'conversation:42' });
    expect(undoRule(write({ objectType: 'image', operation: 'create', intercomId: 'https://x/_files/1/a.png', endpoint: 'POST /conversations/7/reply' }))).to.include({ container: 'conversation:7' });
    expect(undoRule(write({ objectType: 'conversation_tag', operation: 'tag', status: 'intent', khorosKey: 'L-1#tag:17', endpoint: 'POST /conversations/42/tags' }))).to.deep.equal({
      container: 'conversation:42', undo: { action: 'untag', method: 'DELETE', path: '/conversations/42/tags/17', target: '42/17' },
    });
  });

  it('archives what the API cannot delete: data attributes by PUT, conversation attributes and their options by DELETE', () => {
    expect(undoRule(write({ objectType: 'data_attribute', operation: 'create', intercomId: '9' })).undo).to.deep.equal({ action: 'archive', method: 'PUT', path: '/data_attributes/9', body: { archived: true }, target: '9' });
    expect(undoRule(write({ objectType: 'data_attribute', operation: 'update', intercomId: '1001', beforeImage: { options: ['bronze', 'gold'] } })).undo)
      .to.deep.include({ action: 'restore', body: { options: [{ value: 'bronze' }, { value: 'gold' }] } });
    expect(undoRule(write({ objectType: 'conversation_attribute', operation: 'create', intercomId: '14' })).undo).to.deep.include({ action: 'archive', method: 'DELETE', path: '/conversations/attributes/14' });
    expect(undoRule(write({ objectType: 'conversation_attribute_option', operation: 'create', khorosKey: 'Product line/Accessories', intercomId: '501/opt-2' })).undo)
      .to.deep.include({ action: 'archive', path: '/conversations/attributes/501/options/opt-2' });
    // Provision records the label when Intercom's answer did not list the option: no id to archive.
    expect(undoRule(write({ objectType: 'conversation_attribute_option', operation: 'create', khorosKey: 'Product line/Accessories', intercomId: '501/Accessories' })))
      .to.deep.equal({ container: 'conversation_attribute:501', reason: 'the ledger holds the option\'s label, not its id' });
  });

  it('archives again a data attribute provision unarchived (before-image {archived: true}), even in flight, not leaving it to the create an earlier rollback undid', () => {
    const archive = { action: 'archive', method: 'PUT', path: '/data_attributes/9', body: { archived: true }, target: '9' };
    expect(undoRule(write({ objectType: 'data_attribute', operation: 'update', intercomId: '9', endpoint: 'PUT /data_attributes/9', beforeImage: { archived: true } })))
      .to.deep.equal({ undo: archive });
    expect(undoRule(write({ objectType: 'data_attribute', operation: 'update', status: 'intent', endpoint: 'PUT /data_attributes/9', beforeImage: { archived: true } })))
      .to.deep.equal({ undo: archive });
  });

  it('names what it does not know how to undo', () => {
    expect(undoRule(write({ objectType: 'company', operation: 'create', intercomId: '1' }))).to.deep.equal({ unknown: true, reason: 'rollback does not know how to undo create of company' });
  });
});
