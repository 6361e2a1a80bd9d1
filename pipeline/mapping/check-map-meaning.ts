/**
 * The meaning of a field map, checked after its schema: what the file says must be true of
 * the staged source and of the Intercom workspace. Every rule is a named check, and every
 * problem names the YAML path it is about, so `map confirm` can list them all at once.
 *
 * Checks: `source-exists`, `standard-target`, `attribute-exists`, `attribute-type`,
 * `attribute-name`, `attribute-create`, `attribute-consistent`,
 * `unique-target`, `conversion-source`, `conversion-target`, `value-map`, `option-list`,
 * `fallback-admin`, `placeholder-email`, `tag-rule`.
 */
import type { FieldMap, Mapping } from './mapping.ts';
import type { FieldProfile, SourceProfile } from './source-profile.ts';
import { checkFieldConversion } from './check-field-conversion.ts';
import { checkFieldTarget, hint } from './check-field-target.ts';
import type { TargetObject } from './check-intercom-targets.ts';
import { checkOptionLists, checkPolicies, checkTagRules, fieldObjects } from './check-map-policies.ts';

/** One finding: the check that found it, the YAML path, and a message that starts with the path. */
export interface Problem {
  check: string;
  /** e.g. `objects.customers.fields[3].target.attribute`. */
  path: string;
  message: string;
}

/** A contact or company data attribute, as `GET /data_attributes` lists it. */
export interface CatalogDataAttribute {
  name: string;
  full_name?: string;
  model: string;
  data_type: string;
  options?: string[];
  custom?: boolean;
  archived?: boolean;
  api_writable?: boolean;
}

/** A conversation attribute, as `GET /conversations/attributes` (2.16) lists it. */
export interface CatalogConversationAttribute {
  name: string;
  data_type: string;
  options?: { label: string; archived?: boolean }[];
  archived?: boolean;
}

/** What the Intercom workspace has that a map may refer to. */
export interface IntercomCatalog {
  /** Contact and company attributes, standard (`custom: false`) and custom, archived included. */
  dataAttributes: CatalogDataAttribute[];
  conversationAttributes: CatalogConversationAttribute[];
  admins: { id: string; email?: string | null; name?: string }[];
  brands: { id: string; name: string }[];
}

/** What the meaning is checked against. */
export interface MeaningContext {
  profile: SourceProfile;
  intercom: IntercomCatalog;
}

const TARGETS: Record<string, TargetObject> = { customers: 'contacts', authors: 'contacts', cases: 'conversations', conversations: 'conversations' };

/**
 * Every meaning problem of a schema-valid map; empty when it can be confirmed.
 *
 * @example
 * const problems = checkMapMeaning(mapping, { profile, intercom: catalog });
 * for (const p of problems) console.error(p.message);
 * // objects.customers.fields[3].target.attribute: "loyalty_no" does not exist among Intercom's contact attributes (did you mean "loyalty_id"?); ...
 */
export function checkMapMeaning(mapping: Mapping, context: MeaningContext): Problem[] {
  const problems: Problem[] = [...checkPolicies(mapping, context.intercom), ...checkTagRules(mapping), ...checkOptionLists(mapping)];
  for (const [object, path] of fieldObjects(mapping)) {
    const family = path.split('.')[1];
    const fields = new Map((context.profile.families[family] ?? []).map((f) => [f.path, f]));
    const claimed = new Map<string, number>();
    object.fields.forEach((field, i) => {
      const at = `${path}.fields[${i}]`;
      const profile = fields.get(field.source);
      if (!profile && !insideField(field.source, fields)) problems.push(missingSource(field, at, family, fields));
      const checked = checkFieldTarget(field, at, TARGETS[family], context.intercom, mapping.policies);
      problems.push(...checked.problems, ...checkFieldConversion(field, at, profile, checked.target));
      const key = targetKey(field);
      if (key === null) return;
      const first = claimed.get(key);
      if (first === undefined) claimed.set(key, i);
      else {
        problems.push({ check: 'unique-target', path: `${at}.target`, message: `${at}.target: ${describeTarget(field)} is also the target of ${path}.fields[${first}] ` +
          `(${object.fields[first].source}); two fields cannot land on one target: skip one, or give it its own attribute` });
      }
    });
  }
  problems.push(...checkConsistentAttributes(mapping), ...checkPartsOrder(mapping, context.profile));
  return problems;
}

/** Case parts are sorted by interaction fields; they must be staged (conversation messages are not profiled). */
function checkPartsOrder(mapping: Mapping, profile: SourceProfile): Problem[] {
  const fields = (profile.families.interactions ?? []).map((f) => f.path);
  if (fields.length === 0) return [];
  const { orderBy, tieBreak } = mapping.objects.cases.parts;
  return ([['orderBy', orderBy], ['tieBreak', tieBreak]] as const).filter(([, path]) => !fields.includes(path)).map(([key, path]) => {
    const at = `objects.cases.parts.${key}`;
    return { check: 'source-exists', path: at, message: `${at}: "${path}" is not a field of the staged interactions${hint(path, fields)}` };
  });
}

/**
 * A path into a field the profile keeps whole (an array, `phoneNumbers.0`, or an opaque
 * object, `handles.crm.0.id`): it exists, its type is not known.
 */
function insideField(source: string, fields: Map<string, FieldProfile>): boolean {
  const parts = source.split('.');
  return parts.slice(0, -1).some((_, i) => fields.has(parts.slice(0, i + 1).join('.')));
}

function missingSource(field: FieldMap, at: string, family: string, fields: Map<string, FieldProfile>): Problem {
  const why = fields.size === 0
    ? `the staged source has no ${family} records to profile; export them (khoros2intercom export) before confirming, or remove this row`
    : `"${field.source}" is not a field of the staged ${family}${hint(field.source, [...fields.keys()])}; fix the path, or remove the row`;
  return { check: 'source-exists', path: `${at}.source`, message: `${at}.source: ${why}` };
}

/** What two rows of one object must not share: a standard field or an attribute (names are case-insensitive in Intercom). */
function targetKey(field: FieldMap): string | null {
  const target = field.target;
  if ('standard' in target) return `standard:${target.standard}`;
  if ('attribute' in target) return `attribute:${target.attribute.toLowerCase()}`;
  return null;
}

function describeTarget(field: FieldMap): string {
  const target = field.target;
  return 'standard' in target ? `standard field ${target.standard}` : 'attribute' in target ? `attribute "${target.attribute}"` : 'this target';
}

/** One attribute of one Intercom model is declared alike wherever it appears (customers and authors are both contacts). */
function checkConsistentAttributes(mapping: Mapping): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, { at: string; signature: string }>();
  for (const [object, path] of fieldObjects(mapping)) {
    const model = TARGETS[path.split('.')[1]];
    object.fields.forEach((field, i) => {
      const target = field.target;
      if (!('attribute' in target)) return;
      const key = `${model}:${target.attribute.toLowerCase()}`;
      const signature = JSON.stringify([target.attribute, target.dataType, target.options ?? null, target.create]);
      const at = `${path}.fields[${i}].target`;
      const first = seen.get(key);
      if (!first) seen.set(key, { at, signature });
      else if (first.signature !== signature) {
        problems.push({ check: 'attribute-consistent', path: at, message: `${at}: "${target.attribute}" is declared differently at ${first.at} ` +
          `(name, dataType, options and create must match wherever one ${model === 'contacts' ? 'contact' : 'conversation'} attribute is used)` });
      }
    });
  }
  return problems;
}
