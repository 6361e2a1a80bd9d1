/**
 * The meaning checks of one field's target: a standard target is a standard field of the
 * Intercom object that the API writes; an attribute the map uses (`create: false`) exists
 * in Intercom, writable, with a compatible type; one the map provisions (`create: true`)
 * has a name Intercom accepts, carries the attribute prefix, and does not clash with an
 * attribute that exists. A list target takes its declared options and the ones Intercom
 * has (provisioning adds what is missing). Returns the problems and the type the target
 * takes, for the conversion checks.
 */
import { distance } from 'fastest-levenshtein';
import type { FieldMap, MappingPolicies } from './mapping.ts';
import type { CatalogConversationAttribute, CatalogDataAttribute, IntercomCatalog, Problem } from './check-map-meaning.ts';
import { compatibleDataTypes, READ_ONLY_FIELDS, STANDARD_FIELDS, validAttributeName, type TargetObject, type TargetType } from './check-intercom-targets.ts';

/** An existing Intercom attribute seen through one model. */
interface Existing {
  name: string;
  dataType: string;
  options: string[] | undefined;
  archived: boolean;
  writable: boolean;
}

/**
 * Checks `field.target` at `path` (`objects.customers.fields[3]`).
 *
 * @example
 * checkFieldTarget(field, 'objects.customers.fields[3]', 'contacts', catalog, policies);
 * // { problems: [], target: { type: 'integer' } }
 */
export function checkFieldTarget(field: FieldMap, path: string, object: TargetObject, catalog: IntercomCatalog, policies: MappingPolicies):
  { problems: Problem[]; target: TargetType | null } {
  const target = field.target;
  const problems: Problem[] = [];
  const problem = (check: string, at: string, message: string) => problems.push({ check, path: `${path}.target${at}`, message: `${path}.target${at}: ${message}` });

  if ('standard' in target) {
    const standard = Object.hasOwn(STANDARD_FIELDS[object], target.standard) ? STANDARD_FIELDS[object][target.standard] : undefined;
    if (!standard) {
      if (Object.hasOwn(READ_ONLY_FIELDS[object], target.standard)) {
        const readOnly = READ_ONLY_FIELDS[object][target.standard];
        problem('standard-target', '.standard', `Intercom ${object} do not take "${target.standard}" through the API: ${readOnly}`);
        return { problems, target: null };
      }
      const known = Object.keys(STANDARD_FIELDS[object]);
      problem('standard-target', '.standard', `"${target.standard}" is not a standard field of Intercom ${object}${hint(target.standard, known)}; ` +
        `standard fields are ${known.join(', ')} (use {attribute: ...} for a custom attribute)`);
      return { problems, target: null };
    }
    return { problems, target: standard };
  }
  if (!('attribute' in target)) return { problems, target: null };

  const model = object === 'contacts' ? 'contact' : 'conversation';
  const declared: TargetType = { type: target.dataType, ...(target.options ? { options: target.options } : {}) };
  const all = existing(catalog, model);
  const same = all.filter((a) => a.name.toLowerCase() === target.attribute.toLowerCase());
  const exact = same.find((a) => a.name === target.attribute && !a.archived);

  if (!target.create) {
    if (!exact) {
      const standard = object === 'contacts' && catalog.dataAttributes.some((a) => a.custom === false && a.model === 'contact' && a.name === target.attribute);
      const archived = same.find((a) => a.archived);
      const why = standard ? `is a standard contact attribute, not a custom one: use {standard: ${target.attribute}}`
        : archived ? `is archived in Intercom: unarchive it there, or set create: true with another name`
        : `does not exist among Intercom's ${model} attributes${hint(target.attribute, all.filter((a) => !a.archived).map((a) => a.name))}; ` +
          `set create: true to provision it (name it ${policies.attributePrefix}…), or pick an existing attribute`;
      problem('attribute-exists', '.attribute', `"${target.attribute}" ${why}`);
      return { problems, target: declared };
    }
    if (!exact.writable) problem('attribute-exists', '.attribute', `"${target.attribute}" exists in Intercom but is not writable through the API`);
    typeAgainst(exact, model, declared, problem);
    return { problems, target: { type: declared.type, options: union(declared.options, exact.options) } };
  }

  if (!validAttributeName(target.attribute)) {
    problem('attribute-name', '.attribute', `"${target.attribute}" is not a name Intercom accepts for a new attribute: ` +
      'use letters, digits, spaces, underscores, hyphens and currency symbols other than $ (no dots)');
  } else if (!target.attribute.toLowerCase().startsWith(policies.attributePrefix.toLowerCase())) {
    problem('attribute-name', '.attribute', `"${target.attribute}" does not start with policies.attributePrefix "${policies.attributePrefix}"; ` +
      `every attribute the map creates carries it (e.g. ${policies.attributePrefix}${target.attribute})`);
  }
  if (model === 'contact') {
    const clash = catalog.dataAttributes.find((a) => a.model !== 'contact' && [a.name, a.full_name].some((n) => n?.toLowerCase() === target.attribute.toLowerCase()));
    if (clash) problem('attribute-create', '.attribute', `"${target.attribute}" is already a ${clash.model} attribute in Intercom, which refuses the same name for contacts; choose another name`);
    const standard = catalog.dataAttributes.find((a) => a.model === 'contact' && a.custom === false && a.name.toLowerCase() === target.attribute.toLowerCase());
    if (standard) problem('attribute-create', '.attribute', `"${target.attribute}" is a standard contact attribute: use {standard: ${standard.name}} instead of creating one`);
  }
  const live = same.find((a) => !a.archived);
  const archived = model === 'contact' ? same.find((a) => a.archived) : undefined;
  if (live) {
    typeAgainst(live, model, declared, problem, ' (it exists already; provisioning would reuse it)');
  } else if (archived) {
    // Intercom refuses to create the name again; provision unarchives the attribute instead (a rollback archives what it created), if its type fits.
    typeAgainst(archived, model, declared, problem, ' (it is archived; provisioning would unarchive it)');
  }
  return { problems, target: { type: declared.type, options: union(declared.options, live?.options) } };
}

