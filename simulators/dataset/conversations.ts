/**
 * Care conversations (real-time messaging, `GET /api/v2/conversations/{id}` shape): a
 * customer's Person writes on a social or messaging network and a brand Person answers.
 * About one conversation per five cases; 1 to 12 messages each, most of them short.
 */
import type { AgentRef, Conversation, Message } from './types.ts';
import type { DatasetPlan } from './plan.ts';
import { authorId, brandHandle } from './authors.ts';
import { customerOfCase } from './cases.ts';
import { customerHandle, customerIdentity } from './customers.ts';
import { ATTACHMENT_TYPES } from './file-types.ts';
import { derivedUuid, subSeed, unitFloat } from './random.ts';
import { agentReply, customerMessage, textContext } from './text.ts';
import { TIMELINE } from './timeline.ts';

const NETWORK_INSTANCE: Record<string, string> = { twitter: 'twitter', facebook: 'facebook', instagram: 'instagram', brand_messenger: 'khoros-messaging' };

/**
 * How many messages conversation `n` has: a pure function of (seed, n), so the plan can
 * count messages before any conversation exists.
 *
 * @example
 * messagesIn(plan, 0); // 1..12
 */
export function messagesIn(plan: Pick<DatasetPlan, 'seed'>, n: number): number {
  const u = unitFloat(plan.seed, 'conversation-messages', n);
  return 1 + Math.min(11, Math.floor(-Math.log(1 - u) * 2.5));
}

function conversationCreated(plan: DatasetPlan, n: number): number {
  const width = (TIMELINE.end - TIMELINE.start) / plan.conversations;
  return TIMELINE.start + Math.floor((n + 0.05 + 0.8 * unitFloat(plan.seed, 'conversation-created', n)) * width);
}

function ref(plan: DatasetPlan, k: number): AgentRef {
  const { name, email, lswUuid } = plan.agents[k];
  return { name, email, lswUuid };
}

/**
 * Conversation `n` with its messages.
 *
 * @example
 * conversationAt(plan, 0).messages[0].author.personId; // a customer's Person id
 */
