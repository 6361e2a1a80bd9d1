/**
 * Cases (CRM-spec shape with the seed's extensions) and their interactions. Case `i` is
 * produced from (seed, i) and the plan alone: its creation time, id, customer and the
 * global numbering of its interactions are index arithmetic, so cases stream one by one.
 *
 * Case ids: cases created before 2025-07-01 carry the case number zero-padded to 8 digits
 * (`00012345`); later cases carry `CASE-` and the number zero-padded to 6 digits
 * (`CASE-123456`). Numbers run from 10001 in creation order across both formats, except
 * the planted pair `00004711` / `CASE-004711` (both number 4711).
 */
import type { Faker } from '@faker-js/faker';
import type { Attachment, Case, Interaction, InteractionAuthor } from './types.ts';
import type { DatasetPlan } from './plan.ts';
import { brandHandle } from './authors.ts';
import { CASE_FIELDS, customFieldValues } from './custom-fields.ts';
import { customerHandle, customerIdentity, type CustomerIdentity } from './customers.ts';
import { ATTACHMENT_TYPES, OVERSIZE_ATTACHMENT } from './file-types.ts';
import { subSeed, unitFloat } from './random.ts';
import { agentReply, caseTitle, customerMessage, internalNote, SCRIPT_HTML, textContext, unicodeBody, type TextContext, type UnicodeSample } from './text.ts';
import { TIMELINE } from './timeline.ts';

const DAY = 86_400_000;

/**
 * When case `i` was created: cases fill the timeline in index order, one slot each, so
 * creation time grows with the index.
 *
 * @example
 * caseCreated(plan, 0) < caseCreated(plan, 1); // true
 */
export function caseCreated(plan: Pick<DatasetPlan, 'seed' | 'counts'>, i: number): number {
  const width = (TIMELINE.end - TIMELINE.start) / plan.counts.cases;
  return TIMELINE.start + Math.floor((i + 0.05 + 0.85 * unitFloat(plan.seed, 'case-created', i)) * width);
}

/**
 * The id and number of case `i` (see the module comment for the two formats).
 *
 * @example
 * caseIdentity(plan, 0); // { id: '00010001', number: 10001 }
 */
export function caseIdentity(plan: DatasetPlan, i: number): { id: string; number: number } {
  const role = plan.caseRoles.get(i)?.role;
  if (role === 'colliding-legacy') return { id: '00004711', number: 4711 };
  if (role === 'colliding-new') return { id: 'CASE-004711', number: 4711 };
  const number = 10_001 + i;
  return i < plan.legacyCases ? { id: String(number).padStart(8, '0'), number } : { id: `CASE-${String(number).padStart(6, '0')}`, number };
}

/**
 * The id of interaction `j` of case `i`: `INT-` and its global sequence number.
 *
 * @example
 * interactionId(plan, 0, 0); // 'INT-000000001'
 */
export function interactionId(plan: DatasetPlan, i: number, j: number): string {
  return `INT-${String(plan.interactionOffsets[i] + j + 1).padStart(9, '0')}`;
}

/**
 * The id of attachment `k` of interaction `j` of case `i`.
 *
 * @example
 * attachmentId(plan, 0, 0, 0); // 'ATT-000000001-1'
 */
export function attachmentId(plan: DatasetPlan, i: number, j: number, k: number): string {
  return `ATT-${String(plan.interactionOffsets[i] + j + 1).padStart(9, '0')}-${k + 1}`;
}

/**
 * The customer of case `i`: one who already existed when the case was created.
 *
 * @example
 * customerOfCase(plan, 5, caseCreated(plan, 5)); // an index below the customers joined by then
 */
export function customerOfCase(plan: DatasetPlan, i: number, created: number, family = 'case-customer'): number {
  const customers = plan.counts.customers;
  const joined = Math.floor(((created - TIMELINE.start) * customers) / ((TIMELINE.end - TIMELINE.start) * 0.95) - 0.9) + 1;
  const limit = Math.min(customers, Math.max(1, joined));
  return Math.floor(unitFloat(plan.seed, family, i) * limit);
}

type Kind = 'in' | 'out' | 'note' | 'status';

