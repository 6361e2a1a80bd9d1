/**
 * Proposes the row of one field that becomes a custom attribute (every declared custom
 * field, and the profile fields that have no standard Intercom counterpart): an existing
 * Intercom attribute when its name is close and its type takes the values, else a new
 * attribute named `{attributePrefix}{snake_case}` with a type every valid value converts to.
 *
 * `FieldProposer` is the pluggable step. The default, `deterministicProposer`, needs no
 * network and gives the same answer for the same input. A language-model proposer can
 * implement the same interface (see `load-proposer.ts`): it is off unless configured, may
 * ask its model for every field at once in `prepare`, and answers `undefined` for a field
 * to leave it to the deterministic one.
 */
import { nameSimilarity, newAttributeName, snakeCase } from './attribute-name.ts';
import type { AttributeType, Conversion, FieldMap, FieldTarget, MappingPolicies } from './mapping.ts';
import type { FieldProfile } from './source-profile.ts';

/** The Intercom model an attribute belongs to. */
export type AttributeModel = 'contact' | 'conversation';

/** An Intercom attribute a field may land in, in the map's terms. */
export interface ExistingAttribute {
  model: AttributeModel;
  name: string;
  label?: string;
  /** The map's type for it, or null when no map type fits (relationship, files). */
  dataType: AttributeType | null;
  /** Intercom's own data type (`string`, `decimal`, `list`, ...), for the reasons. */
  intercomType: string;
  /** Active options, for list (or contact string-with-options) attributes. */
  options?: string[];
  /**
   * Set for an attribute this map creates for an earlier row (not in Intercom yet): a field
   * of another object with the same name and type shares it (case and conversation `priority`).
   */
  planned?: { object: string; source: string; target: Extract<FieldTarget, { attribute: string }> };
}

/** What a proposer is asked about one field. */
export interface FieldProposalInput {
  /** Map object the row goes into. */
  object: 'customers' | 'authors' | 'cases' | 'conversations';
  model: AttributeModel;
  field: FieldProfile;
  /** Live, writable custom attributes of the model. */
  existing: readonly ExistingAttribute[];
  /** Lower-case names a new attribute may not take (Intercom's, and those the map already proposes). */
  taken: ReadonlySet<string>;
  /** Lower-case names of existing attributes earlier rows already land in. */
  claimed: ReadonlySet<string>;
  policies: MappingPolicies;
}

/**
 * A field proposer. `propose` returns the row (with `evidence`), or `undefined` to leave
 * the field to the next proposer (finally the deterministic one).
 *
 * @example
 * const proposer: FieldProposer = { name: 'mine', propose: (input) => input.field.path === 'crmNotes'
 *   ? { source: 'crmNotes', target: { skip: true, reason: 'internal notes' }, conversion: { type: 'string' }, lossy: false, default: null,
 *       evidence: { confidence: 1, reasons: ['policy: CRM notes stay in Khoros'] } }
 *   : undefined };
 */
export interface FieldProposer {
  readonly name: string;
  /** Called once with every field before `propose` (an LLM proposer batches its requests here). */
  prepare?(inputs: readonly FieldProposalInput[]): Promise<void>;
  propose(input: FieldProposalInput): FieldMap | undefined;
}

/** Matching thresholds. */
export const MATCH_RULES = Object.freeze({
  /** Names at least this similar (snake case, edit distance) may match. */
  minNameSimilarity: 0.8,
  /** Name similarity × type fit must reach this. */
  minConfidence: 0.7,
});

/** What a field's valid values convert to; `empty` fields fall back to their declared type. */
export function desiredType(field: FieldProfile): AttributeType {
  if (field.inferredType === 'options') return (field.options?.length ?? 0) >= 2 ? 'options' : 'string';
  if (field.inferredType !== 'empty') return field.inferredType;
  switch (field.declaredType) {
    case 'number': return 'float';
    case 'checkbox': return 'boolean';
    case 'date': return 'date';
    case 'single_sel_list': return (field.options?.length ?? 0) >= 2 ? 'options' : 'string';
    default: return 'string';
  }
}

/** How well an attribute of type `target` takes values of type `desired` (0: not at all). */
function typeFit(desired: AttributeType, target: AttributeType | null): number {
  if (target === null) return 0;
  if (desired === target) return 1;
  if (desired === 'integer' && target === 'float') return 0.9;
  if (desired === 'options' && target === 'string') return 0.9;
  if (target === 'string') return 0.6;
  return 0;
}

