/**
 * The tags a conversation draft asks for.
 */
import type { ConversationDraft } from './conversation-draft.ts';

/**
 * Every tag a draft asks for (brand, initiative, campaign and the map's tag rows), once
 * each, case-insensitively (Intercom tag names are).
 *
 * @example
 * conversationTags(draft); // ['brand: Proseware Kitchen', 'initiative: Holiday Peak', 'warranty']
 */
export function conversationTags(draft: ConversationDraft): string[] {
  const names = [...draft.tags, ...draft.fields.filter((f) => f.target === 'tag' && f.status === 'value').flatMap((f) => f.value as string[])];
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.toLowerCase();
    if (!n || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
