/**
 * The pre-flight of Intercom's limits: every rule as data (id, description, where the
 * limit comes from, what it applies to, the action the transforms take, and its check),
 * and `preflight`, which runs the rules on one subject and returns its findings. Nothing
 * over a limit is dropped silently: each rule names an action, and the transforms carry it
 * out and put the same findings beside the payloads.
 *
 * Subjects: a contact (a customer with its evaluated fields), a conversation (a draft of a
 * case or a Care conversation), a KB article, or the map itself (checked once, before
 * provisioning). The transforms build the subject and call `preflight` themselves.
 */
import type { Author, Customer } from '../../simulators/dataset/types.ts';
import type { Mapping } from '../mapping/mapping.ts';
import { attributeNameProblem } from './attribute-name-problem.ts';
import { isBlankBody } from './blank-body.ts';
import { containsHtml } from './contains-html.ts';
import { containsUnsafeHtml } from './contains-unsafe-html.ts';
import type { ConversationDraft } from './conversation-draft.ts';
import { conversationOutcome } from './conversation-outcome.ts';
import { evaluateFields, type EvaluatedField } from './evaluate-fields.ts';
import { findingCollector } from './finding-collector.ts';
import type { Finding } from './findings.ts';
import type { Lookups } from './lookups.ts';
import { MAX_FILES_PER_PART, MAX_PARTS, planParts } from './plan-parts.ts';
import { noEmailAction } from './no-email-action.ts';
import { conversationTags } from './conversation-tags.ts';
import { resolveAdmin } from './resolve-admin.ts';
import type { RewrittenBody } from './rewrite-article-body.ts';
import type { StagedKbArticle } from './staged-article.ts';

/** What a rule looks at. */
export type PreflightSubject =
  | {
      kind: 'contact';
      customer: Customer;
      /** The customer's and its authors' rows, evaluated. */
      fields: EvaluatedField[];
      /** The email the contact would get (null: none usable). */
      email: string | null;
      /** All authors linked to the customer, and those used for enrichment (live ones). */
      authors: readonly Author[];
      enrichedFrom: readonly Author[];
    }
  | { kind: 'conversation'; draft: ConversationDraft }
  | {
      kind: 'article';
      article: StagedKbArticle;
      /** The rewritten body (`rewriteArticleBody`). */
      body: RewrittenBody;
      /** Where the map sends it, and the locale it gets. */
      target: 'article' | 'internal_article' | 'skip';
      locale: { value: string; mapped: boolean; enabled: boolean };
      /** Admin id of the author, or the fallback. */
      author: { adminId: string; fallback: boolean; agentEmail: string | null };
      parentFound: boolean;
    }
  | { kind: 'mapping'; mapping: Mapping };

/** Everything a check may read. */
export interface PreflightContext {
  mapping: Mapping;
  lookups: Lookups;
  /** Unix seconds "now", for snoozes; absent: conversations are not snoozed. */
  now?: number;
}

/** One occurrence found by a check; `action` overrides the rule's (policy-dependent rules). */
export interface Occurrence {
  detail: string;
  ref?: string;
  action?: string;
}

/** A rule. */
export interface PreflightRule {
  id: string;
  description: string;
  /** Where the limit or the behaviour comes from. */
  source: string;
  appliesTo: readonly PreflightSubject['kind'][];
  /** What the transforms do. */
  action: string;
  check(subject: PreflightSubject, context: PreflightContext): Occurrence[];
}

type Of<K extends PreflightSubject['kind']> = Extract<PreflightSubject, { kind: K }>;

/** A check that only reads subjects of the given kinds. */
function on<K extends PreflightSubject['kind']>(kinds: readonly K[], check: (s: Of<K>, c: PreflightContext) => Occurrence[]) {
  return (subject: PreflightSubject, context: PreflightContext): Occurrence[] =>
    (kinds as readonly string[]).includes(subject.kind) ? check(subject as Of<K>, context) : [];
}

const fieldsOf = (s: PreflightSubject): EvaluatedField[] => (s.kind === 'contact' ? s.fields : s.kind === 'conversation' ? s.draft.fields : []);

