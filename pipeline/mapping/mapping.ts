/**
 * The field map: the contract of a migration. One YAML file (schema
 * `schemas/mapping.schema.json`) says, for each Khoros object, its Intercom target and, for
 * each field, where it lands, how it converts, whether the conversion loses anything and
 * the default. `map propose` writes it with evidence, a person edits and confirms it
 * (`map confirm`), and import refuses to run without a confirmed map that still matches the
 * staged source.
 *
 * Field paths (`source`) are dotted paths into the staged payload (`email`,
 * `assignedAgent.email`, `properties.plan`); a custom field is its declared name at the top
 * level of the record (CRM spec), e.g. `loyaltyNumber`.
 */

/** The whole file. */
export interface Mapping {
  /** Format version. */
  version: 1;
  /** What the proposal was made against: the staged source profile. */
  source: {
    /** sha256 of the canonical JSON of the source profile (see `SourceProfile`). */
    profileHash: string;
    /** Workspace run that staged the profiled data. */
    runId?: string;
    proposedAt?: string;
  };
  /** Migration-wide policies. */
  policies: MappingPolicies;
  /** One entry per Khoros object of the mission's table. */
  objects: {
    customers: ObjectMap<'contacts'>;
    authors: ObjectMap<'contacts'>;
    agents: AgentMap;
    cases: ObjectMap<'conversations'> & { parts: PartsMap };
    conversations: ObjectMap<'conversations'> & { parts: PartsMap };
    brands: TagOrBrandMap;
    initiatives: TagRuleMap;
    campaigns: TagRuleMap;
    kb_articles: ArticleMap;
    kb_categories: { target: 'collections' };
    kb_boards: { target: 'sections' };
    attachments: { target: 'attachment_files'; maxPerPart: 10 };
  };
}

/** Choices that are not per field. */
export interface MappingPolicies {
  /**
   * A customer without an email: `skip` (recorded in the reconciliation queue), `lead`
   * (created as a lead keyed by external_id), or `placeholder` (a user with
   * `placeholderEmail` where `{id}` is the customer id).
   * @default 'lead'
   */
  noEmail: 'skip' | 'lead' | 'placeholder';
  /** e.g. `khoros-{id}@invalid.example`; required when `noEmail` is `placeholder`. */
  placeholderEmail?: string;
  /** Intercom admin id that takes the parts and assignments of agents with no admin. */
  fallbackAdminId: string;
  /** Prefix of every custom attribute the map creates. @default 'khoros_' */
  attributePrefix: string;
  /** Conversation attribute holding the Khoros case id (import looks writes up by it). @default 'khoros_case_id' */
  caseIdAttribute: string;
}

/** Where one field lands. */
export type FieldTarget =
  /** A standard Intercom field of the target object (`email`, `name`, `phone`, `external_id`, `state`, `priority`, `title`, `created_at`, `admin_assignee_id`, ...). */
  | { standard: string }
  /** A custom attribute: contact data attribute or (2.16) conversation attribute. `create` when the map provisions it. */
  | { attribute: string; dataType: AttributeType; options?: string[]; create: boolean }
  /** Tags named by a rule, e.g. `brand: {value}`. */
  | { tag: string }
  /** Not migrated (say why in `reason`). */
  | { skip: true; reason: string };

/** Intercom attribute data types the map may use (contact: string, integer, float, boolean, date; conversation: string, integer, decimal, boolean, datetime, list). */
export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'date' | 'options';

/** How a value converts. */
export type Conversion =
  | { type: 'string'; maxLength?: number; trim?: boolean }
  | { type: 'integer' }
  | { type: 'float' }
  | { type: 'boolean'; true?: string[]; false?: string[] }
  /** To Unix seconds (Intercom's timestamps); `formats` lists accepted input shapes. */
  | { type: 'date'; formats?: string[] }
  /** Source value → target value; values not listed fail (or take `default`). */
  | { type: 'valueMap'; values: Record<string, string | number | boolean | null> }
  | { type: 'email' }
  | { type: 'html' };

/** One field row. */
export interface FieldMap {
  source: string;
  target: FieldTarget;
  conversion: Conversion;
  /** True when the conversion may lose information (truncation, value maps that merge). */
  lossy: boolean;
  /** Value used when the source is null/absent (null: leave unset). */
  default: string | number | boolean | null;
  /**
   * Added (optional): for a source that holds a list (`phoneNumbers`), the item to convert
   * (0 = the first); absent: the whole value. Lets a row keep `source` a profiled path.
   */
  item?: number;
  /** Evidence from the proposal, kept for the reader (confidence 0..1, reasons). */
  evidence?: { confidence: number; reasons: string[] };
}

/** An object row. */
export interface ObjectMap<T extends string> {
  target: T;
  fields: FieldMap[];
}

/** Conversation parts from interactions (cases) or messages (conversations). */
export interface PartsMap {
  /** Parts are replayed sorted by this, then by `tieBreak`. */
  orderBy: string;
  tieBreak: string;
  /** Source kind → part: `comment` (as contact or admin by direction), `note`, or skip. */
  kinds: Record<string, 'comment' | 'note' | 'skip'>;
}

/** Agents map onto existing admins by email. */
export interface AgentMap {
  target: 'admins';
  match: 'email';
  /** Agent email (lower case) → admin id, as resolved at propose time (evidence; import resolves again). */
  resolved?: Record<string, string | null>;
}

/** Brands: the Intercom brand of the same name, else a tag. */
export interface TagOrBrandMap {
  target: 'brand_or_tag';
  tagRule: string;
}

/** Initiatives and campaigns become tags named by a rule such as `initiative: {name}`. */
export interface TagRuleMap {
  target: 'tags';
  tagRule: string;
}

/** KB articles: `public`/`registered` → article, `agent-only` → internal article. */
export interface ArticleMap {
  target: 'articles';
  visibility: Record<string, 'article' | 'internal_article' | 'skip'>;
  /** Article state for migrated public articles. @default 'published' */
  state: 'draft' | 'published';
  /** Khoros language → Intercom locale (e.g. `EN` → `en`). */
  locales: Record<string, string>;
}
