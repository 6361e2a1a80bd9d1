/**
 * The dataset document: one Khoros source instance and the Intercom workspace it migrates
 * into, as they stand before the migration. Written by the generator, served by the
 * simulators, and writable by hand (JSON Schema: `schemas/dataset.schema.json`).
 *
 * Field names follow the real APIs where the public record shows them
 * (`../shared/reference/khoros-care-api.md`): Care uses camelCase, epoch-millisecond times
 * and `lswUuid` + `displayNumber` ids; the CRM spec (customers, cases, interactions) uses
 * ISO-8601 strings and puts declared custom fields at the top level of the record;
 * Community (KB articles) uses snake_case and ISO-8601 with offset; Intercom uses its own
 * snake_case shapes. Types marked "seed-defined" have no public Khoros shape.
 *
 * Only a few keys are required (see the schema); the simulators derive the rest.
 */

/** The whole document. */
export interface Dataset {
  /** Format version of this document. */
  version: 1;
  /** The seed and scale that generated it, or `"hand-written"`. */
  meta: DatasetMeta;
  khoros: KhorosInstance;
  intercom: IntercomWorkspace;
}

/** Where a dataset came from. */
export interface DatasetMeta {
  seed?: number;
  scale?: string;
  /** Epoch ms at which the source instance is observed ("now" in the simulators' data). */
  asOf?: number;
  /** The edge cases planted on purpose: edge-case name → ids of the records that carry it. */
  edgeCases?: Record<string, string[]>;
  /**
   * Added by the generator: how many records of each family the document holds (family name →
   * count, e.g. `customers`, `cases`, `interactions`, `articles`), known before any record is
   * written so a streaming reader can size its work. Absent from hand-written datasets.
   */
  counts?: Record<string, number>;
}

/** The Khoros side: every object family the migration reads. */
export interface KhorosInstance {
  /** Seed-defined instance settings (Care instance, Analytics company key, Community host). */
  instance?: KhorosInstanceSettings;
  /** CRM-spec `meta/object/{customer,case}` declarations. */
  customFields?: { customer?: MetaField[]; case?: MetaField[] };
  customers: Customer[];
  authors?: Author[];
  agents?: Agent[];
  teams?: Team[];
  brands?: Brand[];
  initiatives?: Initiative[];
  campaigns?: Plan[];
  cases: Case[];
  conversations?: Conversation[];
  kb?: KnowledgeBase;
  workQueues?: WorkQueue[];
  tags?: CareTag[];
  automationRules?: AutomationRule[];
  slas?: Sla[];
}

/** Seed-defined: names the simulator uses for hosts, company ids and links. */
export interface KhorosInstanceSettings {
  /** Care instance name, as in `https://{instance}.response.lithium.com`. */
  name?: string;
  /** Analytics `companyKey`. */
  companyKey?: string;
  /** Marketing company id and environment (`/{environment}/v1/company/{companyId}`). */
  companyId?: string;
  environment?: string;
  /** Community host name used in `view_href` and image links. */
  communityHost?: string;
}

/** CRM-spec custom field declaration (`GET /meta/object/{customer|case}`). */
export interface MetaField {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'single_sel_list' | 'checkbox' | 'number' | 'date';
  searchable?: boolean;
  listValues?: { name: string; value: string }[];
}

/**
 * CRM-spec Customer (seed-defined as a Khoros-hosted store): `id`, `url` and declared
 * custom fields at the top level, plus the best-match profile fields.
 */
export interface Customer {
  id: string;
  /** May be null: customers without an email exist. */
  email: string | null;
  url?: string;
  displayName?: string;
  screenName?: string;
  location?: string;
  gender?: string;
  phoneNumbers?: string[];
  /** ISO-8601. */
  created?: string;
  lastUpdated?: string;
  /** Declared custom field values live at the top level, keyed by `MetaField.name`. */
  [customField: string]: unknown;
}

/** One network account of a Care Person (`handles.{network}[]`). */
export interface AuthorHandle {
  '@class'?: string;
  lswUuid: string;
  displayNumber?: number;
  id?: string;
  name?: string;
  screenName?: string;
  networkinstance?: string;
  providerInstanceId?: string;
  profileUrl?: string;
  avatarUrl?: string;
  registrationInstant?: number;
  [key: string]: unknown;
}

