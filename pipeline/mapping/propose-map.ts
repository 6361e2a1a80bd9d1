/**
 * Proposes a field map from the staged source's profile and the Intercom workspace's
 * catalog: every object of the migration's table, every profiled field with a target, a
 * conversion, a lossy flag and a default, each with its evidence (confidence and reasons).
 * Deterministic: the same profile and catalog give the same map, byte for byte once written.
 *
 * Standard fields follow `standard-rows.ts`; custom fields (and standard ones Intercom has no
 * field for) go through the field proposer (`field-proposer.ts`): customer fields become
 * contact data attributes, case fields conversation attributes.
 */
import type { IntercomCatalog } from './check-map-meaning.ts';
import { convertField } from './convert-value.ts';
import { deterministicProposer, type AttributeModel, type ExistingAttribute, type FieldProposalInput, type FieldProposer } from './field-proposer.ts';
import type { AttributeType, FieldMap, Mapping, MappingPolicies } from './mapping.ts';
import { profileHash } from './profile-source.ts';
import type { FieldProfile, SourceProfile } from './source-profile.ts';
import { PROPOSE_NOTES, ruleFor, STANDARD_RULES, type StandardContext } from './standard-rows.ts';

/** What the proposal reads of the Intercom workspace: the confirm catalog plus its help centers. */
export interface ProposalCatalog extends IntercomCatalog {
  helpCenters: { id: string; locales?: string[]; display_name?: string }[];
}

/** A staged Khoros agent. */
export interface StagedAgent {
  email: string | null;
  name?: string | null;
}

/** Options of `proposeMap`. */
export interface ProposeMapOptions {
  /** Policies to use instead of the defaults (`noEmail: 'lead'`, the first admin, `khoros_`, `khoros_case_id`). */
  policies?: Partial<MappingPolicies>;
  /** Asked first for every attribute row; `undefined` answers fall back to the deterministic proposer. @default none */
  proposer?: FieldProposer;
  /** Recorded in `source.runId`. */
  runId?: string;
  /** Recorded in `source.proposedAt` (left out by default, so the file is reproducible). */
  proposedAt?: string;
}

/** Input of `proposeMap`. */
export interface ProposeMapInput {
  profile: SourceProfile;
  intercom: ProposalCatalog;
  /** Staged agents (`agents` view). */
  agents: readonly StagedAgent[];
  /** Staged Khoros brands (`raw_brands`), to find Intercom brands of the same name. @default [] */
  brands?: readonly { id: string; name: string }[];
  options?: ProposeMapOptions;
}

/** One row of the report. */
export interface ProposalReportField {
  object: string;
  family: string;
  source: string;
  /** The target in words: `standard email`, `attribute khoros_vip (boolean, new)`, `tag "brand: {name}"`, `skip`. */
  target: string;
  dataType?: AttributeType;
  conversion: string;
  lossy: boolean;
  confidence: number;
  reasons: string[];
  custom: boolean;
  declaredType?: string;
  inferredType?: string;
  samples: string[];
  nullRate?: number;
  distinct?: number;
  longest?: number;
  /** Known values (profile failing values, options and samples) that this row's conversion refuses. */
  failing: string[];
}

/** The evidence of a proposal, for `mapping.report.md` and `.json`. */
export interface ProposalReport {
  version: 1;
  profileHash: string;
  runId?: string;
  proposer: string;
  summary: { rows: number; standard: number; existingAttributes: number; newAttributes: number; tags: number; skipped: number; withFailingValues: number };
  fields: ProposalReportField[];
  /** Things a person should look at before confirming. */
  warnings: string[];
}

/** The default policies, given the admins. */
function policiesFor(intercom: ProposalCatalog, given: Partial<MappingPolicies> = {}): MappingPolicies {
  return {
    noEmail: given.noEmail ?? 'lead',
    ...(given.placeholderEmail !== undefined ? { placeholderEmail: given.placeholderEmail } : {}),
    fallbackAdminId: given.fallbackAdminId ?? (intercom.admins[0] ? String(intercom.admins[0].id) : ''),
    attributePrefix: given.attributePrefix ?? 'khoros_',
    caseIdAttribute: given.caseIdAttribute ?? 'khoros_case_id',
  };
}

