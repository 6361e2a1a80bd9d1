/**
 * The lookups that transform a chunk of cases or Care conversations as import did: the Care
 * authors the chunk names (read for the chunk), and the contacts of the chunk's customers
 * taken from the write ledger (what import wrote), not from Intercom as it is now, so a
 * contact Intercom lost does not change what its conversations should look like. Two cheap
 * probe passes record which authors and customers the chunk asks about.
 */
import type { Case, Conversation } from '../../simulators/dataset/types.ts';
import { recordingMap } from '../plan/recording-map.ts';
import { buildChunkLookups } from '../transform/build-chunk-lookups.ts';
import type { Lookups, ResolvedContact } from '../transform/lookups.ts';
import { readAuthorLookups } from '../transform/read-author-lookups.ts';
import { transformCase } from '../transform/transform-case.ts';
import { conversationDraft, transformConversation } from '../transform/transform-conversation.ts';
import { ledgerTargets } from './ledger-targets.ts';
import type { VerifyContext } from './verify-types.ts';

/** The two families that become conversations. */
export type ConversationFamily = 'cases' | 'conversations';

/**
 * @example
 * const lookups = await conversationLookups(context, 'cases', chunk.map((r) => r.payload));
 * transformCase(chunk[0].payload, { mapping, lookups, now });
 */
export async function conversationLookups(context: VerifyContext, family: ConversationFamily, payloads: readonly unknown[]): Promise<Lookups> {
  const { mapping, now } = context;
  let lookups = context.lookups;
  if (family === 'conversations') {
    const authors = new Set<string>();
    const probe: Lookups = Object.freeze({ ...lookups, customerByAuthor: recordingMap(lookups.customerByAuthor, authors) });
    for (const payload of payloads) conversationDraft(payload as Conversation, { mapping, lookups: probe, now });
    const read = await readAuthorLookups(context.workspace, { authorIds: [...authors] });
    lookups = buildChunkLookups(lookups, { customerByAuthor: read.customerByAuthor });
  }
  const customers = new Set<string>();
  const probe: Lookups = Object.freeze({ ...lookups, contactByCustomer: recordingMap(new Map<string, ResolvedContact>(), customers) });
  for (const payload of payloads) transform(family, payload, { mapping, lookups: probe, now });
  const written = await ledgerTargets(context.workspace, ['contact'], [...customers]);
  const contactByCustomer = new Map<string, ResolvedContact>([...written].map(([key, target]) => [key, { id: target.id, role: 'user' as const }]));
  return buildChunkLookups(lookups, { contactByCustomer });
}

/**
 * The transform of a record of either family.
 *
 * @example
 * transform('cases', kase, { mapping, lookups, now }).parts.length; // 4
 */
export function transform(family: ConversationFamily, payload: unknown, context: Parameters<typeof transformCase>[1]) {
  return family === 'cases' ? transformCase(payload as Case, context) : transformConversation(payload as Conversation, context);
}