/** Care "Person" (`GET /api/v2/authors/{id}`), linked to a customer through `handles.crm[].id`. */
export interface Author {
  id: string;
  displayNumber: number;
  handles: Record<string, AuthorHandle[]>;
  tags?: { creator: { type: 'AGENT' | 'SYSTEM' }; tagId: number; lswUuid?: string }[];
  notes?: { note: string; agent: AgentRef; createDate: number }[];
  timezone?: string[];
  /** True when the author speaks for the brand (Care marks brand posts `brandOwned`). */
  brandOwned?: boolean;
  /** Seed-defined: free-form profile properties. */
  properties?: Record<string, string>;
  /** Seed-defined life cycle: deleted authors and authors merged into another Person. */
  deleted?: boolean;
  mergedIntoId?: string;
  /** Epoch ms of the last change (drives `authors/changed`). */
  lastModified: number;
}

/** How Care payloads reference an agent. */
export interface AgentRef {
  name: string;
  email: string;
  lswUuid: string;
}

/** Seed-defined: a Care agent (no public directory endpoint exists). */
export interface Agent extends AgentRef {
  id: number;
  role: 'admin' | 'agent';
  initiativeIds?: string[];
  teamIds?: string[];
  active?: boolean;
}

/** Analytics `teams` row. */
export interface Team {
  uuid: string;
  teamId: number;
  name: string;
  description?: string;
  memberIds?: string[];
}

/** Seed-defined brand. */
export interface Brand {
  id: string;
  name: string;
  description?: string;
}

/** Marketing Initiative. */
export interface Initiative {
  id: string;
  name: string;
  description?: string;
}

/** Marketing Plan (what Khoros calls a campaign lives on `campaignId`). */
export interface Plan {
  id: string;
  companyId?: string;
  campaignId: string;
  initiativeId: string;
  name: string;
  overview?: string;
  objective?: string;
  targetAudience?: string;
  color?: string;
  startDate?: string;
  endDate?: string;
  createdDate?: string;
  lastModifiedDate?: string;
}

/** A file attached to an interaction or a message (bytes are generated from the id by the simulator unless given). */
export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  /** Optional literal content for hand-written datasets. */
  contentBase64?: string;
}

/**
 * CRM-spec Case with the seed's extensions (status beyond open/closed, priority, agent,
 * brand, initiative, campaign). Declared custom fields live at the top level.
 */
export interface Case {
  /** Legacy (`00012345`, before 2025-07-01) or new (`CASE-012345`, from 2025-07-01) format. */
  id: string;
  number?: number;
  customerId?: string | null;
  title?: string;
  description?: string;
  url?: string;
  status?: 'open' | 'pending' | 'resolved' | 'closed';
  priority?: number;
  assignedAgent?: AgentRef | null;
  brandId?: string | null;
  initiativeId?: string | null;
  campaignId?: string | null;
  workQueueId?: string | null;
  tags?: string[];
  /** ISO-8601. */
  created?: string;
  lastUpdated?: string;
  /** Stored in source order, which is not always time order. */
  interactions: Interaction[];
  [customField: string]: unknown;
}

/** CRM-spec Interaction with the seed's extensions. */
export interface Interaction {
  id: string;
  /** ISO-8601. */
  created: string;
  body: string;
  linkUrl?: string;
  serviceId?: string;
  /** The channel: facebook, twitter, email, chat, ... */
  service?: string;
  contentType?: string;
  direction?: 'inbound' | 'outbound';
  kind?: 'message' | 'note' | 'status_change';
  author?: InteractionAuthor;
  attachments?: Attachment[];
}

/** CRM-spec interaction author; `email` and `agentId` are seed-defined, set for agents. */
export interface InteractionAuthor {
  service?: string;
  serviceId?: string;
  handle?: string;
  name?: string;
  brandOwned?: boolean;
  email?: string;
  authorId?: string;
}

/** Care conversation details (real-time messaging), as `GET /api/v2/conversations/{id}`. */
export interface Conversation {
  lswUuid: string;
  displayNumber: number;
  status: 'AVAILABLE' | 'RESPONDED' | 'CLOSED' | string;
  priority?: number;
  createDate: number;
  closeDate?: number;
  assignedToAgent?: AgentRef | Record<string, never>;
  workQueue?: { lswUuid: string; id: number };
  tags?: { creator: { type: 'AGENT' | 'SYSTEM' }; tagId: number; lswUuid?: string }[];
  notes?: { source: string; createDate: number; note: string; agent: AgentRef }[];
  /** Seed-defined channel metadata. */
  channel?: { network: string; networkinstance?: string; [key: string]: unknown };
  /** Person ids taking part. */
  participants?: string[];
  messages: Message[];
  /** Epoch ms of the last change (drives `authors/{id}/conversations`). */
  lastModified: number;
  [key: string]: unknown;
}