/** Every row of the map that writes an Intercom object, with the object it writes. */
function mapRows(mapping: Mapping): { family: string; object: 'contact' | 'conversation'; fields: EvaluatedField[] }[] {
  const objects = mapping?.objects;
  const families = [
    ['customers', 'contact'], ['authors', 'contact'], ['cases', 'conversation'], ['conversations', 'conversation'],
  ] as const;
  return families.map(([family, object]) => ({ family, object, fields: evaluateFields({}, objects?.[family]?.fields ?? [], object) }));
}

/** The rules, in the order their findings are listed. */
export const PREFLIGHT_RULES: readonly PreflightRule[] = [
  {
    id: 'customer-without-email',
    description: 'A customer with no usable email: Intercom identifies users by email; the map\'s `policies.noEmail` decides.',
    source: 'mission brief; policies.noEmail',
    appliesTo: ['contact'],
    action: 'skip | lead | placeholder (policies.noEmail; always queued for reconciliation)',
    check: on(['contact'], (s, c) => {
      if (s.email !== null) return [];
      const raw = s.customer?.email;
      const id = String(s.customer?.id ?? '');
      const why = raw === null || raw === undefined || raw === '' ? 'has no email' : `has an email that does not convert (${JSON.stringify(String(raw)).slice(0, 80)})`;
      const action = noEmailAction(c.mapping, id);
      const placeholder = c.mapping?.policies?.noEmail === 'placeholder' && action === 'skip' ? '; the placeholder template gives no email address' : '';
      return [{ detail: `customer ${id} ${why}${placeholder}`, ref: id, action }];
    }),
  },
  {
    id: 'authors-not-live',
    description: 'Every Care author linked to the customer is deleted or merged away: nothing enriches the contact.',
    source: 'our rule (Care marks deleted and merged Persons)',
    appliesTo: ['contact'],
    action: 'no-enrichment',
    check: on(['contact'], (s) => (s.authors.length > 0 && s.enrichedFrom.length === 0
      ? [{ detail: `the ${s.authors.length} authors of customer ${s.customer?.id} are deleted or merged`, ref: String(s.customer?.id) }]
      : [])),
  },
  {
    id: 'source-id-invalid',
    description: 'A customer whose external id is blank or over 255 characters, or a case or conversation id over 255 characters: the import keys its writes on these ids.',
    source: 'our rule (ids are written as text attributes and external ids)',
    appliesTo: ['contact', 'conversation'],
    action: 'queue (nothing written)',
    check: (s) => {
      const tooLong = (id: string) => id === '' || [...id].length > 255;
      if (s.kind === 'conversation') return s.draft.sourceKey !== null && [...s.draft.sourceKey].length > 255 ? [{ detail: `${s.draft.source.family} id is over 255 characters`, ref: s.draft.source.id.slice(0, 80) }] : [];
      if (s.kind !== 'contact') return [];
      const mapped = s.fields.find((f) => f.target === 'standard' && f.name === 'external_id' && f.status === 'value')?.value;
      const key = typeof mapped === 'string' ? mapped : String(s.customer?.id ?? '');
      return tooLong(key) ? [{ detail: `external id ${JSON.stringify(key.slice(0, 40))} is blank or over 255 characters`, ref: key.slice(0, 80) }] : [];
    },
  },
  {
    id: 'contact-unresolved',
    description: 'The conversation\'s customer has no Intercom contact (not written, skipped by the no-email policy, or not linked): no conversation can be opened for it.',
    source: '2.16 create_conversation_request: `from` is required (404 "User Not Found" otherwise)',
    appliesTo: ['conversation'],
    action: 'queue',
    check: on(['conversation'], (s, c) => {
      const id = s.draft.customerId;
      if (id !== null && c.lookups.contactByCustomer.has(id)) return [];
      return [{ detail: id === null ? 'no customer is linked to the conversation' : `customer ${id} has no Intercom contact`, ref: id ?? s.draft.source.id }];
    }),
  },
  {
    id: 'conversation-without-opening-message',
    description: 'No contact message opens the conversation (a case without interactions, or one whose first item is an agent reply or a note): `POST /conversations` only creates contact-initiated conversations.',
    source: '2.16 createConversation; intercom-api.md §5',
    appliesTo: ['conversation'],
    action: 'synthetic-opening (the contact "opens" with the case title and description at the creation time; everything else stays a part)',
    check: on(['conversation'], (s) => {
      const first = s.draft.items[0];
      if (first && first.author === 'contact' && first.kind === 'comment') return [];
      return [{ detail: first ? `the first item (${first.sourceId}) is an agent ${first.kind}` : `${s.draft.source.family} ${s.draft.source.id} has no interactions`, ref: s.draft.source.id }];
    }),
  },
  {
    id: 'parts-over-500',
    description: 'More than 500 parts: Intercom returns at most the 500 most recent parts of a conversation, so the rest could not be read back.',
    source: '2.16 retrieveConversation ("at most 500 conversation parts")',
    appliesTo: ['conversation'],
    action: 'fold-into-transcript-notes (the oldest replies, in order, become admin notes of up to 50 messages and 10 files each)',
    check: on(['conversation'], (s, c) => {
      const plan = planParts(s.draft, conversationOutcome(s.draft, c.now).managementParts);
      if (plan.unfoldedTotal <= MAX_PARTS) return [];
      return [{ detail: `${plan.unfoldedTotal} parts: the oldest ${plan.folded} replies fold into transcript notes (${plan.total} parts)`, ref: s.draft.source.id }];
    }),
  },
  {
    id: 'attachments-over-10',
    description: 'More than 10 files on one message: a reply takes at most 10 `attachment_files`.',
    source: '2.16 admin_reply_conversation_request.attachment_files maxItems 10',
    appliesTo: ['conversation'],
    action: 'split-part (continuation parts by the same author at the same time carry the rest, 10 each)',
    check: on(['conversation'], (s) =>
      s.draft.items.filter((i) => i.attachments.length > MAX_FILES_PER_PART)
        .map((i) => ({ detail: `${i.sourceId} has ${i.attachments.length} files`, ref: i.sourceId }))),
  },
  {
    id: 'attachments-on-opening-message',
    description: 'Files on the opening message: `POST /conversations` takes no files.',
    source: '2.16 create_conversation_request (no attachment_files)',
    appliesTo: ['conversation'],
    action: 'move-to-contact-reply (a contact reply at the same time carries them)',
    check: on(['conversation'], (s) => {
      const first = s.draft.items[0];
      if (!first || first.author !== 'contact' || first.kind !== 'comment' || first.attachments.length === 0) return [];
      return [{ detail: `${first.sourceId} opens the conversation with ${first.attachments.length} files`, ref: first.sourceId }];
    }),
  },
  {
    id: 'html-in-plain-text',
    description: 'HTML where Intercom takes plain text: the opening message ("HTML is not supported"), contact replies, titles, names, attribute values, tag names.',
    source: '2.16 create_conversation_request.body; contact_reply_base_request.body ("The text body")',
    appliesTo: ['contact', 'conversation', 'article'],
    action: 'strip-to-text (blocks become lines, links keep their address)',
    check: (s) => {
      const out: Occurrence[] = fieldsOf(s).filter((f) => f.htmlStripped).map((f) => ({ detail: `${f.row.source} holds HTML`, ref: f.row.source }));
      if (s.kind === 'conversation') {
        for (const item of s.draft.items) {
          if (item.author === 'contact' && item.kind === 'comment' && containsHtml(item.body)) out.push({ detail: `contact message ${item.sourceId} is HTML`, ref: item.sourceId });
        }
        const first = s.draft.items[0];
        const synthetic = !first || first.author !== 'contact' || first.kind !== 'comment';
        if (synthetic && containsHtml(s.draft.openingText)) out.push({ detail: 'the opening text (case title and description) is HTML', ref: s.draft.source.id });
      }
      if (s.kind === 'article' && typeof s.article?.subject === 'string' && containsHtml(s.article.subject)) out.push({ detail: 'the article subject is HTML', ref: s.article.id });
      return out;
    },
  },
  {
    id: 'unsafe-html',
    description: 'Scripts, event handlers, `javascript:` URLs or embedded SVG in a body.',
    source: 'our rule (Intercom publishes no HTML allow-list); the simulator\'s html-rules.ts',
    appliesTo: ['conversation', 'article'],
    action: 'sanitize (removed with their content; the text around them stays)',
    check: (s) => {
      if (s.kind === 'article') return s.body.unsafe ? [{ detail: `article ${s.article.id} holds active content`, ref: s.article.id }] : [];
      if (s.kind !== 'conversation') return [];
      return s.draft.items.filter((i) => containsUnsafeHtml(i.body)).map((i) => ({ detail: `${i.sourceId} holds active content`, ref: i.sourceId }));
    },
  },
  {
    id: 'empty-body',
    description: 'A message with no text once cleaned: Intercom requires a body on comments and notes.',
    source: '2.16 admin_reply_conversation_request.body ("Must be present for comment and note")',
    appliesTo: ['conversation'],
    action: 'placeholder-body ("(no text)", or the file names when it carries files)',
    check: on(['conversation'], (s) => s.draft.items.filter((i) => isBlankBody(i.body)).map((i) => ({ detail: `${i.sourceId} has no text`, ref: i.sourceId }))),
  },
  {
    id: 'admin-missing',
    description: 'An agent with no Intercom admin (admins cannot be created through the API), or an item with no agent at all.',
    source: 'intercom-api.md §4 (no POST /admins)',
    appliesTo: ['conversation', 'article'],
    action: 'fallback-admin (policies.fallbackAdminId takes the part, note, assignment or article)',
    check: (s, c) => {
      if (s.kind === 'article') return s.author.fallback ? [{ detail: `author ${s.article.author?.id ?? '(none)'} ${s.author.agentEmail ? `(${s.author.agentEmail}) ` : ''}has no admin`, ref: s.article.id }] : [];
      if (s.kind !== 'conversation') return [];
      const out: Occurrence[] = [];
      for (const item of s.draft.items) {
        if (item.author !== 'admin') continue;
        if (!resolveAdmin(item.agentEmail, c.lookups).fallback) continue;
        out.push({ detail: item.agentEmail ? `agent ${item.agentEmail} has no admin` : `${item.sourceId} names no agent`, ref: item.sourceId });
      }
      const assignee = conversationOutcome(s.draft, c.now).assignee;
      if (assignee && !/^\d+$/.test(assignee) && resolveAdmin(assignee, c.lookups).fallback) out.push({ detail: `assignee ${assignee} has no admin`, ref: assignee });
      return out;
    },
  },
  {
    id: 'attribute-name-invalid',
    description: 'A custom attribute name Intercom refuses ("must only contain alphanumeric characters, currency symbols, and hyphens").',
    source: '2.16 createDataAttribute 400 example; simulator data-attributes.ts',
    appliesTo: ['contact', 'conversation', 'mapping'],
    action: 'skip-field (the value is not written; fix the map before provisioning)',
    check: (s, c) => {
      const policy = c.mapping?.policies?.caseIdAttribute;
      const problem = attributeNameProblem(policy);
      const policyProblem = problem ? [{ detail: `policies.caseIdAttribute ${JSON.stringify(policy)} ${problem}`, ref: String(policy) }] : [];
      if (s.kind !== 'mapping') {
        const rows = fieldsOf(s).filter((f) => f.status === 'invalid-name').map((f) => ({ detail: f.reason ?? f.name, ref: f.name }));
        return s.kind === 'conversation' && s.draft.sourceKey !== null ? [...rows, ...policyProblem] : rows;
      }
      const out = mapRows(s.mapping).flatMap(({ family, fields }) =>
        fields.filter((f) => f.status === 'invalid-name').map((f) => ({ detail: `${family}.${f.row.source}: ${f.reason}`, ref: f.name })));
      return [...out, ...policyProblem];
    },
  },
  {
    id: 'attribute-value-too-long',
    description: 'A text attribute value over 255 characters.',
    source: 'Intercom custom data guidance (255 characters for string attributes; second-hand, not in the 2.16 description)',
    appliesTo: ['contact', 'conversation'],
    action: 'truncate (to 255 characters)',
    check: (s) => fieldsOf(s).filter((f) => f.truncated).map((f) => ({ detail: `${f.row.source} is longer than 255 characters`, ref: f.row.source })),
  },
  {
    id: 'standard-field-unsupported',
    description: 'The map targets a standard field the object cannot take through the API (e.g. conversation `priority`, which 2.16 update_conversation_request lacks).',
    source: '2.16 create/update contact and conversation request schemas',
    appliesTo: ['contact', 'conversation', 'mapping'],
    action: 'skip-field',
    check: (s) => {
      if (s.kind !== 'mapping') return fieldsOf(s).filter((f) => f.status === 'unsupported').map((f) => ({ detail: f.reason ?? f.name, ref: f.name }));
      return mapRows(s.mapping).flatMap(({ family, fields }) =>
        fields.filter((f) => f.status === 'unsupported').map((f) => ({ detail: `${family}.${f.row.source}: ${f.reason}`, ref: f.name })));
    },
  },
  {
    id: 'fallback-admin-invalid',
    description: 'The fallback admin id is not an Intercom admin id (digits): every part, note, assignment and article without its own admin would be refused.',
    source: '2.16 admin ids; articles take an integer author_id',
    appliesTo: ['mapping'],
    action: 'stop (fix policies.fallbackAdminId before importing)',
    check: on(['mapping'], (_s, c) => (/^\d+$/.test(String(c.lookups?.fallbackAdminId ?? ''))
      ? []
      : [{ detail: `fallback admin ${JSON.stringify(c.lookups?.fallbackAdminId)} is not an admin id`, ref: String(c.lookups?.fallbackAdminId) }])),
  },
  {
    id: 'snooze-needs-time',
    description: 'The map snoozes the conversation but no "now" was given: `snoozed_until` must be in the future.',
    source: '2.16 snooze_conversation_request',
    appliesTo: ['conversation'],
    action: 'leave-open',
    check: on(['conversation'], (s, c) => (conversationOutcome(s.draft, c.now).state === 'snoozed' && c.now === undefined ? [{ detail: 'snoozed without a time', ref: s.draft.source.id }] : [])),
  },
  {
    id: 'tag-unprovisioned',
    description: 'A tag the map names has no Intercom id yet (tags are created in provisioning).',
    source: '2.16 attachTagToConversation (`id` and `admin_id` required)',
    appliesTo: ['conversation'],
    action: 'tag-after-provisioning (the tag is listed without a request)',
    check: on(['conversation'], (s, c) => conversationTags(s.draft).filter((t) => !c.lookups.tagIdByName.has(t.toLowerCase())).map((t) => ({ detail: `tag "${t}" is not provisioned`, ref: t }))),
  },
  {
    id: 'name-unresolved',
    description: 'A brand, initiative or campaign id with no name in the staged data: no tag can be named for it.',
    source: 'our rule',
    appliesTo: ['conversation'],
    action: 'skip-tag',
    check: on(['conversation'], (s) => s.draft.unresolvedNames.map((n) => ({ detail: `${n} has no name`, ref: n }))),
  },
  {
    id: 'part-skipped-by-map',
    description: 'Items whose kind the map skips (`parts.kinds`: skip).',
    source: 'the confirmed map',
    appliesTo: ['conversation'],
    action: 'skip',
    check: on(['conversation'], (s) => s.draft.skippedItems.map((id) => ({ detail: `${id} is of a kind the map skips`, ref: id }))),
  },
  {
    id: 'kind-unmapped',
    description: 'Items of a kind the map does not list.',
    source: 'the confirmed map',
    appliesTo: ['conversation'],
    action: 'note (kept as an internal note)',
    check: on(['conversation'], (s) => s.draft.unmappedKinds.map((id) => ({ detail: `${id} is of a kind the map does not list`, ref: id }))),
  },
  {
    id: 'article-visibility-unknown',
    description: 'An article visibility the map does not list.',
    source: 'schemas/khoros/kb-article.json ("an unknown value is for the mapping to treat as the most restrictive")',
    appliesTo: ['article'],
    action: 'internal-article',
    check: on(['article'], (s, c) => {
      const visibility = String(s.article.visibility ?? '');
      return Object.hasOwn(c.mapping?.objects?.kb_articles?.visibility ?? {}, visibility) ? [] : [{ detail: `visibility ${JSON.stringify(visibility)} is not in the map`, ref: s.article.id }];
    }),
  },
  {
    id: 'article-audience-widened',
    description: 'A `registered` (signed-in members only) article becomes a help-center article, which the API cannot restrict to an audience it does not know.',
    source: '2.16 create_article_request.audience_ids (unknown ids answer 404)',
    appliesTo: ['article'],
    action: 'publish-as-mapped',
    check: on(['article'], (s) => (s.article.visibility === 'registered' && s.target === 'article' ? [{ detail: `article ${s.article.id} was for registered members`, ref: s.article.id }] : [])),
  },
  {
    id: 'locale-unmapped',
    description: 'An article language with no Intercom locale, or a locale the help center has not enabled.',
    source: '2.16 article_translated_content locales; "Unknown locale" 400s',
    appliesTo: ['article'],
    action: 'default-locale',
    check: on(['article'], (s) => (s.locale.mapped && s.locale.enabled ? [] : [{ detail: `language ${JSON.stringify(s.article.language ?? '')} ${s.locale.mapped ? 'is not enabled on the help center' : 'has no Intercom locale'}`, ref: s.article.id }])),
  },
  {
    id: 'image-unresolved',
    description: 'A Community image with no hosted copy.',
    source: 'intercom-api.md §6 (article images are plain URLs; nothing re-hosts them)',
    appliesTo: ['article'],
    action: 'leave-and-record (the src stays; rerun once the image is hosted)',
    check: on(['article'], (s) => s.body.images.filter((i) => i.url === null).map((i) => ({ detail: `image ${i.id} is not hosted`, ref: i.id }))),
  },
  {
    id: 'article-link-pending',
    description: 'A link to a Khoros article not migrated yet.',
    source: 'our rule',
    appliesTo: ['article'],
    action: 'second-pass (rewritten once every article exists)',
    check: on(['article'], (s) => s.body.links.filter((l) => l.url === null).map((l) => ({ detail: `link to article ${l.id} waits for a second pass`, ref: l.id }))),
  },
  {
    id: 'article-parent-unresolved',
    description: 'The article\'s board has no Intercom collection or section yet.',
    source: 'our rule',
    appliesTo: ['article'],
    action: 'stand-alone (created without a parent)',
    check: on(['article'], (s) => (s.parentFound ? [] : [{ detail: `board ${s.article.board?.id ?? s.article.boardId ?? '(none)'} has no collection`, ref: s.article.id }])),
  },
];

/**
 * The findings of every rule that applies to `subject`, one per rule and action with its
 * occurrences merged. Never throws: a check that throws becomes a `preflight-error`
 * finding naming the rule.
 *
 * @example
 * preflight({ kind: 'mapping', mapping }, { mapping, lookups });
 * // [{ rule: 'attribute-name-invalid', action: 'skip-field', detail: 'cases.orderNumber: attribute name "order.number" may only hold …', refs: ['order.number'], count: 1 }]
 */
export function preflight(subject: PreflightSubject, context: PreflightContext): Finding[] {
  const findings = findingCollector();
  for (const rule of PREFLIGHT_RULES) {
    if (!rule.appliesTo.includes(subject.kind)) continue;
    let occurrences: Occurrence[];
    try {
      occurrences = rule.check(subject, context);
    } catch (error) {
      findings.add('preflight-error', 'review', `rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`, rule.id);
      continue;
    }
    for (const o of occurrences) findings.add(rule.id, o.action ?? rule.action.split(' ')[0], o.detail, o.ref);
  }
  return findings.list();
}
