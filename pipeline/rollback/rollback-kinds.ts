/**
 * The user-facing kinds of `rollback --only` and the ledger object types each stands for.
 * A person thinks in contacts, conversations, articles, tags and attributes; the ledger
 * records finer types (a conversation's parts and tags, the article images' assets
 * conversation). A kind takes what goes with it:
 *
 * | kind | ledger object types |
 * | --- | --- |
 * | `contacts` | `contact` (created: deleted; updated: before-image restored) |
 * | `conversations` | `conversation`, `conversation_part`, `conversation_tag` (parts and tags go with their conversation) |
 * | `articles` | `article`, `internal_article`, `collection` (collections and sections), `image`, `assets_conversation`, `assets_contact` (the migration-assets lead and conversation exist only to host article images) |
 * | `tags` | `tag`, `conversation_tag` (tags applied to conversations rollback does not delete are removed) |
 * | `attributes` | `data_attribute`, `conversation_attribute`, `conversation_attribute_option` (archived; options restored) |
 */
import { ConfigError } from '../errors.ts';

/** The kinds `--only` takes, each with its ledger object types. */
export const ROLLBACK_KINDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  contacts: ['contact'],
  conversations: ['conversation', 'conversation_part', 'conversation_tag'],
  articles: ['article', 'internal_article', 'collection', 'image', 'assets_conversation', 'assets_contact'],
  tags: ['tag', 'conversation_tag'],
  attributes: ['data_attribute', 'conversation_attribute', 'conversation_attribute_option'],
});

/**
 * The ledger object types of `--only` kinds (comma-separated strings or a list; blanks and
 * repeats ignored, letter case too). Throws `ConfigError` naming `--only` and the value for a
 * kind it does not know, or for an empty list.
 *
 * @example
 * ledgerTypesOf(['tags']); // ['tag', 'conversation_tag']
 * ledgerTypesOf(['contacts,conversations']); // ['contact', 'conversation', 'conversation_part', 'conversation_tag']
 * ledgerTypesOf(['users']); // throws ConfigError: --only users: not a kind rollback knows; use contacts, conversations, articles, tags, attributes
 */
export function ledgerTypesOf(only: readonly string[]): string[] {
  const names = only.flatMap((value) => String(value).split(',')).map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  if (names.length === 0) throw new ConfigError(`--only ${JSON.stringify(only.join(','))}: name at least one kind (${Object.keys(ROLLBACK_KINDS).join(', ')})`);
  const types = new Set<string>();
  for (const name of names) {
    const kind = Object.hasOwn(ROLLBACK_KINDS, name) ? ROLLBACK_KINDS[name] : undefined;
    if (!kind) throw new ConfigError(`--only ${name}: not a kind rollback knows; use ${Object.keys(ROLLBACK_KINDS).join(', ')} (comma-separated)`);
    for (const type of kind) types.add(type);
  }
  return [...types];
}
