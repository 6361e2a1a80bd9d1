import { expect } from 'chai';
import fc from 'fast-check';
import { contactsByKeys } from '../../../simulators/intercom/contact-keys.ts';
import { saveContact } from '../../../simulators/intercom/contact-store.ts';
import { createState } from '../../../simulators/intercom/state.ts';

type Contact = Record<string, any>;

/** What the index replaces: a walk of every stored contact. */
function walk(contacts: Map<string, Contact>, by: { externalId?: string; email?: string }): string[] {
  return [...contacts.values()]
    .filter((c) => (by.externalId !== undefined && c.external_id === by.externalId)
      || (by.email !== undefined && typeof c.email === 'string' && c.email !== '' && c.email.toLowerCase() === by.email.toLowerCase()))
    .map((c) => c.id as string);
}

describe('Intercom simulator: contact index by external_id and email', () => {
  it('answers what a walk of every contact answers, in the same order, through seeds, creates, updates and deletes', () => {
    const externalIds = ['C1', 'C2', 'C3'];
    const emails = ['a@x.co', 'A@X.CO', 'b@x.co', ''];
    const op = fc.record({
      kind: fc.constantFrom('save', 'save', 'delete'),
      id: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5'),
      externalId: fc.option(fc.constantFrom(...externalIds), { nil: undefined }),
      email: fc.option(fc.constantFrom(...emails), { nil: undefined }),
    });
    fc.assert(fc.property(fc.array(op, { maxLength: 30 }), fc.nat({ max: 30 }), (ops, firstLookupAt) => {
      const state = createState({ contacts: [{ id: 'i0', role: 'user', external_id: 'C1', email: 'a@x.co' }] });
      ops.forEach((o, n) => {
        if (n === firstLookupAt) contactsByKeys(state, { externalId: 'C1' }); // the index is built mid-way, then kept
        if (o.kind === 'delete') saveContact(state, o.id, null);
        else {
          const contact = state.contacts.get(o.id) ?? { id: o.id, role: 'user' };
          contact.external_id = o.externalId ?? null;
          contact.email = o.email ?? null;
          saveContact(state, o.id, contact);
        }
      });
      for (const externalId of externalIds) {
        for (const email of [...emails, undefined]) {
          const by = { externalId, email };
          expect(contactsByKeys(state, by).map((c) => c.id), JSON.stringify(by)).to.deep.equal(walk(state.contacts, by));
        }
      }
    }), { numRuns: 200 });
  });
});