/** Care message (document) inside a conversation. */
export interface Message {
  lswUuid: string;
  id?: string;
  network: string;
  networkinstance?: string;
  author: {
    lswUuid: string;
    personId?: string;
    name?: string;
    screenName?: string;
    network?: string;
    brandOwned?: boolean;
    [key: string]: unknown;
  };
  receiveDate: number;
  publishDate?: number;
  postContent?: string;
  text?: string;
  isPrivate?: boolean;
  media?: Attachment[];
  [key: string]: unknown;
}

/** Community structure and TKB articles. */
export interface KnowledgeBase {
  categories: KbCategory[];
  boards: KbBoard[];
  articles: KbArticle[];
  images?: KbImage[];
}

/** Community category (a node); `parentId` builds the tree. */
export interface KbCategory {
  id: string;
  title: string;
  parentId?: string | null;
}

/** Community TKB board (`conversation.style: "tkb"`), placed under a category. */
export interface KbBoard {
  id: string;
  title: string;
  categoryId: string;
}

/** Community v2 TKB message, the shape of a LiQL `messages` item. */
export interface KbArticle {
  id: string;
  subject: string;
  /** HTML, with `<img src="/t5/image/serverpage/...">` and links to other articles. */
  body: string;
  teaser?: string;
  boardId: string;
  /** Seed-defined: Community keeps visibility on nodes; the seed puts it on the article. */
  visibility: 'public' | 'registered' | 'agent-only';
  language: string;
  /** ISO-8601 with offset. */
  post_time: string;
  last_edit_time?: string;
  author?: { id: string; login: string };
  labels?: string[];
  imageIds?: string[];
}

/** A Community image, served under `/t5/image/serverpage/image-id/{id}/...`. */
export interface KbImage {
  /** `{numeric}i{HEX}`, as Community image ids. */
  id: string;
  contentType: string;
  size: number;
  title?: string;
  contentBase64?: string;
}

/** Work queue v1 shape; `numericId` is the `workQueue.id` that conversations reference. */
export interface WorkQueue {
  id: string;
  numericId: number;
  name: string;
  description?: string;
  archived?: boolean;
}

/** Seed-defined Care tag definition (payloads reference tags by `tagId`). */
export interface CareTag {
  tagId: number;
  lswUuid: string;
  name: string;
  color?: string;
}

/** Seed-defined automation rule (inventory only: nothing migrates automatically). */
export interface AutomationRule {
  id: string;
  name: string;
  trigger: string;
  conditions: string[];
  actions: string[];
  enabled: boolean;
}

/** Seed-defined SLA (inventory only). */
export interface Sla {
  id: string;
  name: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  priorities?: number[];
  workQueueIds?: string[];
}

/** The Intercom side, in Intercom's own REST shapes (API 2.16). */
export interface IntercomWorkspace {
  workspace?: { id: string; name?: string; region?: 'us' | 'eu' | 'au' };
  admins?: IntercomAdmin[];
  teams?: { type: 'team'; id: string; name: string; admin_ids: number[] }[];
  brands?: { type: 'brand'; id: string; name: string; is_default?: boolean; created_at?: number; updated_at?: number; help_center_id?: string | null; default_address_settings_id?: string | null }[];
  help_centers?: { type?: 'help_center'; id: string; workspace_id?: string; created_at?: number; updated_at?: number; identifier: string; website_turned_on?: boolean; display_name?: string; locales?: string[] }[];
  contacts?: IntercomContact[];
  tags?: { type: 'tag'; id: string; name: string }[];
  data_attributes?: IntercomDataAttribute[];
  conversation_attributes?: Record<string, unknown>[];
}

/** Intercom admin (read-only through the API). */
export interface IntercomAdmin {
  type: 'admin';
  id: string;
  name: string;
  email: string;
  job_title?: string | null;
  away_mode_enabled?: boolean;
  away_mode_reassign?: boolean;
  has_inbox_seat?: boolean;
  team_ids?: number[];
}

/** Intercom contact as stored before the migration (a subset of the API shape). */
export interface IntercomContact {
  type?: 'contact';
  id: string;
  workspace_id?: string;
  external_id?: string | null;
  role: 'user' | 'lead';
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  created_at?: number;
  updated_at?: number;
  signed_up_at?: number | null;
  last_seen_at?: number | null;
  custom_attributes?: Record<string, unknown>;
  tags?: string[];
}

/** Intercom data attribute (`GET /data_attributes`). */
export interface IntercomDataAttribute {
  type?: 'data_attribute';
  id?: number;
  model: 'contact' | 'company';
  name: string;
  full_name?: string;
  label: string;
  description?: string;
  data_type: 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'datetime';
  options?: string[];
  api_writable?: boolean;
  ui_writable?: boolean;
  custom?: boolean;
  archived?: boolean;
  created_at?: number;
  updated_at?: number;
}
