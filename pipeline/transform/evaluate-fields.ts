/**
 * Applies the field rows of the confirmed map to one staged record, without deciding
 * anything about the payload yet: for each row, the source value, its conversion, and the
 * facts the preflight rules and the transforms both need (HTML stripped, value truncated,
 * attribute name invalid, standard field not writable). Computing them once, here, keeps
 * the preflight findings and what the transforms do identical.
 */
import type { AttributeType, FieldMap } from '../mapping/mapping.ts';
import { attributeNameProblem } from './attribute-name-problem.ts';
import { cleanText } from './clean-text.ts';
import { containsHtml } from './contains-html.ts';
import { convertValue, isEmpty } from './convert-value.ts';
import { htmlToText } from './html-to-text.ts';
import { isEmail } from './is-email.ts';
import type { AttributeValue } from './payload-types.ts';
import { readPath } from './read-path.ts';
import { tagName } from './tag-name.ts';

/** Which Intercom object the rows write: the standard fields and attribute types differ. */
export type FieldObject = 'contact' | 'conversation';

/** Longest string attribute value Intercom keeps (255: Intercom's custom data guidance, second-hand; see the report). */
export const MAX_ATTRIBUTE_TEXT = 255;

const MIN_TIME = -30610224000;
const MAX_TIME = 253402300799;

/** Standard fields the transforms can write, by object, with the value type each takes. */
export const STANDARD_FIELDS: Readonly<Record<FieldObject, Readonly<Record<string, 'text' | 'email' | 'time' | 'boolean' | 'state' | 'admin'>>>> = {
  contact: {
    email: 'email', name: 'text', phone: 'text', avatar: 'text', external_id: 'text', signed_up_at: 'time', last_seen_at: 'time',
    owner_id: 'admin', unsubscribed_from_emails: 'boolean',
  },
  // 2.16 `update_conversation_request` has no priority and `created_at` only exists on create.
  // `from` names the conversation's contact (a customer id, or a Care person id); `brand_id` is
  // the Intercom brand (null: none, the brand becomes a tag).
  conversation: { title: 'text', created_at: 'time', state: 'state', admin_assignee_id: 'admin', from: 'text', brand_id: 'text' },
};

/** One row, evaluated. */
export interface EvaluatedField {
  row: FieldMap;
  /** What the row writes. */
  target: 'standard' | 'attribute' | 'tag' | 'skip';
  /** Standard field name, attribute name or tag rule. */
  name: string;
  /** The source value as staged (the row's `item` of a list). */
  raw: unknown;
  /**
   * `value`: `value` is set; `absent`: no source value and no default; `failed`: the
   * conversion or the type check refused it (`reason`); `unsupported`: a standard field this
   * object cannot write; `invalid-name`: an attribute name Intercom refuses (`reason`);
   * `skipped`: the map says skip.
   */
  status: 'value' | 'absent' | 'failed' | 'unsupported' | 'invalid-name' | 'skipped';
  /** The converted value; tag names for tag rows. */
  value?: AttributeValue | string[];
  reason?: string;
  /** HTML was stripped to text (the target takes text). */
  htmlStripped: boolean;
  /** The text was cut to `MAX_ATTRIBUTE_TEXT` characters. */
  truncated: boolean;
  /** The row's default was used for an absent value. */
  defaulted: boolean;
}

/**
 * Evaluates every row against `record`. Never throws: a row that cannot be read or
 * converted is `failed` with the reason.
 *
 * @example
 * const [row] = evaluateFields({ loyaltyNumber: 'N/A' }, [{
 *   source: 'loyaltyNumber', target: { attribute: 'khoros_loyalty_number', dataType: 'integer', create: true },
 *   conversion: { type: 'integer' }, lossy: false, default: null,
 * }], 'contact');
 * row.status; // 'failed'
 * row.reason; // '"N/A" is not an integer'
 */