interface Participants {
  ident: CustomerIdentity;
  channel: string;
  brand: number;
  agent: number;
}

function exponential(f: Faker, mean: number): number {
  return Math.floor(-Math.log(1 - f.number.float()) * mean);
}

function fileName(f: Faker, names: readonly string[], ext: string): string {
  return `${f.helpers.arrayElement(names)}-${f.number.int({ min: 1, max: 999 })}.${ext}`;
}

function randomAttachment(f: Faker, id: string): Attachment {
  const type = f.helpers.arrayElement(ATTACHMENT_TYPES);
  // Log-uniform sizes: many small files, some large ones.
  const size = Math.floor(Math.exp(Math.log(Math.max(1, type.min)) + f.number.float() * (Math.log(type.max) - Math.log(Math.max(1, type.min)))));
  return { id, fileName: fileName(f, type.names, type.ext), contentType: type.contentType, size };
}

function sourceIds(f: Faker, plan: DatasetPlan, channel: string): { serviceId: string; linkUrl?: string } {
  switch (channel) {
    case 'twitter': {
      const id = f.string.numeric({ length: 19, allowLeadingZeros: false });
      return { serviceId: id, linkUrl: `https://twitter.com/i/web/status/${id}` };
    }
    case 'facebook': {
      const id = `${f.string.numeric({ length: 15, allowLeadingZeros: false })}_${f.string.numeric({ length: 16, allowLeadingZeros: false })}`;
      return { serviceId: id, linkUrl: `https://www.facebook.com/${id}` };
    }
    case 'instagram': {
      const code = f.string.alphanumeric(11);
      return { serviceId: f.string.numeric({ length: 17, allowLeadingZeros: false }), linkUrl: `https://www.instagram.com/p/${code}/` };
    }
    case 'lithium': {
      const id = f.number.int({ min: 1000, max: 999_999 });
      return { serviceId: `${plan.instance.communityHost}/:${id}`, linkUrl: `https://${plan.instance.communityHost}/t5/forums/m-p/${id}` };
    }
    case 'email':
      return { serviceId: `<${f.string.hexadecimal({ length: 24, casing: 'lower', prefix: '' })}@mail.${plan.instance.name}.example>` };
    default:
      return { serviceId: `chat-${f.string.hexadecimal({ length: 16, casing: 'lower', prefix: '' })}` };
  }
}

function contentTypeOf(channel: string, kind: Kind, first: boolean): string {
  if (kind === 'note') return 'note';
  if (kind === 'status') return 'status';
  if (channel === 'email') return 'email';
  if (channel === 'chat') return 'chat';
  return first ? 'post' : 'comment';
}

/** The kind of interaction j: planted cases alternate strictly, others follow a small Markov chain. */
function nextKind(f: Faker, previous: Kind | undefined, strict: boolean, j: number): Kind {
  if (strict) return j % 2 === 0 ? 'in' : 'out';
  if (previous === undefined) return 'in';
  const roll = f.number.float();
  if (previous === 'in') return roll < 0.85 ? 'out' : 'note';
  if (previous === 'note' || previous === 'status') return 'out';
  return roll < 0.65 ? 'in' : roll < 0.75 ? 'note' : 'out';
}

function meanGap(kind: Kind): number {
  if (kind === 'out') return 2 * 3_600_000;
  if (kind === 'in') return 6 * 3_600_000;
  return 10 * 60_000;
}

