/**
 * Converts one source value as a map row's `conversion` says: the single definition of
 * what converts and what fails, shared by the transform (which quarantines failures) and
 * by the proposal's checks. The profile's SQL classes (`profile-source.ts`) are its twins:
 * a value the profile lists as failing fails here, and the reverse.
 *
 * Empty values (null, absent, blank text, `[]`, `{}`) convert to null under every
 * conversion: the row's `default` then applies (`convertField`).
 */
import type { Conversion, FieldMap } from './mapping.ts';

/** A converted value, or why the value does not convert. */
export type Converted = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };

/**
 * Date input shapes a `date` conversion may accept. `iso8601` is `iso-date` and
 * `iso-datetime` together, `epoch` reads milliseconds from 1e11 on and seconds below; the
 * day patterns rescue sources that write days another way (`DD/MM/YYYY`).
 * @default ['iso-date', 'iso-datetime']
 */
export const DATE_FORMATS = ['iso-date', 'iso-datetime', 'iso8601', 'epoch', 'epoch-ms', 'epoch-s', 'YYYY-MM-DD', 'YYYY/MM/DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;

/** Day patterns: regular expression and the group order year, month, day. */
const DAY_PATTERNS: Record<string, [RegExp, [number, number, number]]> = {
  'YYYY-MM-DD': [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, [1, 2, 3]],
  'YYYY/MM/DD': [/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, [1, 2, 3]],
  'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 2, 1]],
  'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 1, 2]],
  'DD.MM.YYYY': [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, [3, 2, 1]],
};

const INT = /^-?(0|[1-9]\d{0,14})$/;
const FLOAT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const fail = (reason: string): Converted => ({ ok: false, reason });
const ok = (value: string | number | boolean | null): Converted => ({ ok: true, value });

/** True for the values every conversion treats as "no value". */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** The value as text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Unix seconds of a real calendar day (UTC), or null (`2025-02-31`). */
function dayToSeconds(y: number, m: number, d: number): number | null {
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return ms / 1000;
}

/** Unix seconds of an ISO-8601 instant (no offset: UTC), or null when it is not a real time. */
function instantToSeconds(match: RegExpMatchArray): number | null {
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  const day = dayToSeconds(Number(y), Number(mo), Number(d));
  if (day === null || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let offset = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * (zone[0] === '-' ? -1 : 1);
  }
  const millis = fraction ? Number(`0${fraction}`) : 0;
  return Math.floor(day + Number(h) * 3600 + Number(mi) * 60 + Number(s) + millis - offset * 60);
}

function toDate(value: unknown, given: readonly string[]): Converted {
  const formats = given.flatMap((f) => (f === 'iso8601' ? ['iso-date', 'iso-datetime'] : [f]));
  const integer = typeof value === 'number' ? (Number.isSafeInteger(value) ? value : null) : typeof value === 'string' && INT.test(value) ? Number(value) : null;
  if (integer !== null && (formats.includes('epoch-ms') || (formats.includes('epoch') && Math.abs(integer) >= 1e11))) return ok(Math.floor(integer / 1000));
  if (integer !== null && (formats.includes('epoch-s') || formats.includes('epoch'))) return ok(integer);
  if (typeof value === 'string') {
    for (const format of formats) {
      const pattern = DAY_PATTERNS[format]?.[0].exec(value);
      if (!pattern) continue;
      const [y, m, d] = DAY_PATTERNS[format][1].map((i) => Number(pattern[i]));
      const seconds = dayToSeconds(y, m, d);
      return seconds === null ? fail(`"${value}" is not a real day (${format})`) : ok(seconds);
    }
    const day = formats.includes('iso-date') ? DAY.exec(value) : null;
    if (day) {
      const seconds = dayToSeconds(Number(day[1]), Number(day[2]), Number(day[3]));
      return seconds === null ? fail(`"${value}" is not a real day`) : ok(seconds);
    }
    const instant = formats.includes('iso-datetime') ? INSTANT.exec(value) : null;
    if (instant) {
      const seconds = instantToSeconds(instant);
      return seconds === null ? fail(`"${value}" is not a real time`) : ok(seconds);
    }
  }
  return fail(`${JSON.stringify(value)} is not a date (${formats.join(', ')})`);
}

/** Cuts text to at most `max` characters (code points) without splitting a grapheme. */
function truncate(text: string, max: number): string {
  if ([...text].length <= max) return text;
  let out = '';
  let length = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = [...segment].length;
    if (length + size > max) break;
    out += segment;
    length += size;
  }
  return out;
}

