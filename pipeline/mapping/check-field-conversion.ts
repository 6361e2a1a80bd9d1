/**
 * The meaning checks of one field's conversion: the staged values (their inferred type) can
 * go through it, and what comes out fits the target. Text into an integer needs a valueMap;
 * options into text is fine; values into a list target must be among its options, which a
 * valueMap guarantees and a plain copy only when every staged value already is one.
 */
import type { Conversion, FieldMap } from './mapping.ts';
import type { FieldProfile, InferredType } from './source-profile.ts';
import type { Problem } from './check-map-meaning.ts';
import type { TargetType } from './check-intercom-targets.ts';

/** Source types each conversion reads without further instructions (as `convert-value.ts` converts). */
const READS: Record<Exclude<Conversion['type'], 'valueMap'>, readonly InferredType[]> = {
  string: ['string', 'options', 'integer', 'float', 'boolean', 'date'],
  email: ['string', 'options'],
  html: ['string', 'options'],
  integer: ['integer'],
  float: ['integer', 'float'],
  boolean: ['boolean'],
  date: [],
};

/** Target types each conversion writes. */
const WRITES: Record<Exclude<Conversion['type'], 'valueMap'>, readonly TargetType['type'][]> = {
  string: ['string', 'options'],
  email: ['string'],
  html: ['string'],
  integer: ['integer', 'float'],
  float: ['float'],
  boolean: ['boolean'],
  date: ['date'],
};

/**
 * Checks `field.conversion` at `path` against the field's profile and its target type
 * (either may be unknown: then only what can be checked is).
 *
 * @example
 * checkFieldConversion(field, 'objects.cases.fields[5]', { path: 'priority', inferredType: 'integer', ... }, { type: 'options', options: ['priority', 'not_priority'] });
 */
export function checkFieldConversion(field: FieldMap, path: string, profile: FieldProfile | undefined, target: TargetType | null): Problem[] {
  const problems: Problem[] = [];
  const problem = (check: string, at: string, message: string) => problems.push({ check, path: `${path}${at}`, message: `${path}${at}: ${message}` });
  const conversion = field.conversion;
  const source = profile?.inferredType;
  const seen = `${field.source} (staged as ${source})`;

  if (conversion.type === 'valueMap') {
    const keys = Object.keys(conversion.values);
    if (keys.length === 0) problem('value-map', '.conversion.values', 'a valueMap needs at least one source value');
    if (profile?.options) {
      // A value not listed fails at transform time (the default covers empty values only).
      const missing = profile.options.filter((o) => !Object.hasOwn(conversion.values, o));
      if (missing.length) {
        problem('value-map', '.conversion.values', `staged values of ${field.source} have no entry: ${missing.map((m) => JSON.stringify(m)).join(', ')}; ` +
          'add them (null leaves the field unset), or their records are quarantined');
      }
    }
    if (target) {
      for (const [from, to] of Object.entries(conversion.values)) {
        const wrong = valueProblem(to, target);
        if (wrong) problem('value-map', `.conversion.values.${JSON.stringify(from)}`, wrong);
      }
    }
    return problems;
  }

  if (source && source !== 'empty' && !READS[conversion.type].includes(source) && !readsWithHelp(conversion, source)) {
    const advice = conversion.type === 'integer' && source === 'float' ? 'values with a fraction do not convert to integer: use a float conversion and target'
      : conversion.type === 'boolean' ? 'list the source values in conversion.true and conversion.false, or use a valueMap'
      : conversion.type === 'date' && source === 'integer' ? 'epoch numbers need conversion.formats [epoch-ms] (Care timestamps) or [epoch-s]'
      : conversion.type === 'date' && source === 'date' ? 'ISO dates need conversion.formats to include iso-date or iso-datetime'
      : 'use a valueMap from each staged value, or a conversion that reads it';
    problem('conversion-source', '.conversion.type', `${seen} does not convert to ${conversion.type}: ${advice}`);
  }
  if (target && !WRITES[conversion.type].includes(target.type)) {
    problem('conversion-target', '.conversion.type', `a ${conversion.type} conversion does not write the target's type ${target.type}` +
      `; use a ${target.type === 'options' ? 'valueMap' : target.type} conversion`);
  }
  if (target?.type === 'options' && conversion.type === 'string' && target.options) {
    if (!profile?.options) {
      problem('conversion-target', '.conversion.type', `the target takes only ${list(target.options)}, and ${field.source}'s values are not known to be among them; use a valueMap`);
    } else {
      const outside = profile.options.filter((o) => !target.options!.includes(o));
      if (outside.length) problem('conversion-target', '.conversion.type', `staged values ${list(outside)} of ${field.source} are not options of the target (${list(target.options)}); use a valueMap`);
    }
  }
  return problems;
}

/** Conversions a source type needs instructions for, and has them. */
function readsWithHelp(conversion: Conversion, source: InferredType): boolean {
  if (conversion.type === 'boolean') return (source === 'string' || source === 'options') && !!conversion.true?.length && !!conversion.false?.length;
  if (conversion.type === 'date') {
    // Care timestamps are epoch milliseconds; ISO days and instants are read by default.
    const formats: readonly string[] = conversion.formats?.length ? conversion.formats : ['iso-date', 'iso-datetime'];
    if (source === 'date') return formats.includes('iso-date') || formats.includes('iso-datetime');
    if (source === 'integer') return formats.includes('epoch-ms') || formats.includes('epoch-s');
  }
  return false;
}

/** Why a valueMap value does not fit the target, or null. */
function valueProblem(value: string | number | boolean | null, target: TargetType): string | null {
  if (value === null) return null;
  const shown = JSON.stringify(value);
  switch (target.type) {
    case 'options':
      if (typeof value !== 'string') return `${shown} is not text; the target is a list`;
      return target.options && !target.options.includes(value) ? `${shown} is not an option of the target (${list(target.options)})` : null;
    case 'string':
      return typeof value === 'string' ? null : `${shown} is not text; the target is a string`;
    case 'integer':
      return Number.isInteger(value) ? null : `${shown} is not an integer; the target is an integer`;
    case 'float':
      return typeof value === 'number' ? null : `${shown} is not a number; the target is a float`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${shown} is not true or false; the target is a boolean`;
    case 'date':
      return typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ? null : `${shown} is not a date`;
  }
}

function list(values: readonly string[]): string {
  const shown = values.slice(0, 8).map((v) => JSON.stringify(v)).join(', ');
  return values.length > 8 ? `${shown}, … (${values.length})` : shown;
}
