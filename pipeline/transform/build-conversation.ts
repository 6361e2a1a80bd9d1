/**
 * Builds the Intercom requests of one conversation from its draft: the contact-initiated
 * `POST /conversations` (the first contact message, or a synthetic opening), the replies in
 * conversation order (contact comments by `intercom_user_id`, agent comments and notes as
 * their admin or the fallback admin, never notifying anyone), files at most 10 a part,
 * the oldest replies folded into transcript notes past 500 parts, then the assignment and
 * the final state, the `PUT` with title and conversation attributes (the source id in
 * `policies.caseIdAttribute`), and the tags. Carries out the actions of the preflight
 * findings, which it lists beside the payloads.
 */
import { cleanText } from './clean-text.ts';
import { containsHtml } from './contains-html.ts';
import type { ConversationDraft, DraftAttachment, DraftItem } from './conversation-draft.ts';
import { conversationOutcome } from './conversation-outcome.ts';
import { conversationTags } from './conversation-tags.ts';
import { isBlankBody } from './blank-body.ts';
import type { Finding, QuarantinedField, QueueEntry, SourceRef } from './findings.ts';
import { htmlToText } from './html-to-text.ts';
import { inertText } from './inert-text.ts';
import type {
  AdminReplyPayload, AttachmentFilePayload, AttributeValue, ContactReplyPayload, CreateConversationPayload, ManagePayload,
  ReplyPayload, TagConversationPayload, UpdateConversationPayload,
} from './payload-types.ts';
import { MAX_FILES_PER_PART, planParts } from './plan-parts.ts';
import { preflight, type PreflightContext } from './preflight.ts';
import { resolveAdmin } from './resolve-admin.ts';
import { sanitizeIntercomHtml } from './sanitize-intercom-html.ts';
import { textToHtml } from './text-to-html.ts';
import { attributeNameProblem } from './attribute-name-problem.ts';

/** Longest source key the case id attribute holds (a text attribute keeps 255 characters). */
export const MAX_SOURCE_KEY = 255;

/** How long a migrated "pending" conversation is snoozed for, from `now`. */
export const SNOOZE_SECONDS = 24 * 60 * 60;

/** One request after the conversation exists, in the order to send. */
export interface PlannedPart {
  operation: 'replyConversation' | 'manageConversation';
  payload: ReplyPayload | ManagePayload;
  /**
   * `reply`: one source item; `opening-files`: the opening message's files;
   * `continuation`: files 11+ of an item; `transcript`: folded items; `assignment`, `state`.
   */
  role: 'reply' | 'opening-files' | 'continuation' | 'transcript' | 'assignment' | 'state';
  /**
   * The part's stable sub-key, from its source: the ledger records it as `<record key>#<key>`,
   * so a new interaction inserted among the replies never takes an older part's place.
   * `item:<id>`, `item:<id>:files<n>`, `opening:<id>:files<n>`,
   * `transcript:<first id>..<last id>`, `assignment:<admin id>`,
   * `state:<close|snoozed>@<last item>` (a state follows the last item: a contact reply
   * written later reopens the conversation, so it is closed again). Ids are `subKey`-escaped.
   */
  key: string;
  /** Source items the part carries. */
  sourceIds: string[];
  /** Staged file ids, index-aligned with the payload's `attachment_files` (the import adds each file's `data`). */
  attachmentIds: string[];
}

/** A transformed case or Care conversation. */
export interface TransformedConversation {
  kind: 'conversation';
  source: SourceRef;
  /** `POST /conversations`; null when the record is queued. */
  conversation: CreateConversationPayload | null;
  /** The source item that opened it; null for a synthetic opening. */
  openingSourceId: string | null;
  parts: PlannedPart[];
  /** `PUT /conversations/{id}`: title and conversation attributes. */
  update: UpdateConversationPayload | null;
  /** Tags by name; `request` once the tag is provisioned. */
  tags: { name: string; request: TagConversationPayload | null }[];
  findings: Finding[];
  quarantined: QuarantinedField[];
  queue: QueueEntry | null;
}

/**
 * The requests of `draft`. Pure; never throws on odd data.
 *
 * @example
 * const result = buildConversation(draft, { mapping, lookups });
 * result.conversation?.from; // { type: 'user', id: '95afb19fcbf4d5b30bff273a' }
 * result.parts.map((p) => p.role); // ['reply', 'reply', 'assignment', 'state']
 */