/** Live, writable custom attributes of a model, in the map's types. */
function existingAttributes(intercom: ProposalCatalog, model: AttributeModel): ExistingAttribute[] {
  if (model === 'contact') {
    return intercom.dataAttributes
      .filter((a) => a.model === 'contact' && a.custom !== false && a.archived !== true && a.api_writable !== false)
      .map((a) => {
        const options = (a.options ?? []).map((o) => (typeof o === 'string' ? o : String((o as { value?: unknown }).value ?? ''))).filter(Boolean);
        const types: Record<string, AttributeType> = { string: 'string', integer: 'integer', float: 'float', boolean: 'boolean', date: 'date', datetime: 'date', options: 'options' };
        const dataType = a.data_type === 'string' && options.length ? 'options' : types[a.data_type] ?? null;
        return { model, name: a.name, ...((a as { label?: string }).label ? { label: (a as { label?: string }).label } : {}), dataType, intercomType: a.data_type, ...(options.length ? { options } : {}) };
      })
      .sort((x, y) => (x.name < y.name ? -1 : 1));
  }
  const types: Record<string, AttributeType> = { string: 'string', integer: 'integer', decimal: 'float', boolean: 'boolean', datetime: 'date', list: 'options' };
  return intercom.conversationAttributes
    .filter((a) => a.archived !== true)
    .map((a) => {
      const options = (a.options ?? []).filter((o) => !o.archived).map((o) => o.label);
      return { model, name: a.name, dataType: types[a.data_type] ?? null, intercomType: a.data_type, ...(options.length ? { options } : {}) };
    })
    .sort((x, y) => (x.name < y.name ? -1 : 1));
}

/** Khoros language → Intercom locale (`EN` → `en`, `pt_br` → `pt-BR`, `zh-tw` → `zh-TW`). */
export function localeOf(language: string): string {
  const [lang, region] = language.trim().replace('_', '-').split('-');
  const base = lang.toLowerCase();
  if (base === 'no') return 'nb';
  if (region && ['pt', 'zh'].includes(base)) return `${base}-${region.toUpperCase()}`;
  return base;
}

const byPath = (fields: readonly FieldProfile[] | undefined) => new Map((fields ?? []).map((f) => [f.path, f]));

/**
 * Proposes the map and its report.
 *
 * @example
 * const { mapping, report } = proposeMap({ profile, intercom: catalog, agents, brands });
 * mapping.objects.customers.fields.find((f) => f.source === 'accountTier')?.target;
 * // { attribute: 'account_tier', dataType: 'options', options: ['bronze', 'silver', 'gold', 'platinum'], create: false }
 */