function typeAgainst(attribute: Existing, model: 'contact' | 'conversation', declared: TargetType,
  problem: (check: string, at: string, message: string) => void, suffix = ''): void {
  const fits = compatibleDataTypes(model, attribute.dataType, attribute.options !== undefined);
  if (!fits.includes(declared.type)) {
    problem('attribute-type', '.dataType', `${declared.type} does not fit Intercom's ${model} attribute "${attribute.name}" of type ${attribute.dataType}` +
      `${attribute.options ? ` with options` : ''}${suffix}; use dataType ${fits.join(' or ') || '(none: the map cannot write this type)'}`);
    return;
  }
}

function existing(catalog: IntercomCatalog, model: 'contact' | 'conversation'): Existing[] {
  if (model === 'contact') {
    return catalog.dataAttributes.filter((a: CatalogDataAttribute) => a.model === 'contact' && a.custom !== false).map((a) => ({
      name: a.name, dataType: a.data_type, options: a.options?.length ? a.options : undefined, archived: a.archived === true, writable: a.api_writable !== false,
    }));
  }
  return catalog.conversationAttributes.map((a: CatalogConversationAttribute) => {
    const options = a.options?.filter((o) => !o.archived).map((o) => o.label);
    return { name: a.name, dataType: a.data_type, options: options?.length ? options : undefined, archived: a.archived === true, writable: true };
  });
}

/** The options a list target ends with: provisioning adds the declared ones an existing attribute lacks. */
function union(declared: readonly string[] | undefined, existing: readonly string[] | undefined): string[] | undefined {
  return declared || existing ? [...new Set([...(existing ?? []), ...(declared ?? [])])] : undefined;
}

/** `; did you mean "x"?` for the nearest name within a few edits, else nothing. */
export function hint(name: string, names: readonly string[]): string {
  const scored = names.map((n) => ({ n, d: distance(n.toLowerCase(), name.toLowerCase()) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.ceil(name.length / 2)) ? ` (did you mean "${best.n}"?)` : '';
}
