import { expect } from 'chai';
import { PREFLIGHT_RULES, preflight } from '../../../pipeline/transform/preflight.ts';
import { caseDraft } from '../../../pipeline/transform/transform-case.ts';
import { agentInteraction, files, fixtureLookups, interaction, kase } from './fixtures.ts';
import { fixtureMapping } from './fixture-mapping.ts';

describe('PREFLIGHT_RULES', () => {
  it('lists every limit of the issue, each with a description, a source, what it applies to and an action', () => {
    const ids = PREFLIGHT_RULES.map((r) => r.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids).to.include.members(['parts-over-500', 'html-in-plain-text', 'attachments-over-10', 'customer-without-email', 'admin-missing', 'attribute-name-invalid']);
    for (const rule of PREFLIGHT_RULES) {
      expect(rule.description, rule.id).to.be.a('string').that.is.not.empty;
      expect(rule.source, rule.id).to.be.a('string').that.is.not.empty;
      expect(rule.action, rule.id).to.match(/^[a-z|-]+/);
      expect(rule.appliesTo, rule.id).to.not.be.empty;
    }
  });
});

describe('preflight', () => {
  const lookups = fixtureLookups();

  it('checks the map before provisioning: attribute names, unwritable standard fields, the case id attribute, the fallback admin', () => {
    const mapping = fixtureMapping({ caseIdAttribute: 'khoros.case.id' });
    mapping.objects.cases.fields.push(
      { source: 'orderNumber', target: { attribute: 'order$number', dataType: 'string', create: true }, conversion: { type: 'string' }, lossy: false, default: null },
      { source: 'priority', target: { standard: 'priority' }, conversion: { type: 'integer' }, lossy: false, default: null },
      { source: 'x', target: { attribute: '__proto__', dataType: 'string', create: true }, conversion: { type: 'string' }, lossy: false, default: null },
    );
    const findings = preflight({ kind: 'mapping', mapping }, { mapping, lookups: fixtureLookups({ fallbackAdminId: 'bot' }) });
    expect(findings.map((f) => [f.rule, f.action, f.refs])).to.deep.equal([
      ['attribute-name-invalid', 'skip-field', ['order$number', '__proto__', 'khoros.case.id']],
      ['standard-field-unsupported', 'skip-field', ['priority']],
      ['fallback-admin-invalid', 'stop', ['bot']],
    ]);
    expect(preflight({ kind: 'mapping', mapping: fixtureMapping() }, { mapping: fixtureMapping(), lookups })).to.deep.equal([]);
  });

  it('reports a conversation draft\'s limits before anything is built', () => {
    const mapping = fixtureMapping();
    const draft = caseDraft(kase({
      assignedAgent: { name: 'Nobody', email: 'nobody@example.org', lswUuid: 'n' },
      interactions: [interaction({ id: 'INT-1', body: '<p>Hi</p>', attachments: files(11) }), agentInteraction({ id: 'INT-2', body: '' }, { name: 'Nobody', email: 'nobody@example.org', lswUuid: 'n' })],
    }), { mapping, lookups });
    const findings = preflight({ kind: 'conversation', draft }, { mapping, lookups });
    expect(findings.map((f) => `${f.rule}/${f.action}:${f.refs.join(',')}`)).to.deep.equal([
      'attachments-over-10/split-part:INT-1',
      'attachments-on-opening-message/move-to-contact-reply:INT-1',
      'html-in-plain-text/strip-to-text:INT-1',
      'empty-body/placeholder-body:INT-2',
      'admin-missing/fallback-admin:INT-2,nobody@example.org',
      'tag-unprovisioned/tag-after-provisioning:campaign: Holiday Peak: smart contracts',
    ]);
  });

  it('turns a check that throws into a finding instead of throwing', () => {
    const mapping = fixtureMapping();
    const draft = caseDraft(kase(), { mapping, lookups });
    const broken = { ...draft, get items(): never { throw new Error('corrupt draft'); } };
    const findings = preflight({ kind: 'conversation', draft: broken }, { mapping, lookups });
    expect(findings.find((f) => f.rule === 'preflight-error')).to.deep.include({ action: 'review' });
  });
});