export function proposeMap(input: ProposeMapInput): { mapping: Mapping; report: ProposalReport } {
  const { profile, intercom } = input;
  const options = input.options ?? {};
  const policies = policiesFor(intercom, options.policies);
  const tagRules = { brands: 'brand: {name}', initiatives: 'initiative: {name}', campaigns: 'campaign: {name}' };
  const warnings: string[] = [];

  const brandIds: Record<string, string | null> = {};
  const intercomBrands = new Map(intercom.brands.map((b) => [b.name.trim().toLowerCase(), String(b.id)]));
  for (const brand of [...(input.brands ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1))) brandIds[brand.id] = intercomBrands.get(brand.name.trim().toLowerCase()) ?? null;
  const unbranded = Object.entries(brandIds).filter(([, v]) => v === null).map(([k]) => k);
  if (unbranded.length) warnings.push(`${unbranded.length} Khoros brand${unbranded.length > 1 ? 's have' : ' has'} no Intercom brand of the same name and become${unbranded.length > 1 ? '' : 's'} tags ("${tagRules.brands}"): ${unbranded.join(', ')}`);

  const context: StandardContext = {
    policies, brandIds, tagRules,
    conversationAttributes: new Set(intercom.conversationAttributes.filter((a) => !a.archived).map((a) => a.name.toLowerCase())),
  };
  const existing = { contact: existingAttributes(intercom, 'contact'), conversation: existingAttributes(intercom, 'conversation') };
  // Names a new attribute may not take: every Intercom name of the model's namespace, archived included.
  const taken = {
    contact: new Set(intercom.dataAttributes.flatMap((a) => [a.name, a.full_name ?? a.name].map((n) => n.toLowerCase()))),
    conversation: new Set(intercom.conversationAttributes.map((a) => a.name.toLowerCase())),
  };
  const claimed = { contact: new Set<string>(), conversation: new Set<string>() };
  const proposers = [options.proposer, deterministicProposer].filter((p): p is FieldProposer => p !== undefined);

  const reportRows: ProposalReportField[] = [];
  const objectRows = (object: keyof typeof STANDARD_RULES, family: string, model: AttributeModel, unknown: 'propose' | 'skip'): FieldMap[] => {
    const rows: FieldMap[] = [];
    for (const field of profile.families[family] ?? []) {
      const rule = ruleFor(object, field.path);
      let fieldRow: FieldMap;
      if (rule === 'propose' || (rule === undefined && (field.custom || unknown === 'propose'))) {
        const proposalInput: FieldProposalInput = {
          object: object as FieldProposalInput['object'], model, field, existing: existing[model], taken: taken[model], claimed: claimed[model], policies,
        };
        fieldRow = proposers.map((p) => p.propose(proposalInput)).find((r) => r !== undefined)!;
        const note = PROPOSE_NOTES[`${object}.${field.path}`];
        if (note && fieldRow.evidence) fieldRow = { ...fieldRow, evidence: { ...fieldRow.evidence, reasons: [note, ...fieldRow.evidence.reasons] } };
        if (!field.custom && fieldRow.evidence && !note) {
          fieldRow = { ...fieldRow, evidence: { confidence: Math.min(fieldRow.evidence.confidence, 0.7), reasons: ['not a declared custom field and no standard Intercom field', ...fieldRow.evidence.reasons] } };
        }
      } else if (rule === undefined) {
        fieldRow = { source: field.path, target: { skip: true, reason: 'no Intercom counterpart proposed; map it by hand if it matters' }, conversion: { type: 'string' }, lossy: false, default: null,
          evidence: { confidence: 0.6, reasons: ['no rule for this field of the Khoros object'] } };
      } else {
        const made = rule(field, context);
        fieldRow = { source: made.source ?? field.path, ...made };
        fieldRow = { source: fieldRow.source, target: fieldRow.target, conversion: fieldRow.conversion, lossy: fieldRow.lossy, default: fieldRow.default,
          ...(fieldRow.item !== undefined ? { item: fieldRow.item } : {}), ...(fieldRow.evidence ? { evidence: fieldRow.evidence } : {}) };
      }
      if ('attribute' in fieldRow.target) {
        const name = fieldRow.target.attribute.toLowerCase();
        taken[model].add(name);
        if (!fieldRow.target.create) claimed[model].add(name);
        else if (!existing[model].some((a) => a.name.toLowerCase() === name)) {
          existing[model].push({ model, name: fieldRow.target.attribute, dataType: fieldRow.target.dataType, intercomType: 'planned',
            planned: { object, source: field.path, target: fieldRow.target } });
        }
      }
      rows.push(fieldRow);
      reportRows.push(reportField(object, family, fieldRow, field));
    }
    return rows;
  };

  const customers = objectRows('customers', 'customers', 'contact', 'propose');
  const authors = objectRows('authors', 'authors', 'contact', 'skip');
  const cases = objectRows('cases', 'cases', 'conversation', 'propose');
  const conversations = objectRows('conversations', 'conversations', 'conversation', 'skip');

  // Agents → admins by email, case-insensitively.
  const admins = new Map(intercom.admins.filter((a) => a.email).map((a) => [a.email!.trim().toLowerCase(), String(a.id)]));
  const resolved: Record<string, string | null> = {};
  for (const email of [...new Set(input.agents.map((a) => a.email?.trim().toLowerCase()).filter((e): e is string => !!e))].sort()) resolved[email] = admins.get(email) ?? null;
  const orphans = Object.entries(resolved).filter(([, id]) => id === null).map(([email]) => email);
  if (orphans.length) warnings.push(`${orphans.length} agent${orphans.length > 1 ? 's have' : ' has'} no Intercom admin with the same email; their conversations go to policies.fallbackAdminId (${policies.fallbackAdminId || 'not set'}): ${orphans.join(', ')}`);
  if (!policies.fallbackAdminId) warnings.push('the Intercom workspace lists no admin: set policies.fallbackAdminId by hand');

  const interactions = byPath(profile.families.interactions);
  const kinds: Record<string, 'comment' | 'note' | 'skip'> = { message: 'comment', note: 'note', status_change: 'note' };
  for (const kind of interactions.get('kind')?.options ?? interactions.get('kind')?.samples ?? []) if (!Object.hasOwn(kinds, kind)) kinds[kind] = 'note';

  const articles = byPath(profile.families.kb_articles);
  const visibility: Record<string, 'article' | 'internal_article' | 'skip'> = { public: 'article', registered: 'article', 'agent-only': 'internal_article' };
  for (const v of articles.get('visibility')?.options ?? articles.get('visibility')?.samples ?? []) if (!Object.hasOwn(visibility, v)) visibility[v] = 'skip';
  const locales: Record<string, string> = {};
  for (const language of [...(articles.get('language')?.options ?? articles.get('language')?.samples ?? [])].sort()) locales[language] = localeOf(language);
  const enabled = new Set(intercom.helpCenters.flatMap((h) => h.locales ?? []));
  const missingLocales = [...new Set(Object.values(locales))].filter((l) => enabled.size && !enabled.has(l));
  if (missingLocales.length) warnings.push(`article locales not enabled on the help center (enable them in Intercom, or map them to an enabled one in objects.kb_articles.locales): ${missingLocales.join(', ')}`);

  const email = byPath(profile.families.customers).get('email');
  if (email && email.nullRate > 0) warnings.push(`${Math.round(email.nullRate * email.rows)} customers have no email: policies.noEmail is ${policies.noEmail}`);
  for (const row of reportRows) {
    if (row.failing.length) warnings.push(`${row.object}.${row.source}: ${row.failing.length >= 20 ? '20+' : row.failing.length} value${row.failing.length > 1 ? 's' : ''} will be quarantined at import (${row.failing.slice(0, 3).map((v) => JSON.stringify(v)).join(', ')})`);
  }

  const mapping: Mapping = {
    version: 1,
    source: { profileHash: profileHash(profile), ...(options.runId ? { runId: options.runId } : {}), ...(options.proposedAt ? { proposedAt: options.proposedAt } : {}) },
    policies,
    objects: {
      customers: { target: 'contacts', fields: customers },
      authors: { target: 'contacts', fields: authors },
      agents: { target: 'admins', match: 'email', resolved },
      cases: { target: 'conversations', fields: cases, parts: { orderBy: 'created', tieBreak: 'id', kinds } },
      // Care `isPrivate` marks a direct message, not an internal note (those are `notes[]`): a comment.
      conversations: { target: 'conversations', fields: conversations, parts: { orderBy: 'receiveDate', tieBreak: 'lswUuid', kinds: { public: 'comment', private: 'comment', note: 'note' } } },
      brands: { target: 'brand_or_tag', tagRule: tagRules.brands },
      initiatives: { target: 'tags', tagRule: tagRules.initiatives },
      campaigns: { target: 'tags', tagRule: tagRules.campaigns },
      kb_articles: { target: 'articles', visibility, state: 'published', locales },
      kb_categories: { target: 'collections' },
      kb_boards: { target: 'sections' },
      attachments: { target: 'attachment_files', maxPerPart: 10 },
    },
  };
  const count = (test: (f: FieldMap) => boolean) => [customers, authors, cases, conversations].flat().filter(test).length;
  const report: ProposalReport = {
    version: 1,
    profileHash: mapping.source.profileHash,
    ...(options.runId ? { runId: options.runId } : {}),
    proposer: proposers.map((p) => p.name).join(' → '),
    summary: {
      rows: reportRows.length,
      standard: count((f) => 'standard' in f.target),
      existingAttributes: count((f) => 'attribute' in f.target && !f.target.create),
      newAttributes: count((f) => 'attribute' in f.target && f.target.create),
      tags: count((f) => 'tag' in f.target),
      skipped: count((f) => 'skip' in f.target),
      withFailingValues: reportRows.filter((r) => r.failing.length).length,
    },
    fields: reportRows,
    warnings,
  };
  return { mapping, report };
}

