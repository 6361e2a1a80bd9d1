/**
 * Names a tag by a rule of the map (`brand: {name}`, `initiative: {name}`, `{value}`).
 */
import { cleanText } from './clean-text.ts';
import { containsHtml } from './contains-html.ts';
import { htmlToText } from './html-to-text.ts';

/** Longest tag name we write (our limit; Intercom publishes none). */
export const MAX_TAG_NAME = 255;

/**
 * A tag name from a rule (`brand: {name}`, `{value}`): placeholders replaced, HTML and
 * control characters dropped, spaces collapsed, trimmed, cut to `MAX_TAG_NAME` characters;
 * empty when nothing is left.
 *
 * @example
 * tagName('initiative: {name}', { name: 'Holiday Peak' }); // 'initiative: Holiday Peak'
 */
export function tagName(rule: string, values: Readonly<Record<string, string>>): string {
  const filled = String(rule ?? '').replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key] : whole));
  const clean = cleanText(filled);
  const name = (containsHtml(clean) ? htmlToText(clean) : clean).replace(/\s+/g, ' ').trim();
  return [...name].slice(0, MAX_TAG_NAME).join('').trim();
}
