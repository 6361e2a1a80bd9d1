/**
 * Property tests: random staged records (strings with lone surrogates, HTML and script,
 * huge values, `__proto__` keys, wrong types) never make a transform throw, every payload
 * they produce is valid against our Intercom request schemas, and a record that gives no
 * payload is queued with a rule and a reason (never dropped silently).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { plannedRequests, type TransformResult } from '../../../pipeline/transform/planned-requests.ts';
import { transformArticle } from '../../../pipeline/transform/transform-article.ts';
import { transformCase } from '../../../pipeline/transform/transform-case.ts';
import { transformContact } from '../../../pipeline/transform/transform-contact.ts';
import { transformConversation } from '../../../pipeline/transform/transform-conversation.ts';
import { loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { GERALD, MARTHA, fixtureLookups } from './fixtures.ts';
import { fixtureMapping } from './fixture-mapping.ts';

const validatorFor = loadIntercomSchemas();

/** Every planned payload is valid, and no payload object has a foreign prototype. */
function expectAllValid(result: TransformResult): void {
  for (const request of plannedRequests(result)) {
    const validate = validatorFor(request.schema);
    expect(validate(request.payload), `${request.schema} ${request.path}: ${JSON.stringify(validate.errors)?.slice(0, 500)}`).to.equal(true);
    expect(Object.getPrototypeOf(request.payload)).to.equal(Object.prototype);
  }
  expect(() => JSON.stringify(result)).to.not.throw();
}

/**
 * Nothing is dropped silently: a result either carries its main payload, or is queued (or
 * skipped) with a rule and a reason; a field left out for failing its conversion names
 * the field and why. Answers whether the record was queued instead of written.
 */
