/**
 * The Khoros instance held in memory by the simulator: the dataset's `khoros` part behind
 * indexes for every lookup the API families make, and the mutations the admin endpoint
 * applies at run time (for delta tests).
 */
import type {
  Agent, Attachment, Author, Case, Conversation, Customer, KbArticle, KbImage, KhorosInstance, Message,
} from '../dataset/types.ts';
import { OrderedIndex } from './ordered-index.ts';

/** The in-memory instance. Families read it; only `applyMutation` writes it. */
export class KhorosStore {
  readonly customers = new OrderedIndex<Customer>();
  readonly cases = new OrderedIndex<Case>();
  readonly authors = new OrderedIndex<Author>();
  readonly agents = new OrderedIndex<Agent>();
  readonly conversations = new OrderedIndex<Conversation>();
  readonly articles = new OrderedIndex<KbArticle>();
  readonly images = new Map<string, KbImage>();
  /** Attachments of interactions and message media, by id. */
  readonly attachments = new Map<string, Attachment>();
  /** Conversation display number → lswUuid. */
  readonly conversationByDisplay = new Map<number, string>();
  /** Person id → conversations it takes part in. */
  readonly conversationsByPerson = new Map<string, Set<string>>();
  /** Customer id → its cases (in dataset order). */
  readonly casesByCustomer = new Map<string, string[]>();
  /** Community session keys issued by the v1 login endpoint. */
  readonly sessions = new Set<string>();

  constructor(readonly instance: KhorosInstance) {
    for (const c of instance.customers) this.customers.set(c.id, c);
    for (const c of instance.cases) this.putCase(c);
    for (const a of instance.authors ?? []) this.authors.set(a.id, a);
    for (const a of instance.agents ?? []) this.agents.set(a.lswUuid, a);
    for (const c of instance.conversations ?? []) this.putConversation(c);
    for (const a of instance.kb?.articles ?? []) this.articles.set(a.id, a);
    for (const i of instance.kb?.images ?? []) this.images.set(i.id, i);
  }

  /** Adds or replaces a case and indexes its attachments. */
  putCase(record: Case): void {
    const previous = this.cases.get(record.id);
    if (previous?.customerId && previous.customerId !== record.customerId) {
      const list = this.casesByCustomer.get(previous.customerId) ?? [];
      this.casesByCustomer.set(previous.customerId, list.filter((id) => id !== record.id));
    }
    this.cases.set(record.id, record);
    if (record.customerId && previous?.customerId !== record.customerId) {
      const list = this.casesByCustomer.get(record.customerId) ?? [];
      list.push(record.id);
      this.casesByCustomer.set(record.customerId, list);
    }
    for (const interaction of record.interactions) for (const a of interaction.attachments ?? []) this.attachments.set(a.id, a);
  }

  /** Adds or replaces a conversation and indexes its display number, participants and media. */
  putConversation(record: Conversation): void {
    this.conversations.set(record.lswUuid, record);
    this.conversationByDisplay.set(record.displayNumber, record.lswUuid);
    const people = new Set(record.participants ?? []);
    for (const m of record.messages) {
      if (m.author.personId) people.add(m.author.personId);
      for (const a of m.media ?? []) this.attachments.set(a.id, a);
    }
    for (const person of people) {
      const set = this.conversationsByPerson.get(person) ?? new Set<string>();
      set.add(record.lswUuid);
      this.conversationsByPerson.set(person, set);
    }
  }

  /** Appends a message to a conversation (delta tests). */
  appendMessage(conversationId: string, message: Message, now: number): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const updated = { ...conversation, messages: [...conversation.messages, message], lastModified: now };
    this.putConversation(updated);
    return updated;
  }

  /** Removes a case and its index entries. */
  deleteCase(id: string): boolean {
    const record = this.cases.get(id);
    if (!record) return false;
    if (record.customerId) {
      const list = this.casesByCustomer.get(record.customerId) ?? [];
      this.casesByCustomer.set(record.customerId, list.filter((c) => c !== id));
    }
    return this.cases.delete(id);
  }
}