/**
 * Converts one value. Dates become Unix seconds (Intercom's timestamps).
 *
 * @example
 * convertValue({ type: 'integer' }, '1234');        // { ok: true, value: 1234 }
 * convertValue({ type: 'integer' }, 'N/A');         // { ok: false, reason: '"N/A" is not an integer' }
 * convertValue({ type: 'date' }, '31/02/2025');     // { ok: false, ... }
 * convertValue({ type: 'valueMap', values: { pending: 'open' } }, 'pending'); // { ok: true, value: 'open' }
 */
export function convertValue(conversion: Conversion, value: unknown): Converted {
  if (isEmptyValue(value)) return ok(null);
  switch (conversion.type) {
    case 'string': {
      let text = valueText(value);
      if (conversion.trim) text = text.trim();
      return ok(conversion.maxLength !== undefined ? truncate(text, conversion.maxLength) : text);
    }
    case 'integer':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? ok(value) : fail(`${value} is not an integer`);
      return typeof value === 'string' && INT.test(value) ? ok(Number(value)) : fail(`${JSON.stringify(value)} is not an integer`);
    case 'float':
      if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail(`${value} is not a number`);
      return typeof value === 'string' && FLOAT.test(value) && Number.isFinite(Number(value)) ? ok(Number(value)) : fail(`${JSON.stringify(value)} is not a number`);
    case 'boolean': {
      if (typeof value === 'boolean') return ok(value);
      if (typeof value !== 'string') return fail(`${JSON.stringify(value)} is not a boolean`);
      const lower = value.toLowerCase();
      if (['true', ...(conversion.true ?? [])].some((t) => t.toLowerCase() === lower)) return ok(true);
      if (['false', ...(conversion.false ?? [])].some((f) => f.toLowerCase() === lower)) return ok(false);
      return fail(`"${value}" is not a boolean`);
    }
    case 'date':
      return toDate(value, conversion.formats?.length ? conversion.formats : ['iso-date', 'iso-datetime']);
    case 'valueMap': {
      const key = valueText(value);
      return Object.hasOwn(conversion.values, key) ? ok(conversion.values[key]) : fail(`"${key}" is not in the value map`);
    }
    case 'email': {
      if (typeof value !== 'string') return fail(`${JSON.stringify(value)} is not an email`);
      const email = value.trim();
      return /^[^\s@]+@[^\s@]+$/.test(email) ? ok(email) : fail(`"${value}" is not an email`);
    }
    case 'html':
      // Sanitizing is the transform's job (sanitize-html); here HTML is text.
      return typeof value === 'string' ? ok(value) : fail(`${JSON.stringify(value)} is not text`);
  }
}

/**
 * Converts a record's value for one map row: picks the row's `item` of a list, converts,
 * and applies the row's default to empty values.
 *
 * @example
 * convertField(row, record.loyaltyNumber); // { ok: true, value: 1234 } or { ok: false, reason }
 */
export function convertField(field: Pick<FieldMap, 'conversion' | 'default' | 'item'>, value: unknown): Converted {
  const picked = field.item === undefined ? value : Array.isArray(value) ? value[field.item] : undefined;
  const converted = convertValue(field.conversion, picked);
  return converted.ok && converted.value === null ? ok(field.default) : converted;
}

/**
 * Reads a dotted source path from a record: `assignedAgent.email`, `phoneNumbers.0`.
 *
 * @example
 * readPath({ assignedAgent: { email: 'a@b.c' } }, 'assignedAgent.email'); // 'a@b.c'
 */
export function readPath(record: unknown, path: string): unknown {
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
