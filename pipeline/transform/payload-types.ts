/**
 * The Intercom 2.16 request bodies the transforms produce, as TypeScript types. Each has a
 * JSON Schema in `schemas/intercom/` (the name in brackets), a subset of the official
 * description's request schema, stricter where we choose (no unknown fields, non-empty
 * bodies, ids as digit strings, at most 10 attachments).
 */

/** A custom attribute value we write: text, a whole number (dates are Unix seconds), a decimal or a yes/no. */
export type AttributeValue = string | number | boolean;

/** `POST /contacts` [create-contact]. */
export interface CreateContactPayload {
  role: 'user' | 'lead';
  external_id: string;
  email?: string;
  phone?: string;
  name?: string;
  avatar?: string;
  signed_up_at?: number;
  last_seen_at?: number;
  owner_id?: string;
  unsubscribed_from_emails?: boolean;
  custom_attributes?: Record<string, AttributeValue>;
}

/** `PUT /contacts/{id}` [update-contact]: the create body without `role` (a role change is a merge, not an update). */
export type UpdateContactPayload = Omit<CreateContactPayload, 'role'>;

/** `POST /conversations` [create-conversation]: the contact's first message ("HTML is not supported"). */
export interface CreateConversationPayload {
  from: { type: 'user' | 'lead'; id: string };
  body: string;
  created_at?: number;
  brand_id?: string;
}

/**
 * A file for a part. The transform names it; the import adds `data` (base64 of the staged
 * file's bytes) just before sending, so payloads stay small while planned.
 */
export interface AttachmentFilePayload {
  name: string;
  content_type: string;
  data?: string;
}

/** `POST /conversations/{id}/reply` as the contact [reply-conversation]. */
export interface ContactReplyPayload {
  message_type: 'comment';
  type: 'user';
  intercom_user_id: string;
  body: string;
  created_at?: number;
  attachment_files?: AttachmentFilePayload[];
}

/** `POST /conversations/{id}/reply` as an admin: a public comment or an internal note [reply-conversation]. */
export interface AdminReplyPayload {
  message_type: 'comment' | 'note';
  type: 'admin';
  admin_id: string;
  body: string;
  created_at?: number;
  attachment_files?: AttachmentFilePayload[];
  /** Always true: replaying history must not notify anyone. */
  skip_notifications: true;
}

/** `POST /conversations/{id}/reply` [reply-conversation]. */
export type ReplyPayload = ContactReplyPayload | AdminReplyPayload;

/** `POST /conversations/{id}/parts` [manage-conversation]: close, snooze, open or assign. None takes a time. */
export type ManagePayload =
  | { message_type: 'close'; type: 'admin'; admin_id: string; body?: string }
  | { message_type: 'snoozed'; admin_id: string; snoozed_until: number }
  | { message_type: 'open'; admin_id: string }
  | { message_type: 'assignment'; type: 'admin' | 'team'; admin_id: string; assignee_id: string; body?: string };

/** `PUT /conversations/{id}` [update-conversation]. */
export interface UpdateConversationPayload {
  title?: string;
  custom_attributes?: Record<string, AttributeValue>;
}

/** `POST /conversations/{id}/tags` [tag-conversation]. */
export interface TagConversationPayload {
  id: string;
  admin_id: string;
}

/** `POST /tags` [create-tag]: create (or find) a tag by name. */
export interface CreateTagPayload {
  name: string;
}

/** One locale's content of an article. */
export interface ArticleContentPayload {
  title: string;
  description?: string;
  body?: string;
  author_id: number;
  state: 'published' | 'draft';
}

/** `POST /articles` [create-article]. */
export interface CreateArticlePayload {
  title: string;
  description?: string;
  body?: string;
  author_id: number;
  state: 'published' | 'draft';
  parent_id?: number;
  parent_type?: 'collection' | 'section';
  translated_content?: Record<string, ArticleContentPayload>;
}

/** `POST /internal_articles` [create-internal-article]; `locale` as the operation's documented example sends it. */
export interface CreateInternalArticlePayload {
  title: string;
  body?: string;
  author_id: number;
  owner_id: number;
  locale?: string;
}

/** Our schema names (`schemas/intercom/<name>.json`). */
export type IntercomSchemaName =
  | 'create-contact' | 'update-contact' | 'create-conversation' | 'reply-conversation' | 'manage-conversation'
  | 'update-conversation' | 'tag-conversation' | 'create-tag' | 'create-article' | 'create-internal-article';