function buildInteractions(f: Faker, plan: DatasetPlan, i: number, created: number, status: string, who: Participants, ctx: TextContext): Interaction[] {
  const n = plan.interactionCounts[i];
  const slot = plan.caseRoles.get(i);
  const role = slot?.role;
  const strict = slot?.interactions !== undefined && role !== 'over-500';
  const limit = Math.min(TIMELINE.end, created + (n > 100 ? 120 : 45) * DAY);
  const customer = customerHandle(plan, who.ident, who.channel);
  const brand = brandHandle(plan, who.brand, who.channel);
  const agents = plan.agents;
  const unicode: UnicodeSample[] = slot?.variant === 1 ? ['arabic', 'hebrew', 'emoji'] : ['cjk', 'japanese', 'cyrillic'];
  const interactions: Interaction[] = [];
  let t = created + Math.min(f.number.int({ min: 0, max: 60_000 }), Math.floor((limit - created) / (n + 1)));
  let previous: Kind | undefined;
  for (let j = 0; j < n; j++) {
    let kind = nextKind(f, previous, strict, j);
    if (j === n - 1 && n >= 3 && !strict && (status === 'resolved' || status === 'closed')) kind = 'status';
    if (j > 0) {
      // Spread what is left of the window over the interactions still to come, so every
      // timestamp stays inside the timeline and strictly after the previous one.
      const room = Math.floor((limit - t) / (n - j + 1));
      t += Math.max(1, Math.min(exponential(f, meanGap(kind)), room));
      if (role === 'same-timestamp' && j === 2) t = Date.parse(interactions[1].created);
    }
    const agent = agents[f.datatype.boolean(0.85) ? who.agent : f.number.int({ min: 0, max: agents.length - 1 })];
    const ids = kind === 'in' || kind === 'out' ? sourceIds(f, plan, who.channel) : undefined;
    let body: string;
    if (kind === 'in') body = customerMessage(f, ctx, who.channel, j > 0);
    else if (kind === 'out') body = agentReply(f, ctx, who.channel, agent.name.replace(/^KH-/, '').split(' ')[0], plan.brands[who.brand].name);
    else if (kind === 'note') body = internalNote(f, ctx);
    else body = `<p>Status changed from open to ${status}</p>`;
    if (role === 'script-body' && j === (slot!.variant === 0 ? 0 : 2)) body = SCRIPT_HTML.interaction;
    if (role === 'non-latin-bodies' && j % 2 === 0 && j < 6) body = unicodeBody(unicode[j / 2], ctx);
    const author: InteractionAuthor =
      kind === 'in'
        ? { service: who.channel, serviceId: customer.id, handle: customer.handle, name: who.ident.displayName, brandOwned: false, authorId: who.ident.authorId }
        : { service: who.channel, serviceId: brand.id, handle: brand.handle, name: agent.name, brandOwned: true, email: agent.email };
    const attachments: Attachment[] = [];
    if (role === 'attachment-types' && j < ATTACHMENT_TYPES.length) {
      const type = ATTACHMENT_TYPES[j];
      attachments.push({ id: attachmentId(plan, i, j, 0), fileName: fileName(f, type.names, type.ext), contentType: type.contentType, size: type.planted });
    } else if (role === 'oversize-attachment' && j === 0) {
      attachments.push({ id: attachmentId(plan, i, j, 0), ...OVERSIZE_ATTACHMENT });
    } else if ((kind === 'in' && f.datatype.boolean(0.05)) || (kind === 'out' && f.datatype.boolean(0.02))) {
      attachments.push(randomAttachment(f, attachmentId(plan, i, j, 0)));
      if (f.datatype.boolean(0.2)) attachments.push(randomAttachment(f, attachmentId(plan, i, j, 1)));
    }
    const direction = kind === 'in' ? 'inbound' : 'outbound';
    const interaction: Interaction = {
      id: interactionId(plan, i, j),
      created: new Date(t).toISOString(),
      body,
      ...(ids?.linkUrl ? { linkUrl: ids.linkUrl } : {}),
      ...(ids ? { serviceId: ids.serviceId } : {}),
      service: who.channel,
      contentType: contentTypeOf(who.channel, kind, j === 0),
      direction,
      kind: kind === 'in' || kind === 'out' ? 'message' : kind === 'note' ? 'note' : 'status_change',
      author,
    };
    if (attachments.length) interaction.attachments = attachments;
    interactions.push(interaction);
    previous = kind;
  }
  // Source order is not time order: the last interaction was stored second.
  if (role === 'out-of-order' && interactions.length >= 3) interactions.splice(1, 0, interactions.pop()!);
  return interactions;
}

/**
 * Case `i` with its interactions.
 *
 * @example
 * const c = caseAt(plan, 0); // { id: '00010001', interactions: [...], ... }
 */