export function buildConversation(draft: ConversationDraft, context: PreflightContext): TransformedConversation {
  const { lookups, mapping } = context;
  const findings = preflight({ kind: 'conversation', draft }, context);
  const quarantined: QuarantinedField[] = draft.fields
    .filter((f) => f.status === 'failed')
    .map((f) => ({ field: String(f.row?.source ?? ''), value: f.raw, reason: f.reason ?? 'failed' }));
  const empty = { kind: 'conversation' as const, source: draft.source, findings, quarantined };
  if (draft.sourceKey !== null && [...draft.sourceKey].length > MAX_SOURCE_KEY) {
    const reason = `the source id is longer than ${MAX_SOURCE_KEY} characters: it cannot be written to ${mapping?.policies?.caseIdAttribute}`;
    return { ...empty, conversation: null, openingSourceId: null, parts: [], update: null, tags: [], queue: { rule: 'source-id-invalid', action: 'queue', reason } };
  }
  const contact = draft.customerId === null ? undefined : lookups.contactByCustomer.get(draft.customerId);
  if (!contact) {
    const reason = draft.customerId === null ? 'no customer is linked to the conversation' : `customer ${draft.customerId} has no Intercom contact`;
    return { ...empty, conversation: null, openingSourceId: null, parts: [], update: null, tags: [], queue: { rule: 'contact-unresolved', action: 'queue', reason } };
  }

  const outcome = conversationOutcome(draft, context.now);
  const plan = planParts(draft, outcome.managementParts);
  const opening = plan.opening;
  const firstAt = draft.items.find((i) => i.at !== null)?.at ?? null;
  // The map's `created_at` row, when it has one, stands for the record's creation time.
  const mapped = draft.fields.find((f) => f.target === 'standard' && f.name === 'created_at' && f.status === 'value')?.value;
  const recordCreated = typeof mapped === 'number' ? mapped : draft.createdAt;
  const createdAt = validTime(opening ? opening.at ?? recordCreated : minOf(recordCreated, firstAt));
  const conversation: CreateConversationPayload = {
    from: { type: contact.role === 'lead' ? 'lead' : 'user', id: contact.id },
    body: opening ? contactText(opening) : plainOrPlaceholder(draft.openingText, []),
    ...(createdAt !== null ? { created_at: createdAt } : {}),
    ...(draft.brandId ? { brand_id: draft.brandId } : {}),
  };

  const parts: PlannedPart[] = [];
  const replyAs = (item: DraftItem, body: { text: string; html: string }, files: DraftAttachment[], role: PlannedPart['role'], sourceIds: string[], key: string) => {
    const attachment_files = files.map(fileOf);
    const at = validTime(item.at);
    const common = { ...(at !== null ? { created_at: at } : {}), ...(files.length ? { attachment_files } : {}) };
    let payload: ReplyPayload;
    if (item.author === 'contact' && item.kind === 'comment') {
      payload = { message_type: 'comment', type: 'user', intercom_user_id: contact.id, body: body.text, ...common } satisfies ContactReplyPayload;
    } else {
      // A contact's message the map makes a note is written by the fallback admin, credited to the customer.
      const byContact = item.author === 'contact';
      const admin = byContact ? { adminId: lookups.fallbackAdminId, fallback: true } : resolveAdmin(item.agentEmail, lookups);
      const who = byContact ? `${item.authorName ?? 'the customer'} (customer)` : [item.authorName, item.agentEmail && `<${item.agentEmail}>`].filter(Boolean).join(' ');
      const credit = admin.fallback && item.kind === 'note' && who ? `<p><em>Written in Khoros by ${escape(who)}</em></p>` : '';
      payload = { message_type: item.kind, type: 'admin', admin_id: admin.adminId, body: credit + body.html, ...common, skip_notifications: true } satisfies AdminReplyPayload;
    }
    parts.push({ operation: 'replyConversation', payload, role, key, sourceIds, attachmentIds: files.map((f) => f.id) });
  };

  if (opening) {
    for (let k = 0; k < plan.openingFileParts; k++) {
      const files = opening.attachments.slice(k * MAX_FILES_PER_PART, (k + 1) * MAX_FILES_PER_PART);
      const text = `Attachments of the first message${plan.openingFileParts > 1 ? ` (${k + 1} of ${plan.openingFileParts})` : ''}: ${names(files)}`;
      replyAs(opening, { text, html: textToHtml(text) }, files, 'opening-files', [opening.sourceId], `opening:${subKey(opening.sourceId)}:files${k + 1}`);
    }
  }

  for (const unit of plan.units) {
    if (unit.type === 'transcript') {
      const first = unit.items[0];
      const files = unit.items.flatMap((i) => i.attachments);
      const payload: AdminReplyPayload = {
        message_type: 'note', type: 'admin', admin_id: lookups.fallbackAdminId, body: transcriptHtml(draft, unit.items),
        ...(validTime(first.at) !== null ? { created_at: validTime(first.at) as number } : {}),
        ...(files.length ? { attachment_files: files.map(fileOf) } : {}),
        skip_notifications: true,
      };
      const key = `transcript:${subKey(first.sourceId)}..${subKey(unit.items[unit.items.length - 1].sourceId)}`;
      parts.push({ operation: 'replyConversation', payload, role: 'transcript', key, sourceIds: unit.items.map((i) => i.sourceId), attachmentIds: files.map((f) => f.id) });
      continue;
    }
    const item = unit.item;
    const chunks = unit.chunks;
    for (let k = 0; k < chunks; k++) {
      const files = item.attachments.slice(k * MAX_FILES_PER_PART, (k + 1) * MAX_FILES_PER_PART);
      if (k === 0) {
        replyAs(item, { text: contactText(item), html: adminHtml(item) }, files, 'reply', [item.sourceId], `item:${subKey(item.sourceId)}`);
      } else {
        const from = k * MAX_FILES_PER_PART + 1;
        const text = `Attachments ${from}–${from + files.length - 1} of ${item.attachments.length} (continued): ${names(files)}`;
        replyAs(item, { text, html: textToHtml(text) }, files, 'continuation', [item.sourceId], `item:${subKey(item.sourceId)}:files${k + 1}`);
      }
    }
  }

  // A state part is keyed by its value and the last item it follows (a contact reply reopens a conversation).
  const lastItem = draft.items.length ? subKey(draft.items[draft.items.length - 1].sourceId) : 'none';
  const assignee = outcome.assignee === null ? null : /^\d+$/.test(outcome.assignee) ? { adminId: outcome.assignee, fallback: false } : resolveAdmin(outcome.assignee, lookups);
  if (assignee) {
    const payload: ManagePayload = { message_type: 'assignment', type: 'admin', admin_id: lookups.fallbackAdminId, assignee_id: assignee.adminId };
    parts.push({ operation: 'manageConversation', payload, role: 'assignment', key: `assignment:${subKey(assignee.adminId)}`, sourceIds: [], attachmentIds: [] });
  }
  const acting = assignee && !assignee.fallback ? assignee.adminId : lookups.fallbackAdminId;
  if (outcome.state === 'closed') {
    parts.push({ operation: 'manageConversation', payload: { message_type: 'close', type: 'admin', admin_id: acting }, role: 'state', key: `state:close@${lastItem}`, sourceIds: [], attachmentIds: [] });
  } else if (outcome.state === 'snoozed' && context.now !== undefined) {
    const payload: ManagePayload = { message_type: 'snoozed', admin_id: acting, snoozed_until: Math.floor(context.now) + SNOOZE_SECONDS };
    parts.push({ operation: 'manageConversation', payload, role: 'state', key: `state:snoozed@${lastItem}`, sourceIds: [], attachmentIds: [] });
  }

  // Source ids repeated within a record (bad data) still give each part a key of its own.
  const used = new Map<string, number>();
  for (const part of parts) {
    const n = (used.get(part.key) ?? 0) + 1;
    used.set(part.key, n);
    if (n > 1) part.key = `${part.key}~dup${n}`;
  }

  const attributes = new Map<string, AttributeValue>();
  for (const f of draft.fields) if (f.target === 'attribute' && f.status === 'value' && !attributes.has(f.name)) attributes.set(f.name, f.value as AttributeValue);
  const caseIdAttribute = mapping?.policies?.caseIdAttribute;
  if (draft.sourceKey !== null && typeof caseIdAttribute === 'string' && !attributeNameProblem(caseIdAttribute)) attributes.set(caseIdAttribute, cleanText(draft.sourceKey));
  const title = draft.fields.find((f) => f.target === 'standard' && f.name === 'title' && f.status === 'value')?.value;
  const update: UpdateConversationPayload | null = attributes.size || typeof title === 'string'
    ? { ...(typeof title === 'string' ? { title } : {}), ...(attributes.size ? { custom_attributes: Object.fromEntries(attributes) } : {}) }
    : null;

  const tags = conversationTags(draft).map((name) => {
    const id = lookups.tagIdByName.get(name.toLowerCase());
    return { name, request: id ? { id, admin_id: lookups.fallbackAdminId } : null };
  });

  return { ...empty, conversation, openingSourceId: opening?.sourceId ?? null, parts, update, tags, queue: null };
}

