/**
 * The meaning checks that are not about one field's type: the policies (the fallback admin
 * exists, the placeholder email has `{id}`, the prefix and case-id attribute are names
 * Intercom accepts), tag rules (they name the tag after the record: `{name}`, `{value}` or `{id}`),
 * and option lists (at least two distinct, non-empty options, only on `options` attributes).
 */
import type { FieldTarget, Mapping } from './mapping.ts';
import type { IntercomCatalog, Problem } from './check-map-meaning.ts';
import { compatibleDataTypes, validAttributeName } from './check-intercom-targets.ts';

const problemAt = (check: string, path: string, message: string): Problem => ({ check, path, message: `${path}: ${message}` });

/**
 * Checks `policies`.
 *
 * @example
 * checkPolicies(mapping, catalog); // [{ check: 'fallback-admin', path: 'policies.fallbackAdminId', message: '...' }]
 */
export function checkPolicies(mapping: Mapping, catalog: IntercomCatalog): Problem[] {
  const { policies } = mapping;
  const problems: Problem[] = [];
  if (!catalog.admins.some((a) => String(a.id) === String(policies.fallbackAdminId))) {
    const some = catalog.admins.slice(0, 5).map((a) => `${a.id}${a.email ? ` (${a.email})` : ''}`).join(', ');
    problems.push(problemAt('fallback-admin', 'policies.fallbackAdminId', `"${policies.fallbackAdminId}" is not an Intercom admin; ` +
      `choose the admin that takes over agents without one, e.g. ${some || '(the workspace has no admins)'}`));
  }
  if (policies.noEmail === 'placeholder' && !policies.placeholderEmail?.includes('{id}')) {
    problems.push(problemAt('placeholder-email', 'policies.placeholderEmail', policies.placeholderEmail === undefined
      ? 'is required when policies.noEmail is placeholder, e.g. khoros-{id}@invalid.example'
      : `"${policies.placeholderEmail}" has no {id}: every customer without an email would get the same address; e.g. khoros-{id}@invalid.example`));
  } else if (policies.placeholderEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(policies.placeholderEmail.replaceAll('{id}', 'x'))) {
    problems.push(problemAt('placeholder-email', 'policies.placeholderEmail', `"${policies.placeholderEmail}" does not make an email address, e.g. khoros-{id}@invalid.example`));
  }
  if (policies.attributePrefix !== '' && !validAttributeName(policies.attributePrefix)) {
    problems.push(problemAt('attribute-name', 'policies.attributePrefix', `"${policies.attributePrefix}" cannot start an Intercom attribute name: use letters, digits, underscores or hyphens`));
  }
  if (!validAttributeName(policies.caseIdAttribute)) {
    problems.push(problemAt('attribute-name', 'policies.caseIdAttribute', `"${policies.caseIdAttribute}" is not a name Intercom accepts for a conversation attribute`));
  } else {
    const live = catalog.conversationAttributes.find((a) => !a.archived && a.name.toLowerCase() === policies.caseIdAttribute.toLowerCase());
    if (live && !compatibleDataTypes('conversation', live.data_type).includes('string')) {
      problems.push(problemAt('attribute-type', 'policies.caseIdAttribute', `Intercom's conversation attribute "${live.name}" is of type ${live.data_type}; the case id needs a string attribute`));
    }
  }
  return problems;
}

/**
 * Checks the tag rules of brands, initiatives, campaigns and of fields that become tags
 * (the schema checks this too; a map built in code may skip the schema).
 *
 * @example
 * checkTagRules(mapping); // [] when every rule has {name} or {value}
 */
export function checkTagRules(mapping: Mapping): Problem[] {
  const rules: [string, string][] = [
    ['objects.brands.tagRule', mapping.objects.brands.tagRule],
    ['objects.initiatives.tagRule', mapping.objects.initiatives.tagRule],
    ['objects.campaigns.tagRule', mapping.objects.campaigns.tagRule],
  ];
  for (const [object, path] of fieldObjects(mapping)) {
    object.fields.forEach((field, i) => {
      if ('tag' in field.target) rules.push([`${path}.fields[${i}].target.tag`, field.target.tag]);
    });
  }
  return rules.filter(([, rule]) => !/\{(name|value|id)\}/.test(rule)).map(([path, rule]) =>
    problemAt('tag-rule', path, `"${rule}" does not name the tag after the record: put {name} (the object's name), {value} (the field's value) or {id} in it, e.g. "brand: {name}"`));
}

/**
 * Checks option lists: only on `options` attributes; for them, at least two distinct,
 * non-empty options (Intercom refuses fewer).
 *
 * @example
 * checkOptionLists(mapping); // [{ check: 'option-list', path: 'objects.cases.fields[2].target.options', ... }]
 */
export function checkOptionLists(mapping: Mapping): Problem[] {
  const problems: Problem[] = [];
  for (const [object, path] of fieldObjects(mapping)) {
    object.fields.forEach((field, i) => {
      const target: FieldTarget = field.target;
      if (!('attribute' in target)) return;
      const at = `${path}.fields[${i}].target.options`;
      if (target.dataType !== 'options') {
        if (target.options) problems.push(problemAt('option-list', at, `options are only for dataType options (this attribute is ${target.dataType}); remove them or change the type`));
        return;
      }
      const options = target.options;
      if (!options) {
        if (target.create) problems.push(problemAt('option-list', at, 'a list attribute the map creates needs its options (at least two)'));
        return;
      }
      const empty = options.filter((o) => typeof o !== 'string' || o.trim() === '');
      if (empty.length) problems.push(problemAt('option-list', at, 'options must be non-empty text'));
      const duplicates = [...new Set(options.filter((o, n) => options.indexOf(o) !== n))];
      if (duplicates.length) problems.push(problemAt('option-list', at, `${duplicates.map((d) => JSON.stringify(d)).join(', ')} ${duplicates.length > 1 ? 'are' : 'is'} listed twice`));
      if (new Set(options).size < 2) problems.push(problemAt('option-list', at, `a list attribute needs at least two distinct options; found ${options.length ? options.map((o) => JSON.stringify(o)).join(', ') : 'none'}`));
    });
  }
  return problems;
}

/** The objects that carry field rows, with their YAML path. */
export function fieldObjects(mapping: Mapping): [{ target: string; fields: Mapping['objects']['customers']['fields'] }, string][] {
  const { customers, authors, cases, conversations } = mapping.objects;
  return [[customers, 'objects.customers'], [authors, 'objects.authors'], [cases, 'objects.cases'], [conversations, 'objects.conversations']];
}