export function caseAt(plan: DatasetPlan, i: number): Case {
  const slot = plan.caseRoles.get(i);
  const created = caseCreated(plan, i);
  const { id, number } = caseIdentity(plan, i);
  const ident = customerIdentity(plan, customerOfCase(plan, i, created));
  const f = plan.seeded.reseed(subSeed(plan.seed, 'case', i));
  const channels = [
    ...(ident.email ? [{ weight: 35, value: 'email' }] : []),
    { weight: 25, value: 'chat' },
    ...ident.networks.map((n) => ({ weight: { twitter: 15, facebook: 12, instagram: 8, lithium: 5 }[n] ?? 5, value: n })),
  ];
  let channel = f.helpers.weightedArrayElement(channels);
  if (slot?.role === 'script-body' || slot?.role === 'attachment-types') channel = ident.email ? 'email' : 'chat';
  if (slot?.role === 'non-latin-bodies') channel = 'chat';
  const old = TIMELINE.end - created > 30 * DAY;
  const status = f.helpers.weightedArrayElement<NonNullable<Case['status']>>(
    old
      ? [{ weight: 60, value: 'closed' }, { weight: 30, value: 'resolved' }, { weight: 5, value: 'pending' }, { weight: 5, value: 'open' }]
      : [{ weight: 35, value: 'open' }, { weight: 25, value: 'pending' }, { weight: 25, value: 'resolved' }, { weight: 15, value: 'closed' }],
  );
  const priority = f.helpers.weightedArrayElement([{ weight: 10, value: 0 }, { weight: 25, value: 1 }, { weight: 30, value: 2 }, { weight: 20, value: 3 }, { weight: 10, value: 4 }, { weight: 5, value: 5 }]);
  const agent = f.number.int({ min: 0, max: plan.agents.length - 1 });
  const unassigned = status === 'open' && f.datatype.boolean(0.3);
  const brand = f.number.int({ min: 0, max: plan.brands.length - 1 });
  const initiative = f.helpers.arrayElement(plan.initiatives);
  const campaigns = plan.campaignsByInitiative.get(initiative.id) ?? [];
  const campaign = campaigns.length && f.datatype.boolean(0.7) ? f.helpers.arrayElement(campaigns).campaignId : null;
  const queue = f.helpers.arrayElement(plan.activeQueues);
  const tags = f.helpers.arrayElements(plan.careTags, { min: 0, max: 3 }).map((t) => t.name);
  const ctx = textContext(f, ident.firstName, created);
  const title = caseTitle(f, ctx);
  const description = customerMessage(f, ctx, 'chat', false);
  const overrides: Record<string, unknown> = {};
  if (slot?.role === 'malformed-date') overrides.followUpDate = '31/02/2025';
  if (slot?.role === 'option-not-in-list') overrides.productLine = 'gadgets-legacy';
  const fields = customFieldValues(f, CASE_FIELDS, created, 0.7, overrides);
  const { name, email, lswUuid } = plan.agents[agent];
  const interactions = buildInteractions(f, plan, i, created, status, { ident, channel, brand, agent }, ctx);
  let last = created;
  for (const interaction of interactions) last = Math.max(last, Date.parse(interaction.created));
  if (!interactions.length) last = Math.min(TIMELINE.end, created + f.number.int({ min: 0, max: 5 * DAY }));
  return {
    id,
    number,
    customerId: ident.id,
    title,
    description,
    url: `https://crm.${plan.instance.name}.example/cases/${id}`,
    status,
    priority,
    assignedAgent: unassigned ? null : { name, email, lswUuid },
    brandId: plan.brands[brand].id,
    initiativeId: initiative.id,
    campaignId: campaign,
    workQueueId: queue.id,
    tags,
    created: new Date(created).toISOString(),
    lastUpdated: new Date(last).toISOString(),
    ...fields,
    interactions,
  };
}

/**
 * Every case, in index (creation) order, one at a time.
 *
 * @example
 * for (const c of generateCases(plan)) write(c);
 */
export function* generateCases(plan: DatasetPlan): Generator<Case> {
  for (let i = 0; i < plan.counts.cases; i++) yield caseAt(plan, i);
}