export function evaluateFields(record: unknown, rows: readonly FieldMap[], object: FieldObject): EvaluatedField[] {
  return (Array.isArray(rows) ? rows : []).map((row) => evaluateRow(record, row, object));
}

function evaluateRow(record: unknown, row: FieldMap, object: FieldObject): EvaluatedField {
  const target = row?.target as FieldMap['target'] | undefined;
  const base = { row, raw: undefined as unknown, htmlStripped: false, truncated: false, defaulted: false };
  if (!target || typeof target !== 'object') return { ...base, target: 'skip', name: '', status: 'failed', reason: 'the row has no target' };
  if ('skip' in target) return { ...base, target: 'skip', name: '', status: 'skipped', reason: target.reason };
  const whole = typeof row.source === 'string' ? readPath(record, row.source) : undefined;
  const raw = typeof row.item === 'number' ? itemOf(whole, row.item) : whole;
  const present = !isEmpty(raw);
  if ('tag' in target) return { ...base, raw, target: 'tag', name: target.tag, ...tagValues(raw, target.tag) };
  if ('standard' in target) {
    const kind = Object.hasOwn(STANDARD_FIELDS[object], target.standard) ? STANDARD_FIELDS[object][target.standard] : undefined;
    if (!kind) return { ...base, raw, target: 'standard', name: target.standard, status: 'unsupported', reason: `${object}s have no writable standard field "${target.standard}"` };
    if (!present && row.default === null) return { ...base, raw, target: 'standard', name: target.standard, status: 'absent' };
    const converted = present ? convertValue(raw, row.conversion) : { ok: true as const, value: row.default };
    if (!converted.ok) return { ...base, raw, target: 'standard', name: target.standard, status: 'failed', reason: converted.reason };
    const out = { ...base, raw, target: 'standard' as const, name: target.standard, defaulted: !present };
    if (converted.value === null) return { ...out, status: 'absent' };
    const typed = standardValue(converted.value, kind);
    if ('reason' in typed) return { ...out, status: 'failed', reason: typed.reason };
    return { ...out, status: 'value', value: typed.value, htmlStripped: typed.htmlStripped && row.conversion?.type !== 'html' };
  }
  const name = target.attribute;
  const problem = attributeNameProblem(name);
  if (problem) return { ...base, raw, target: 'attribute', name: String(name), status: 'invalid-name', reason: `attribute name ${JSON.stringify(name)} ${problem}` };
  if (!present && row.default === null) return { ...base, raw, target: 'attribute', name, status: 'absent' };
  const converted = present ? convertValue(raw, row.conversion) : { ok: true as const, value: row.default };
  if (!converted.ok) return { ...base, raw, target: 'attribute', name, status: 'failed', reason: converted.reason };
  const out = { ...base, raw, target: 'attribute' as const, name, defaulted: !present };
  if (converted.value === null) return { ...out, status: 'absent' };
  const typed = attributeValue(converted.value, target.dataType, target.options, object);
  if ('reason' in typed) return { ...out, status: 'failed', reason: typed.reason };
  // An `html` conversion says the source is HTML: reducing it to text is the expected outcome, not a finding.
  return { ...out, status: 'value', value: typed.value, htmlStripped: typed.htmlStripped && row.conversion?.type !== 'html', truncated: typed.truncated };
}

type Typed = { value: AttributeValue; htmlStripped: boolean; truncated: boolean } | { reason: string };

function text(value: string, max?: number): { value: string; htmlStripped: boolean; truncated: boolean } {
  let out = cleanText(value);
  const htmlStripped = containsHtml(out);
  if (htmlStripped) out = htmlToText(out);
  const chars = [...out];
  const truncated = max !== undefined && chars.length > max;
  return { value: truncated ? chars.slice(0, max).join('') : out, htmlStripped, truncated };
}

