/**
 * Plans how a draft's items become Intercom conversation parts, within Intercom's limits:
 * at most 10 files on a part (an item with more is split into continuation parts), no
 * files on the opening message (`POST /conversations` takes none: they follow in a contact
 * reply), and at most `MAX_PARTS` parts in all (Intercom returns only the 500 most recent
 * parts of a conversation, so verification could not read more back): when a
 * conversation would exceed it, the oldest replies are folded, in order, into transcript
 * notes of up to `TRANSCRIPT_ITEMS` items and 10 files each. Used by the `parts-over-500`
 * preflight rule and by `buildConversation`, so both count the same way.
 */
import type { ConversationDraft, DraftItem } from './conversation-draft.ts';

/** Most parts a migrated conversation gets (Intercom reads back at most 500). */
export const MAX_PARTS = 500;
/** Most files on one part (`attachment_files` `maxItems: 10`). */
export const MAX_FILES_PER_PART = 10;
/** Most items folded into one transcript note. */
export const TRANSCRIPT_ITEMS = 50;

/** A reply item (`chunks` parts: more than one when its files are split) or a transcript note of folded items. */
export type PlannedUnit = { type: 'item'; item: DraftItem; chunks: number } | { type: 'transcript'; items: DraftItem[] };

/** The plan. */
export interface PartPlan {
  /** The contact message that opens the conversation, or null (a synthetic opening). */
  opening: DraftItem | null;
  /** Contact replies that carry the opening message's files. */
  openingFileParts: number;
  units: PlannedUnit[];
  /** Parts before folding, and after. */
  unfoldedTotal: number;
  total: number;
  /** Items folded into transcript notes. */
  folded: number;
}

/**
 * Plans the parts of `draft`; `managementParts` counts the assignment and state parts
 * that follow the replies.
 *
 * @example
 * const plan = planParts(draft, 1);
 * plan.total <= MAX_PARTS || plan.units.every((u) => u.type === 'transcript'); // true
 */
export function planParts(draft: ConversationDraft, managementParts: number, maxParts = MAX_PARTS): PartPlan {
  const first = draft.items[0];
  const opening = first && first.author === 'contact' && first.kind === 'comment' ? first : null;
  const openingFileParts = opening ? Math.ceil(opening.attachments.length / MAX_FILES_PER_PART) : 0;
  const replies = opening ? draft.items.slice(1) : draft.items;
  const items: PlannedUnit[] = replies.map((item) => ({ type: 'item', item, chunks: chunksOf(item) }));
  const unfoldedTotal = openingFileParts + managementParts + items.reduce((n, u) => n + (u.type === 'item' ? u.chunks : 1), 0);
  if (unfoldedTotal <= maxParts) return { opening, openingFileParts, units: items, unfoldedTotal, total: unfoldedTotal, folded: 0 };

  const units: PlannedUnit[] = [];
  let total = unfoldedTotal;
  let folded = 0;
  let current: { items: DraftItem[]; files: number } | null = null;
  const close = () => {
    if (current) units.push({ type: 'transcript', items: current.items });
    current = null;
  };
  let k = 0;
  for (; k < items.length && total > maxParts; k++) {
    const unit = items[k] as Extract<PlannedUnit, { type: 'item' }>;
    const files = unit.item.attachments.length;
    if (files > MAX_FILES_PER_PART) {
      // Too many files for one note: it stays a (split) part of its own, in its place.
      close();
      units.push(unit);
      continue;
    }
    if (current && (current.items.length >= TRANSCRIPT_ITEMS || current.files + files > MAX_FILES_PER_PART)) close();
    if (!current) {
      current = { items: [], files: 0 };
      total += 1;
    }
    current.items.push(unit.item);
    current.files += files;
    total -= unit.chunks;
    folded += 1;
  }
  close();
  units.push(...items.slice(k));
  return { opening, openingFileParts, units, unfoldedTotal, total, folded };
}

function chunksOf(item: DraftItem): number {
  return Math.max(1, Math.ceil(item.attachments.length / MAX_FILES_PER_PART));
}