/** Intercom's name of a map type for a model (conversation attributes have their own words). */
export function intercomTypeName(model: AttributeModel, type: AttributeType): string {
  if (model === 'contact') return type === 'options' ? 'string with options' : type;
  return ({ float: 'decimal', date: 'datetime', options: 'list' } as Record<string, string>)[type] ?? type;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * The option each declared value becomes: the existing option with the same text in any
 * letter case, else the spelling the existing options use (values or labels), else the
 * declared label, else the value.
 */
function optionTargets(field: FieldProfile, existing: readonly string[]): Record<string, string> {
  const labels = field.optionLabels ?? {};
  const values = field.options ?? [];
  const byLower = new Map(existing.map((o) => [o.toLowerCase(), o]));
  const spelledAsLabels = existing.length > 0 && values.some((v) => labels[v] !== undefined && existing.includes(labels[v]) && !existing.includes(v));
  const spelledAsValues = existing.length > 0 && !spelledAsLabels;
  const out: Record<string, string> = {};
  for (const value of values) {
    const label = labels[value];
    out[value] = byLower.get(value.toLowerCase()) ?? (label !== undefined ? byLower.get(label.toLowerCase()) : undefined)
      ?? (spelledAsValues ? value : label || value);
  }
  return out;
}

/** The conversion into a target type, given the field's values. */
function conversionFor(field: FieldProfile, target: AttributeType, options: Record<string, string>): Conversion {
  switch (target) {
    case 'options': return { type: 'valueMap', values: options };
    case 'date': return { type: 'date' };
    case 'integer': case 'float': case 'boolean': return { type: target };
    default: return { type: 'string' };
  }
}

/** Reasons about the values themselves. */
function valueReasons(field: FieldProfile, type: AttributeType): string[] {
  const declared = field.declaredType ? ` (declared ${field.declaredType})` : '';
  const reasons: string[] = [];
  switch (field.inferredType) {
    case 'empty': reasons.push(`no staged value: type ${type} from the declaration${declared}`); break;
    case 'integer': reasons.push(`type integer${declared}: every valid value is a whole number`); break;
    case 'float': reasons.push(`type float${declared}: numbers with a fraction`); break;
    case 'boolean': reasons.push(`type boolean${declared}: true/false values`); break;
    case 'date': reasons.push(`type date${declared}: ISO-8601 days or instants, converted to Unix seconds`); break;
    case 'options': reasons.push(`type ${type}${declared}: ${field.options?.length ?? 0} ${field.custom ? 'declared' : 'distinct'} values`); break;
    default: reasons.push(`type string${declared}: free text, longest ${field.longest} characters`);
  }
  if (field.failing.length) {
    const some = field.failing.length >= 20 ? 'at least 20 values' : `${field.failing.length} value${field.failing.length > 1 ? 's' : ''}`;
    reasons.push(`${some} do${field.failing.length === 1 ? 'es' : ''} not convert to ${field.inferredType} and will be quarantined at import: ${quoted(field.failing.slice(0, 5))}` +
      (field.inferredType === 'options' ? ' (not among the declared options: add to conversion.values and target.options to keep)' : ''));
  }
  return reasons;
}

/** Confidence of a new attribute: how sure the type is. */
function newConfidence(field: FieldProfile): number {
  if (field.inferredType === 'empty') return 0.5;
  if (field.inferredType === 'string') return 0.95;
  return field.failing.length ? 0.8 : 0.9;
}

/** Name similarity of a field to an attribute, and how it was found. */
function similarity(field: FieldProfile, attribute: ExistingAttribute, prefix: string): { score: number; how: string } {
  const name = field.path.split('.').pop()!;
  if (prefix && attribute.name.toLowerCase() === `${prefix}${snakeCase(name)}`.toLowerCase()) {
    return { score: 1, how: `is the attribute an earlier run of this map created (${prefix}${snakeCase(name)})` };
  }
  const pairs: [string, string, string][] = [[name, attribute.name, 'name']];
  if (field.label) pairs.push([field.label, attribute.name, 'label'], [field.label, attribute.label ?? attribute.name, 'label']);
  if (attribute.label) pairs.push([name, attribute.label, 'name']);
  let best = { score: 0, how: '' };
  for (const [a, b, what] of pairs) {
    const score = nameSimilarity(a, b);
    if (score > best.score) best = { score, how: `${what} "${a}" ~ "${b}" (${snakeCase(a)} vs ${snakeCase(b)}, similarity ${round2(score).toFixed(2)})` };
  }
  return best;
}

/**
 * The deterministic proposer: name similarity and type fit against the existing attributes,
 * else a new attribute. Same input, same row.
 *
 * @example
 * deterministicProposer.propose({ object: 'customers', model: 'contact', field, existing, taken, claimed, policies });
 * // { source: 'accountTier', target: { attribute: 'account_tier', dataType: 'options', options: [...], create: false }, ... }
 */
export const deterministicProposer: FieldProposer = {
  name: 'deterministic',
  propose(input: FieldProposalInput): FieldMap {
    const { field, model, policies } = input;
    const desired = desiredType(field);
    const shared = input.existing.find((a) => a.planned && sharesPlanned(input, desired, a));
    if (shared) return sharedRow(input, shared);
    const scored = input.existing
      .filter((a) => !a.planned && !input.claimed.has(a.name.toLowerCase()))
      .map((a) => {
        const name = similarity(field, a, policies.attributePrefix);
        const fit = typeFit(desired, a.dataType);
        return { attribute: a, name, fit, confidence: name.score * fit };
      })
      .sort((x, y) => y.confidence - x.confidence || y.name.score - x.name.score || (x.attribute.name < y.attribute.name ? -1 : 1));
    const best = scored[0];
    if (best && best.name.score >= MATCH_RULES.minNameSimilarity && best.fit > 0 && best.confidence >= MATCH_RULES.minConfidence) {
      return matched(input, desired, best.attribute, best.name.how, round2(best.confidence));
    }
    const reasons: string[] = [];
    const near = scored.find((s) => s.name.score >= 0.5);
    reasons.push(near
      ? `no existing ${model} attribute fits: the closest, "${near.attribute.name}" (${near.attribute.intercomType}), has ${near.name.score >= MATCH_RULES.minNameSimilarity ? 'a type that does not take the values' : `name similarity ${round2(near.name.score).toFixed(2)}, below ${MATCH_RULES.minNameSimilarity}`}`
      : `no existing ${model} attribute has a similar name`);
    const attribute = newAttributeName(policies.attributePrefix, field.path.split('.').pop()!, input.taken);
    const options = optionTargets(field, []);
    const optionList = [...new Set(Object.values(options))];
    reasons.push(`new ${model} attribute "${attribute}" (${intercomTypeName(model, desired)})`, ...valueReasons(field, desired));
    return {
      source: field.path,
      target: { attribute, dataType: desired, ...(desired === 'options' ? { options: optionList } : {}), create: true },
      conversion: conversionFor(field, desired, options),
      lossy: false,
      default: null,
      evidence: { confidence: newConfidence(field), reasons },
    };
  },
};

function matched(input: FieldProposalInput, desired: AttributeType, attribute: ExistingAttribute, how: string, confidence: number): FieldMap {
  const { field, model } = input;
  const dataType = attribute.dataType!;
  const reasons = [`matches existing ${model} attribute "${attribute.name}" (${attribute.intercomType}${attribute.options ? ` with options ${quoted(attribute.options)}` : ''}): ${how}`];
  let target: FieldMap['target'];
  let conversion: Conversion;
  if (dataType === 'options') {
    const options = optionTargets(field, attribute.options ?? []);
    const wanted = [...new Set(Object.values(options))];
    const missing = wanted.filter((o) => !(attribute.options ?? []).includes(o));
    const all = [...(attribute.options ?? []), ...missing];
    target = { attribute: attribute.name, dataType: 'options', options: all, create: false };
    conversion = { type: 'valueMap', values: options };
    if (Object.entries(options).some(([from, to]) => from !== to)) reasons.push(`values map onto the attribute's spelling (${Object.entries(options).map(([f, t]) => `${f} → ${t}`).join(', ')})`);
    if (missing.length) reasons.push(`options the attribute lacks: ${quoted(missing)} (provisioning adds them)`);
  } else {
    target = { attribute: attribute.name, dataType, create: false };
    conversion = conversionFor(field, dataType, {});
    if (desired !== dataType) reasons.push(`${desired} values fit its ${attribute.intercomType} type${dataType === 'string' ? ' as text' : ''}`);
  }
  reasons.push(...valueReasons(field, desired));
  return { source: field.path, target, conversion, lossy: false, default: null, evidence: { confidence, reasons } };
}

/** A planned attribute of another object with this field's new name and exactly its type (and options). */
function sharesPlanned(input: FieldProposalInput, desired: AttributeType, attribute: ExistingAttribute): boolean {
  const planned = attribute.planned!;
  if (planned.object === input.object || planned.target.dataType !== desired) return false;
  if (snakeCase(planned.source.split('.').pop()!) !== snakeCase(input.field.path.split('.').pop()!)) return false;
  if (desired !== 'options') return true;
  const wanted = Object.values(optionTargets(input.field, []));
  return wanted.every((o) => planned.target.options?.includes(o));
}

function sharedRow(input: FieldProposalInput, attribute: ExistingAttribute): FieldMap {
  const { field, model } = input;
  const planned = attribute.planned!;
  const desired = planned.target.dataType;
  return {
    source: field.path,
    target: { ...planned.target, ...(planned.target.options ? { options: [...planned.target.options] } : {}) },
    conversion: conversionFor(field, desired, desired === 'options' ? optionTargets(field, planned.target.options ?? []) : {}),
    lossy: false,
    default: null,
    evidence: {
      confidence: newConfidence(field),
      reasons: [`shares the new ${model} attribute "${planned.target.attribute}" this map creates for ${planned.object}.${planned.source} (same name and type)`, ...valueReasons(field, desired)],
    },
  };
}