export function conversationAt(plan: DatasetPlan, n: number): Conversation {
  const created = conversationCreated(plan, n);
  const ident = customerIdentity(plan, customerOfCase(plan, n, created, 'conversation-customer'));
  const f = plan.seeded.reseed(subSeed(plan.seed, 'conversation', n));
  const networks = [...ident.networks.filter((x) => x !== 'lithium'), 'brand_messenger'];
  const network = f.helpers.arrayElement(networks);
  const b = f.number.int({ min: 0, max: plan.brands.length - 1 });
  const customer = customerHandle(plan, ident, network === 'brand_messenger' ? 'chat' : network);
  const brand = brandHandle(plan, b, network === 'brand_messenger' ? 'chat' : network);
  const brandPerson = authorId(plan, plan.counts.customers + b);
  const agent = f.number.int({ min: 0, max: plan.agents.length - 1 });
  const ctx = textContext(f, ident.firstName, created);
  const networkinstance = NETWORK_INSTANCE[network] ?? network;
  const count = messagesIn(plan, n);
  const messages: Message[] = [];
  let t = created;
  for (let j = 0; j < count; j++) {
    // After the customer the brand usually answers; after the brand the customer usually does.
    const fromCustomer = j === 0 ? true : messages[j - 1].author.brandOwned ? f.datatype.boolean(0.7) : f.datatype.boolean(0.2);
    if (j > 0) t += Math.max(1, Math.min(Math.floor(-Math.log(1 - f.number.float()) * 3_600_000), Math.floor((TIMELINE.end - t) / (count - j + 1))));
    const text = fromCustomer ? customerMessage(f, ctx, 'chat', j > 0) : agentReply(f, ctx, 'chat', plan.agents[agent].name.replace(/^KH-/, '').split(' ')[0], plan.brands[b].name);
    const media = fromCustomer && f.datatype.boolean(0.06) ? [ATTACHMENT_TYPES[f.number.int({ min: 0, max: 2 })]] : [];
    messages.push({
      lswUuid: derivedUuid(plan.seed, 'message', n * 16 + j),
      id: network === 'brand_messenger' ? `msg-${f.string.hexadecimal({ length: 20, casing: 'lower', prefix: '' })}` : f.string.numeric({ length: 18, allowLeadingZeros: false }),
      network,
      networkinstance,
      author: fromCustomer
        ? { lswUuid: customer.lswUuid, personId: ident.authorId, name: ident.displayName, screenName: customer.handle.replace(/^@/, ''), network, brandOwned: false }
        : { lswUuid: brand.lswUuid, personId: brandPerson, name: brand.name, screenName: brand.handle.replace(/^@/, ''), network, brandOwned: true },
      receiveDate: t,
      publishDate: fromCustomer ? Math.max(TIMELINE.start, t - f.number.int({ min: 0, max: 5_000 })) : t,
      postContent: `<p>${text}</p>`,
      text,
      isPrivate: network === 'brand_messenger',
      ...(media.length
        ? { media: media.map((type, k) => ({ id: `MED-${String(n + 1).padStart(8, '0')}-${j + 1}-${k + 1}`, fileName: `${type.names[0]}-${j + 1}.${type.ext}`, contentType: type.contentType, size: f.number.int({ min: type.min || 1, max: Math.min(type.max, 2_000_000) }) })) }
        : {}),
    });
  }
  const old = TIMELINE.end - created > 14 * 86_400_000;
  const status = f.helpers.weightedArrayElement(
    old ? [{ weight: 85, value: 'CLOSED' }, { weight: 15, value: 'RESPONDED' }] : [{ weight: 40, value: 'AVAILABLE' }, { weight: 40, value: 'RESPONDED' }, { weight: 20, value: 'CLOSED' }],
  );
  const closeDate = status === 'CLOSED' ? Math.min(TIMELINE.end, t + f.number.int({ min: 60_000, max: 2 * 86_400_000 })) : undefined;
  const queue = f.helpers.arrayElement(plan.activeQueues);
  const tags = f.helpers.arrayElements(plan.careTags, { min: 0, max: 2 }).map((tag) => ({ creator: { type: f.helpers.arrayElement(['AGENT', 'SYSTEM'] as const) }, tagId: tag.tagId, lswUuid: tag.lswUuid }));
  const notes = f.datatype.boolean(0.15) ? [{ source: 'UI', createDate: t, note: f.helpers.arrayElement(['Customer is a repeat contact.', 'Sent DM with return label.', 'Escalated to social lead.']), agent: ref(plan, agent) }] : [];
  const participants = [ident.authorId, ...(messages.some((m) => m.author.brandOwned) ? [brandPerson] : [])];
  const conversation: Conversation = {
    lswUuid: derivedUuid(plan.seed, 'conversation', n),
    displayNumber: 1_800_001 + n,
    status,
    priority: f.number.int({ min: 0, max: 5 }),
    createDate: created,
    ...(closeDate !== undefined ? { closeDate } : {}),
    assignedToAgent: status === 'AVAILABLE' && f.datatype.boolean(0.4) ? {} : ref(plan, agent),
    workQueue: { lswUuid: queue.id, id: queue.numericId },
    tags,
    notes,
    channel: { network, networkinstance, accountId: brand.id, accountName: brand.handle },
    participants,
    messages,
    lastModified: Math.max(t, closeDate ?? 0),
  };
  return conversation;
}

/**
 * Every conversation, in creation order, one at a time.
 *
 * @example
 * for (const c of generateConversations(plan)) write(c);
 */
export function* generateConversations(plan: DatasetPlan): Generator<Conversation> {
  for (let n = 0; n < plan.conversations; n++) yield conversationAt(plan, n);
}