function standardValue(value: string | number | boolean, kind: string): Typed {
  switch (kind) {
    case 'time':
      if (!Number.isSafeInteger(value)) return { reason: `${JSON.stringify(value)} is not a time (Unix seconds)` };
      // Years 1000–9999, what a timestamp field can mean (our request schemas hold the same range).
      return (value as number) >= MIN_TIME && (value as number) <= MAX_TIME ? { value, htmlStripped: false, truncated: false } : { reason: `${value} is outside the years 1000–9999` };
    case 'boolean':
      return typeof value === 'boolean' ? { value, htmlStripped: false, truncated: false } : { reason: `${JSON.stringify(value)} is not true or false` };
    case 'email': {
      if (typeof value !== 'string') return { reason: `${JSON.stringify(value)} is not an email address` };
      const t = text(value);
      return isEmail(t.value.trim()) ? { ...t, value: t.value.trim() } : { reason: `${JSON.stringify(value.slice(0, 80))} is not an email address` };
    }
    case 'state':
      return value === 'open' || value === 'closed' || value === 'snoozed'
        ? { value, htmlStripped: false, truncated: false }
        : { reason: `${JSON.stringify(value)} is not a conversation state (open, closed, snoozed)` };
    default: {
      if (typeof value !== 'string' && typeof value !== 'number') return { reason: `${JSON.stringify(value)} is not text` };
      const t = text(String(value));
      if (t.value === '') return { reason: 'is empty once cleaned' };
      return t;
    }
  }
}

function attributeValue(value: string | number | boolean, type: AttributeType, options: string[] | undefined, object: FieldObject): Typed {
  const plain = { htmlStripped: false, truncated: false };
  let typed: Typed;
  switch (type) {
    case 'integer':
      typed = Number.isSafeInteger(value) ? { value, ...plain } : { reason: `${JSON.stringify(value)} is not an integer` };
      break;
    case 'float':
      typed = typeof value === 'number' && Number.isFinite(value) ? { value, ...plain } : { reason: `${JSON.stringify(value)} is not a number` };
      break;
    case 'boolean':
      typed = typeof value === 'boolean' ? { value, ...plain } : { reason: `${JSON.stringify(value)} is not true or false` };
      break;
    case 'date':
      typed = Number.isSafeInteger(value) ? { value, ...plain } : { reason: `${JSON.stringify(value)} is not a date (Unix seconds)` };
      break;
    case 'string':
    case 'options':
      typed = typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' ? text(String(value), MAX_ATTRIBUTE_TEXT) : { reason: 'is not text' };
      break;
    default:
      typed = { reason: `attribute data type ${JSON.stringify(type)} is not one the map may use` };
  }
  if ('reason' in typed || !Array.isArray(options) || options.length === 0 || (type !== 'options' && type !== 'string')) return typed;
  // A list attribute takes one of its options; a value in another letter case takes the listed spelling.
  const exact = options.find((o) => o === typed.value);
  const folded = exact ?? options.find((o) => o.toLowerCase() === String(typed.value).toLowerCase());
  if (folded === undefined) return { reason: `${JSON.stringify(typed.value)} is not an option of ${object === 'contact' ? 'the list' : 'the list attribute'} (${options.map((o) => JSON.stringify(o)).join(', ')})` };
  return { ...typed, value: folded };
}

/** The `item`th element of a list (own index only), or undefined. */
function itemOf(list: unknown, item: number): unknown {
  return Array.isArray(list) && Number.isInteger(item) && Object.hasOwn(list, item) ? list[item] : undefined;
}

function tagValues(raw: unknown, rule: string): Pick<EvaluatedField, 'status' | 'value' | 'reason'> {
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v) => !isEmpty(v));
  if (values.length === 0) return { status: 'absent' };
  const names: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return { status: 'failed', reason: `${Array.isArray(v) ? 'a list' : 'an object'} cannot name a tag` };
    const name = tagName(rule, { value: String(v), name: String(v) });
    if (name && !names.includes(name)) names.push(name);
  }
  return names.length ? { status: 'value', value: names } : { status: 'absent' };
}