function expectOutcome(result: TransformResult): boolean {
  const written = result.kind === 'contact' ? result.create !== null : result.kind === 'conversation' ? result.conversation !== null : result.article !== null || result.internalArticle !== null;
  if (!written) {
    expect(result.queue, `${result.kind} ${result.source.id} is neither written nor queued`).to.not.equal(null);
    expect(result.queue!.rule).to.be.a('string').that.is.not.empty;
    expect(result.queue!.reason).to.be.a('string').that.matches(/\S{3}/);
  }
  for (const field of result.quarantined) {
    expect(field.field, JSON.stringify(field)).to.be.a('string');
    expect(field.reason).to.be.a('string').that.matches(/\S{3}/);
  }
  return !written;
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const HTML = [
  '<p>Hello</p>', '<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '<svg onload="alert(1)"><circle/></svg>', '<a href="javascript:x()">x</a>',
  '<b>bold</b>', '&amp;', '&#0;', '<!-- c -->', '</p>', '<', '>', '\u0000', '\uD800', '\uDFFF', '😀', '__proto__', 'constructor', '\n\n', ' ',
  '<iframe src="https://evil.example"></iframe>', '<img src="/t5/image/serverpage/image-id/101iCFCF597CACF90411/x">',
  '<a href="https://community.proseware.example/t5/b/s/ta-p/1003">l</a>', '31/02/2025', 'N/A', '2024-02-29', '1e309',
];
/** Strings with lone surrogates, markup, entities and control characters; sometimes huge. */
const nasty = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.oneof(codeUnit, fc.constantFrom(...HTML)), { maxLength: 30 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(...HTML) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', '<p>é</p>', '\uD83D'), fc.integer({ min: 300, max: 70_000 })).map(([s, n]) => s.repeat(n)) },
);
const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), fc.constantFrom('C0000002', 'C0000001', '__proto__', ''));
const scalar = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.dictionary(nasty, scalar, { maxKeys: 3 }) });
const time = fc.oneof(
  fc.date({ min: new Date('0900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: -1e13, max: 1e13 }), nasty, fc.constant(null),
);
const email = fc.oneof(fc.emailAddress(), nasty, fc.constant(null), fc.constantFrom(GERALD.email, MARTHA.email, GERALD.email.toUpperCase()));
/** A record with extra random keys, including `__proto__` as an own key (as JSON.parse makes it). */
const withJunk = <T extends object>(base: fc.Arbitrary<T>) =>
  fc.tuple(base, fc.dictionary(fc.oneof(nasty, fc.constantFrom('__proto__', 'constructor', 'loyaltyNumber', 'productLine')), value, { maxKeys: 4 }), fc.boolean())
    .map(([record, junk, proto]) => {
      const out = JSON.parse(JSON.stringify({ ...junk, ...record })) as T;
      return proto ? (JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(out).slice(1)}`) as T) : out;
    });
const files = fc.array(fc.record({ id: id, fileName: nasty, contentType: nasty, size: fc.nat() }), { maxLength: 25 });

const customerArb = withJunk(fc.record({
  id, email, displayName: value, screenName: value, phoneNumbers: fc.array(scalar, { maxLength: 2 }), created: time,
  accountTier: value, loyaltyNumber: value, vip: value, birthDate: value, region: value, crmNotes: value,
}, { requiredKeys: ['id'] }));
const interactionArb = fc.record({
  id: fc.oneof(id, fc.constant(undefined)), created: time, body: fc.oneof(nasty, fc.integer()),
  direction: fc.constantFrom('inbound', 'outbound', 'sideways', undefined), kind: fc.constantFrom('message', 'note', 'status_change', 'poll', undefined),
  author: fc.record({ name: value, email, brandOwned: fc.oneof(fc.boolean(), scalar) }), attachments: fc.oneof(files, fc.constant(undefined)),
});
const caseArb = withJunk(fc.record({
  id, customerId: fc.oneof(id, fc.constant(null)), title: value, description: value,
  status: fc.oneof(fc.constantFrom('open', 'pending', 'resolved', 'closed'), nasty), priority: value,
  assignedAgent: fc.oneof(fc.constant(GERALD), fc.constant(MARTHA), fc.constant(null), fc.record({ email, name: value })),
  brandId: fc.oneof(fc.constantFrom('brand-proseware-kitchen', 'brand-woodgrove-finance'), id, fc.constant(null)),
  initiativeId: fc.oneof(fc.constant('3101'), id, fc.constant(null)), campaignId: fc.oneof(fc.constant('880002'), id, fc.constant(null)),
  tags: fc.oneof(fc.array(nasty, { maxLength: 4 }), value), created: time,
  productLine: value, orderNumber: value, refundAmount: value, followUpDate: value, escalated: value,
  interactions: fc.array(fc.oneof({ weight: 9, arbitrary: interactionArb }, { weight: 1, arbitrary: scalar }), { maxLength: 25 }),
}, { requiredKeys: ['id', 'interactions'] }));
const messageArb = fc.record({
  lswUuid: id, receiveDate: time, postContent: value, text: value, media: fc.oneof(files, fc.constant(undefined)),
  author: fc.record({ personId: fc.constantFrom('d5852c78-687a-49d7-a686-7265a603a837', 'someone'), name: value, brandOwned: fc.oneof(fc.boolean(), scalar), email }),
});
const conversationArb = withJunk(fc.record({
  lswUuid: id, displayNumber: value, status: fc.oneof(fc.constantFrom('AVAILABLE', 'RESPONDED', 'CLOSED'), nasty), priority: value, createDate: time,
  assignedToAgent: fc.oneof(fc.constant(GERALD), fc.constant({}), fc.record({ email, name: value })),
  channel: fc.oneof(fc.record({ network: value }), scalar), participants: fc.array(fc.oneof(id, fc.constant('d5852c78-687a-49d7-a686-7265a603a837')), { maxLength: 2 }),
  messages: fc.array(messageArb, { maxLength: 15 }),
  notes: fc.array(fc.record({ createDate: time, note: value, agent: fc.record({ email, name: value }) }), { maxLength: 3 }),
}, { requiredKeys: ['lswUuid', 'messages'] }));
const articleArb = withJunk(fc.record({
  id, subject: value, body: fc.oneof(nasty, fc.constant('<p><img src="/t5/image/serverpage/image-id/101iCFCF597CACF90411/x"><a href="/t5/b/s/ta-p/1003">x</a></p>')),
  teaser: value, board: fc.oneof(fc.record({ id: fc.oneof(id, fc.constant('orders-shipping-knowledge-base')) }), scalar),
  visibility: fc.oneof(fc.constantFrom('public', 'registered', 'agent-only'), nasty), language: fc.oneof(fc.constantFrom('en', 'de', 'he', 'pt-BR'), nasty),
  author: fc.oneof(fc.record({ id: fc.constantFrom('5001', '5008', '0') }), scalar),
}, { requiredKeys: ['id'] }));
const mappingArb: fc.Arbitrary<Mapping> = fc.record({
  noEmail: fc.constantFrom('skip', 'lead', 'placeholder') as fc.Arbitrary<Mapping['policies']['noEmail']>,
  placeholderEmail: fc.constantFrom('khoros-{id}@invalid.example', undefined, '{id}'),
}).map((policies) => fixtureMapping(policies));

const NOW = 1_800_000_000;
// Seeded: the same cases every run, so the sanity counts below cannot flake.
const runs = { numRuns: 150, seed: 20261130 };

describe('transforms on random records (fast-check)', function () {
  this.timeout(120_000);
  const lookups = fixtureLookups({ contactByCustomer: { C0000002: { id: '6762f11b1bb69f9f2193bba3', role: 'user' }, C0000001: { id: '6762f11b1bb69f9f2193bbff', role: 'lead' }, '': { id: '6762f11b1bb69f9f2193bb00', role: 'user' } } });

  // Each property also counts the runs that produced real payloads, so a generator that only
  // ever hits the queue paths cannot pass unnoticed.
  it('transformContact never throws; its payloads are valid, or it is queued with a reason', () => {
    let written = 0;
    let queued = 0;
    fc.assert(fc.property(customerArb, mappingArb, (customer, mapping) => {
      const result = transformContact(customer as never, { mapping, lookups });
      expectAllValid(result);
      if (expectOutcome(result)) queued += 1;
      if (result.create) written += 1;
    }), runs);
    expect(written).to.be.greaterThan(runs.numRuns / 3);
    expect(queued).to.be.greaterThan(5);
  });

  it('transformCase never throws; its payloads are valid, or it is queued with a reason', () => {
    let withParts = 0;
    let queued = 0;
    fc.assert(fc.property(caseArb, fc.option(fc.constant(NOW), { nil: undefined }), (kase, now) => {
      const result = transformCase(kase as never, { mapping: fixtureMapping(), lookups, now });
      expectAllValid(result);
      if (expectOutcome(result)) queued += 1;
      if (result.conversation && result.parts.some((p) => p.role === 'reply')) withParts += 1;
    }), runs);
    expect(withParts).to.be.greaterThan(10);
    expect(queued).to.be.greaterThan(5);
  });

  it('transformConversation never throws; its payloads are valid, or it is queued with a reason', () => {
    let withParts = 0;
    let queued = 0;
    fc.assert(fc.property(conversationArb, (conversation) => {
      const result = transformConversation(conversation as never, { mapping: fixtureMapping(), lookups, now: NOW });
      expectAllValid(result);
      if (expectOutcome(result)) queued += 1;
      if (result.conversation && result.parts.some((p) => p.role === 'reply')) withParts += 1;
    }), runs);
    expect(withParts).to.be.greaterThan(10);
    expect(queued).to.be.greaterThan(5);
  });

  it('transformArticle never throws; its payloads are valid, or it is queued with a reason', () => {
    let written = 0;
    fc.assert(fc.property(articleArb, (article) => {
      const result = transformArticle(article as never, { mapping: fixtureMapping(), lookups });
      expectAllValid(result);
      expectOutcome(result);
      if (result.article || result.internalArticle) written += 1;
    }), runs);
    expect(written).to.be.greaterThan(runs.numRuns / 2);
  });

  it('leaves Object.prototype alone', () => {
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
