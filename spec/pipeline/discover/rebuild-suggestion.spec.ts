import { expect } from 'chai';
import { rebuildSuggestion } from '../../../pipeline/discover/rebuild-suggestion.ts';

describe('rebuildSuggestion', () => {
  it('names Assignment rules for a rule that only routes to a queue', () => {
    expect(rebuildSuggestion({ trigger: 'conversation.created', actions: ['assign workQueue "Shipping"'] }))
      .to.equal('Assignment rules (customer sends first message: assign to team inbox)');
  });

  it('names Tags for a rule that only tags', () => {
    expect(rebuildSuggestion({ trigger: 'message.received', actions: ['add tag "spam"'] })).to.equal('Tags (customer sends any message: tag conversation)');
  });

  it('names Workflows for a mix of steps, listing each step once', () => {
    expect(rebuildSuggestion({ trigger: 'message.received', actions: ['assign workQueue "Billing"', 'add tag "billing"', 'add tag "refund"'] }))
      .to.equal('Workflows (customer sends any message: assign to team inbox; tag conversation)');
  });

  it('names SLA policy for a rule that applies an SLA', () => {
    expect(rebuildSuggestion({ trigger: 'conversation.created', actions: ['apply SLA "Urgent"'] })).to.match(/^SLA policy \(/);
  });

  it('names Macros for a manual rule', () => {
    expect(rebuildSuggestion({ trigger: 'manual', actions: ['remove tag "old-macro"'] })).to.equal('Macros (run by a teammate: tag conversation)');
  });

  it('maps a schedule to the unresponsive trigger and keeps what it does not know for review', () => {
    expect(rebuildSuggestion({ trigger: 'schedule.daily', actions: ['set status CLOSED', 'archive in CRM'] }))
      .to.equal('Workflows (customer unresponsive (scheduled): close or snooze conversation; review: archive in CRM)');
    expect(rebuildSuggestion({ trigger: 'webhook.fired', actions: [] })).to.equal('Workflows (webhook.fired)');
  });
});
