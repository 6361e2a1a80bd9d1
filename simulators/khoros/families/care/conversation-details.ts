/**
 * Serialises a dataset conversation as Care "conversation details" (reference §2.2), the
 * payload shared by the by-id, display-id and source-document-id lookups.
 */
import type { Attachment, Conversation, Message } from '../../../dataset/types.ts';

/** Links the details need: attachments live in the `files` family. */
export interface DetailsLinks {
  /** Simulator root URL (`http://host:port`). */
  rootUrl: string;
  /** Care instance name for `responsePortalLink`. */
  instanceName: string;
}

/**
 * The details payload: documented fields (`displayNumber`, `status`, `assignedToAgent`
 * (`{}` when unassigned), `lswUuid`, `createDate`, `closeDate`, `responsePortalLink`,
 * `primaryMessage`, `messages`, `tags`, `priority`, `workQueue`, `notes`, `needsAttention`,
 * ...) with the dataset's seed-defined extras (`channel`, `participants`, `lastModified`) kept.
 *
 * @example
 * toConversationDetails(conversation, { rootUrl: sim.url, instanceName: 'acme' }).primaryMessage;
 */
export function toConversationDetails(conversation: Conversation, links: DetailsLinks): Record<string, unknown> {
  const messages = conversation.messages.map((m) => toMessage(m, conversation, links));
  const totalResponses = conversation.messages.filter((m) => m.author.brandOwned).length;
  return {
    userHasPermissionToView: true,
    needsAttention: false,
    snoozeExpiration: -1,
    isUserWatching: false,
    isUserHelping: false,
    totalResponses,
    hasResponse: totalResponses > 0,
    tags: [],
    notes: [],
    priority: 0,
    ...conversation,
    assignedToAgent: conversation.assignedToAgent ?? {},
    responsePortalLink: `https://${links.instanceName}.response.lithium.com/portal/conversation/${conversation.displayNumber}`,
    primaryMessage: messages[0] ?? null,
    messages,
  };
}

/**
 * One message, with the documented network-dependent redaction: a customer's Twitter post
 * carries no body, a customer's Facebook post no source `id`; brand (agent) responses
 * always keep both. Media get a `url` into the `files` family.
 */
function toMessage(message: Message, conversation: Conversation, links: DetailsLinks): Record<string, unknown> {
  const networkinstance = message.networkinstance ?? conversation.channel?.networkinstance ?? message.network;
  const out: Record<string, unknown> = {
    userHasPermissionToView: true,
    isSourceHidden: false,
    gdprdeleted: false,
    conversationDisplayId: conversation.displayNumber,
    publishDate: message.receiveDate,
    isPrivate: false,
    ...message,
    networkinstance,
    author: { gdprMarked: false, gdprScrubbed: false, network: message.network, networkinstance, ...message.author },
    media: (message.media ?? []).map((a) => toMedia(a, links.rootUrl)),
  };
  if (!message.author.brandOwned && message.network === 'twitter') {
    delete out.postContent;
    delete out.text;
  }
  if (!message.author.brandOwned && message.network === 'facebook') delete out.id;
  return out;
}

function toMedia(attachment: Attachment, rootUrl: string): Record<string, unknown> {
  const { contentBase64: _bytes, ...meta } = attachment;
  return { ...meta, url: `${rootUrl}/files/attachments/${encodeURIComponent(attachment.id)}/${encodeURIComponent(attachment.fileName)}` };
}
