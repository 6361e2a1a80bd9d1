/**
 * The shape both conversation sources (CRM cases and Care conversations) are brought to
 * before their Intercom requests are built: ordered items with their author, kind, body
 * and files, plus the conversation-level fields already evaluated against the map. The
 * preflight rules check drafts, and `buildConversation` turns them into payloads.
 */
import type { EvaluatedField } from './evaluate-fields.ts';
import type { SourceRef } from './findings.ts';

/** A staged file attached to an item: the import resolves its bytes by `id`. */
export interface DraftAttachment {
  id: string;
  name: string;
  contentType: string;
}

/** One interaction or message, in conversation order. */
export interface DraftItem {
  /** The source id (interaction id, message `lswUuid`, `…/note/n`). */
  sourceId: string;
  /** Unix seconds; null when the source time does not parse (such items sort last). */
  at: number | null;
  /** Who speaks: the conversation's contact or an agent (a contact's note is written by the fallback admin, credited). */
  author: 'contact' | 'admin';
  /** Public comment or internal note, per the map's `parts.kinds`. */
  kind: 'comment' | 'note';
  /** The agent's email (lower case) for agent items, when known. */
  agentEmail: string | null;
  /** The author's display name, for transcripts. */
  authorName: string | null;
  /** The source body, HTML or text. */
  body: string;
  attachments: DraftAttachment[];
}

/** A conversation ready to build. */
export interface ConversationDraft {
  source: SourceRef;
  /** The Khoros customer the conversation is with (null: not known). */
  customerId: string | null;
  /** Unix seconds the source record was created, when known. */
  createdAt: number | null;
  /** The text that opens the conversation when no contact message does (case title and description). */
  openingText: string;
  /** In conversation order (see `orderItems`). */
  items: DraftItem[];
  /** The conversation-level rows of the map, evaluated on the source record. */
  fields: EvaluatedField[];
  /** Tag names from the brand, initiative and campaign rules (brand only when the workspace has no brand of that name). */
  tags: string[];
  /** Intercom brand id when the workspace has the source's brand. */
  brandId: string | null;
  /** The value written to `policies.caseIdAttribute` (the case id); null for Care conversations, keyed by the map's own row. */
  sourceKey: string | null;
  /** Brand, initiative or campaign ids with no name (`brand brand-x`): no tag for them. */
  unresolvedNames: string[];
  /** Source ids of items whose kind the map skips. */
  skippedItems: string[];
  /** Source ids of items whose kind the map does not list (kept as notes). */
  unmappedKinds: string[];
}