/**
 * A source id as it may stand in a ledger sub-key: `#` (the ledger's key/sub-key separator)
 * and `%` escaped, so `<record key>#<sub-key>` keeps exactly one separator after the key.
 *
 * @example
 * subKey('L-1#3'); // 'L-1%233'
 */
export function subKey(id: string): string {
  return String(id).replace(/%/g, '%25').replace(/#/g, '%23');
}

/** The body of a contact message as text ("HTML is not supported"). */
function contactText(item: DraftItem): string {
  return plainOrPlaceholder(item.body, item.attachments);
}

/** A contact's body as text, inert if read as HTML (`inertText`), or the placeholder. */
function plainOrPlaceholder(body: string, files: DraftAttachment[]): string {
  const clean = cleanText(typeof body === 'string' ? body : '');
  const text = containsHtml(clean) ? htmlToText(clean) : clean.trim();
  return inertText(text) || placeholder(files);
}

/** The body of an agent comment or note: sanitized HTML, or escaped text. */
function adminHtml(item: DraftItem): string {
  const clean = cleanText(typeof item.body === 'string' ? item.body : '');
  const html = isBlankBody(clean) ? '' : containsHtml(clean) ? sanitizeIntercomHtml(clean, 'message') : textToHtml(clean);
  return html || textToHtml(placeholder(item.attachments));
}

function placeholder(files: DraftAttachment[]): string {
  return files.length ? `Attachments: ${names(files)}` : '(no text)';
}

function names(files: DraftAttachment[]): string {
  return files.map((f) => cleanText(String(f.name ?? '')).trim() || 'attachment').join(', ');
}

function fileOf(file: DraftAttachment): AttachmentFilePayload {
  const cut = (text: string) => [...text].slice(0, 255).join('');
  return {
    name: cut(cleanText(String(file.name ?? '')).trim()) || 'attachment',
    content_type: cut(cleanText(String(file.contentType ?? '')).trim()) || 'application/octet-stream',
  };
}

function transcriptHtml(draft: ConversationDraft, items: DraftItem[]): string {
  const label = draft.source.family === 'cases' ? 'case' : 'conversation';
  const head = `<p><strong>${items.length} earlier messages of Khoros ${label} ${escape(draft.source.id)}, folded into one note: Intercom keeps at most 500 parts per conversation.</strong></p>`;
  const lines = items.map((i) => {
    const when = i.at === null ? 'time unknown' : new Date(i.at * 1000).toISOString();
    const who = `${i.authorName || (i.author === 'contact' ? 'Customer' : i.agentEmail || 'Agent')} (${i.author === 'contact' ? 'customer' : 'agent'}${i.kind === 'note' ? ', internal note' : ''})`;
    const text = plainOrPlaceholder(i.body, i.attachments);
    return `<p><strong>${escape(when)} · ${escape(who)}</strong><br>${escape(text).replace(/\n/g, '<br>')}</p>`;
  });
  return head + lines.join('');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A time Intercom can take: Unix seconds from 1970 to 9999 (earlier ones are left to Intercom's "now"). */
function validTime(at: number | null): number | null {
  return at !== null && Number.isSafeInteger(at) && at >= 0 && at <= 253402300799 ? at : null;
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
