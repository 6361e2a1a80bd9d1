/**
 * The raw-table key of every family's records, family → key function, so the export stage
 * (and `validateRecords`) can key rows: customer id, case id, person id, agent lswUuid,
 * conversation lswUuid, Community ids, ...
 */
import { agentKey } from './agents.ts';
import { authorKey } from './authors.ts';
import { campaignKey } from './campaigns.ts';
import { caseKey } from './cases.ts';
import { conversationKey } from './conversations.ts';
import { customFieldsKey } from './custom-fields.ts';
import { customerKey } from './customers.ts';
import { idKey, tagKey, teamKey } from './directory.ts';
import { initiativeKey } from './initiatives.ts';
import { kbKey } from './kb.ts';

/** A family's key function: the key of a record, or null when it has none. */
export type KeyOf = (record: Record<string, unknown>) => string | null;

/** Family → key function. */
export const KEYS: Readonly<Record<string, KeyOf>> = Object.freeze({
  customers: customerKey,
  custom_fields: customFieldsKey,
  agents: agentKey,
  cases: caseKey,
  authors: authorKey,
  brands: idKey,
  initiatives: initiativeKey,
  campaigns: campaignKey,
  conversations: conversationKey,
  kb_categories: kbKey,
  kb_boards: kbKey,
  kb_articles: kbKey,
  kb_images: kbKey,
  work_queues: idKey,
  tags: tagKey,
  automation_rules: idKey,
  slas: idKey,
  teams: teamKey,
});

/**
 * The key of a record of `family`, in `validateRecords`'s `keyOf` shape. An unknown family
 * is a programming error and throws.
 *
 * @example
 * source.pipe(validateRecords(validatorFor, keyOf));
 * keyOf('conversations', { lswUuid: '59fa…' }); // '59fa…'
 */
export function keyOf(family: string, record: Record<string, unknown>): string | null {
  const key = KEYS[family];
  if (!key) throw new RangeError(`No key function for family "${family}": known are ${Object.keys(KEYS).join(', ')}`);
  return key(record);
}
