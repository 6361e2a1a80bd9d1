/**
 * The CRM-spec custom field declarations (`GET /meta/object/{customer|case}`) and the values
 * records carry for them at their top level. Values fit the declared type, except on the
 * records planted with a mismatch (see `EDGE_CASES`).
 */
import type { Faker } from '@faker-js/faker';
import type { MetaField } from './types.ts';
import { isoDate, TIMELINE } from './timeline.ts';

/**
 * Declared customer fields. `accountTier` has a near-namesake among the Intercom
 * workspace's existing attributes (`account_tier`).
 *
 * @example
 * CUSTOMER_FIELDS.map((f) => f.name); // ['accountTier', 'loyaltyNumber', ...]
 */
export const CUSTOMER_FIELDS: readonly MetaField[] = [
  {
    name: 'accountTier',
    label: 'Account tier',
    type: 'single_sel_list',
    searchable: true,
    listValues: [
      { name: 'Bronze', value: 'bronze' },
      { name: 'Silver', value: 'silver' },
      { name: 'Gold', value: 'gold' },
      { name: 'Platinum', value: 'platinum' },
    ],
  },
  { name: 'loyaltyNumber', label: 'Loyalty number', type: 'number', searchable: true },
  { name: 'vip', label: 'VIP', type: 'checkbox', searchable: false },
  { name: 'birthDate', label: 'Birth date', type: 'date', searchable: false },
  { name: 'region', label: 'Sales region', type: 'text', searchable: true },
  { name: 'crmNotes', label: 'CRM notes', type: 'textarea', searchable: false },
];

/**
 * Declared case fields.
 *
 * @example
 * CASE_FIELDS.find((f) => f.name === 'followUpDate')?.type; // 'date'
 */
export const CASE_FIELDS: readonly MetaField[] = [
  {
    name: 'productLine',
    label: 'Product line',
    type: 'single_sel_list',
    searchable: false,
    listValues: [
      { name: 'Hardware', value: 'hardware' },
      { name: 'Software', value: 'software' },
      { name: 'Subscriptions', value: 'subscriptions' },
      { name: 'Accessories', value: 'accessories' },
    ],
  },
  { name: 'orderNumber', label: 'Order number', type: 'text', searchable: true },
  { name: 'refundAmount', label: 'Refund amount', type: 'number', searchable: false },
  { name: 'followUpDate', label: 'Follow-up date', type: 'date', searchable: false },
  { name: 'escalated', label: 'Escalated', type: 'checkbox', searchable: false },
  { name: 'resolutionSummary', label: 'Resolution summary', type: 'textarea', searchable: false },
];

const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM', 'Nordics', 'DACH', 'UK & Ireland'];

function valueFor(f: Faker, field: MetaField, around: number): unknown {
  switch (field.type) {
    case 'single_sel_list':
      return f.helpers.arrayElement(field.listValues ?? [{ name: '', value: '' }]).value;
    case 'checkbox':
      return f.datatype.boolean(0.2);
    case 'number':
      return field.name === 'refundAmount' ? f.number.int({ min: 100, max: 50_000 }) / 100 : f.number.int({ min: 100_000, max: 9_999_999 });
    case 'date':
      return field.name === 'birthDate'
        ? isoDate(Date.UTC(1950, 0, 1) + f.number.int({ min: 0, max: 55 * 365 }) * 86_400_000)
        : isoDate(Math.min(TIMELINE.end, around + f.number.int({ min: 1, max: 60 }) * 86_400_000));
    case 'textarea':
      return f.lorem.sentences({ min: 1, max: 3 });
    default:
      return field.name === 'region' ? f.helpers.arrayElement(REGIONS) : `ORD-${f.string.numeric({ length: 7, allowLeadingZeros: true })}`;
  }
}

/**
 * Values for the declared fields, each present with probability `presence`; `overrides`
 * replace a value (the planted type mismatches). Keys keep declaration order.
 *
 * @example
 * customFieldValues(f, CASE_FIELDS, created, 0.7, { followUpDate: '31/02/2025' });
 */
export function customFieldValues(
  f: Faker,
  fields: readonly MetaField[],
  around: number,
  presence: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    // Draw even when overridden, so an override does not shift the other fields' values.
    const present = f.number.float() < presence;
    const value = valueFor(f, field, around);
    if (field.name in overrides) values[field.name] = overrides[field.name];
    else if (present) values[field.name] = value;
  }
  return values;
}