/** The target in words. */
export function describeTarget(row: FieldMap): string {
  const t = row.target;
  if ('standard' in t) return `standard ${t.standard}`;
  if ('attribute' in t) return `attribute ${t.attribute} (${t.dataType}, ${t.create ? 'new' : 'existing'})`;
  if ('tag' in t) return `tag "${t.tag}"`;
  return 'skip';
}

/** The conversion in words. */
function describeConversion(row: FieldMap): string {
  const c = row.conversion;
  const item = row.item !== undefined ? ` of item ${row.item}` : '';
  if (c.type === 'valueMap') return `valueMap${item} (${Object.keys(c.values).length} values)`;
  if (c.type === 'date' && c.formats) return `date${item} (${c.formats.join(', ')})`;
  return `${c.type}${item}`;
}

/** The profile's known values as the record would hold them (the profile keeps text). */
function asValue(text: string, row: FieldMap, field: FieldProfile): unknown {
  if (row.item !== undefined || ['integer', 'float', 'boolean'].includes(field.inferredType)) {
    try { return JSON.parse(text); } catch { return text; }
  }
  return text;
}

function reportField(object: string, family: string, row: FieldMap, field: FieldProfile): ProposalReportField {
  const known = [...new Set([...field.failing, ...(field.options ?? []), ...field.samples])];
  const failing = 'skip' in row.target || 'tag' in row.target ? [] : known.filter((v) => !convertField(row, asValue(v, row, field)).ok);
  return {
    object, family, source: row.source, target: describeTarget(row),
    ...('attribute' in row.target ? { dataType: row.target.dataType } : {}),
    conversion: describeConversion(row), lossy: row.lossy,
    confidence: row.evidence?.confidence ?? 1, reasons: row.evidence?.reasons ?? [],
    custom: field.custom, ...(field.declaredType ? { declaredType: field.declaredType } : {}), inferredType: field.inferredType,
    samples: field.samples, nullRate: field.nullRate, distinct: field.distinct, longest: field.longest, failing,
  };
}

/**
 * What the field proposer will be asked, field by field, for a proposer's `prepare` (an LLM
 * proposer batches its questions). Runs the deterministic proposal and records the questions.
 *
 * @example
 * await proposer.prepare?.(fieldProposalInputs({ profile, intercom, agents }));
 */
export function fieldProposalInputs(input: ProposeMapInput): FieldProposalInput[] {
  const asked: FieldProposalInput[] = [];
  const recorder: FieldProposer = {
    name: 'recorder',
    propose: (question) => {
      asked.push({ ...question, existing: [...question.existing], taken: new Set(question.taken), claimed: new Set(question.claimed) });
      return undefined;
    },
  };
  proposeMap({ ...input, options: { ...input.options, proposer: recorder } });
  return asked;
}
