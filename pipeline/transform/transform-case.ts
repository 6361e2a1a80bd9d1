/**
 * Transforms a staged CRM case (with its interactions) into the Intercom requests of one
 * conversation (see `buildConversation` for the requests and `PREFLIGHT_RULES` for the
 * limits). The case's interactions are put in order by the map's `parts.orderBy` then
 * `parts.tieBreak` (then stored position); each becomes a contact comment (inbound), an
 * agent comment (outbound) or a note, as `parts.kinds` says for its `kind`
 * (`message`, `note`, `status_change`). The case's own rows of the map give the title,
 * conversation attributes, state and assignee.
 *
 * Decisions: the brand is the case map's `brandId → brand_id` row when it gives an id, else
 * the Intercom brand of the same name (`lookups.intercomBrandByName`); without one the brand
 * becomes a tag, named by the row's tag rule or `objects.brands.tagRule`. Initiatives and
 * campaigns become tags named by their rows' rules or their object maps' (`{name}` is the
 * name looked up, `{id}` the Khoros id); a `skip` row on any of the three drops it. The
 * contact is the customer of the `from` row (`customerId`), else the case's `customerId`.
 * A case with no contact message first opens with its title and description as the
 * contact's message (`conversation-without-opening-message`). The case id always goes to
 * `policies.caseIdAttribute`.
 */
import type { Case, Interaction } from '../../simulators/dataset/types.ts';
import { buildConversation, type TransformedConversation } from './build-conversation.ts';
import type { ConversationDraft, DraftItem } from './conversation-draft.ts';
import { evaluateFields } from './evaluate-fields.ts';
import { orderItems } from './order-items.ts';
import { partKind } from './part-kind.ts';
import { tagName } from './tag-name.ts';
import type { TransformContext } from './transform-context.ts';
import { unixSeconds } from './unix-seconds.ts';

/** Case fields the brand, initiative and campaign maps own. */
const OWNED_BY_OBJECT_MAPS = new Set(['brandId', 'initiativeId', 'campaignId']);

/**
 * The conversation requests for `kase`. Pure; never throws on odd data.
 *
 * @example
 * const result = transformCase(staged.payload as Case, { mapping, lookups });
 * result.conversation?.body; // 'I returned the Frozen Gold Pizza on 2023-01-15 and have not received my refund yet.'
 * result.parts.length;       // 4
 */
export function transformCase(kase: Case, context: TransformContext): TransformedConversation {
  return buildConversation(caseDraft(kase, context), context);
}

/**
 * The draft of a case (exported for the preflight report and the specs).
 *
 * @example
 * caseDraft(kase, context).items.map((i) => i.sourceId); // in conversation order
 */
export function caseDraft(kase: Case, context: TransformContext): ConversationDraft {
  const { mapping, lookups } = context;
  const map = mapping?.objects?.cases;
  const parts = map?.parts;
  const id = String(kase?.id ?? '');
  const interactions = (Array.isArray(kase?.interactions) ? kase.interactions : []).filter(
    (i): i is Interaction => typeof i === 'object' && i !== null && !Array.isArray(i),
  );
  const ordered = orderItems(interactions, parts?.orderBy || 'created', parts?.tieBreak || 'id');
  const items: DraftItem[] = [];
  const skippedItems: string[] = [];
  const unmappedKinds: string[] = [];
  ordered.forEach((interaction, index) => {
    const sourceId = typeof interaction.id === 'string' || typeof interaction.id === 'number' ? String(interaction.id) : `${id}#${index}`;
    const kind = partKind(parts, typeof interaction.kind === 'string' ? interaction.kind : 'message');
    if (kind === 'skip') {
      skippedItems.push(sourceId);
      return;
    }
    if (kind === 'unmapped') unmappedKinds.push(sourceId);
    const author = interaction.author && typeof interaction.author === 'object' ? interaction.author : {};
    const fromContact = interaction.direction === 'inbound' || (interaction.direction !== 'outbound' && author.brandOwned !== true);
    items.push({
      sourceId,
      at: unixSeconds(interaction.created),
      author: fromContact ? 'contact' : 'admin',
      kind: kind === 'comment' ? 'comment' : 'note',
      agentEmail: typeof author.email === 'string' ? author.email.trim().toLowerCase() : null,
      authorName: typeof author.name === 'string' ? author.name : null,
      body: typeof interaction.body === 'string' ? interaction.body : '',
      attachments: (Array.isArray(interaction.attachments) ? interaction.attachments : [])
        .filter((a) => a && typeof a === 'object')
        .map((a, k) => ({ id: String(a.id ?? `${sourceId}#file${k}`), name: String(a.fileName ?? ''), contentType: String(a.contentType ?? '') })),
    });
  });

  // Brand, initiative and campaign: the case map's rows on these ids when it has them (a
  // `brand_id` row, tag rows whose `{name}` is the name), else the object maps.
  const rows = (source: string) => (map?.fields ?? []).filter((row) => row?.source === source);
  const tags: string[] = [];
  const unresolvedNames: string[] = [];
  const named = (what: string, sourceId: unknown, names: ReadonlyMap<string, string>): string | null => {
    if (typeof sourceId !== 'string' && typeof sourceId !== 'number') return null;
    const name = names.get(String(sourceId));
    if (name === undefined) unresolvedNames.push(`${what} ${String(sourceId)}`);
    return name ?? null;
  };
  const tagBy = (source: string, defaultRule: string, name: string, sourceId: unknown) => {
    const own = rows(source);
    if (own.some((row) => row.target && 'skip' in row.target)) return;
    const rules = own.flatMap((row) => (row.target && 'tag' in row.target ? [row.target.tag] : []));
    for (const rule of rules.length ? rules : [defaultRule]) tags.push(tagName(rule, { name, value: name, id: String(sourceId) }));
  };
  let brandId: string | null = null;
  const brandSkipped = rows('brandId').some((row) => row.target && 'skip' in row.target);
  const brand = brandSkipped ? null : named('brand', kase?.brandId, lookups.brandNames);
  if (!brandSkipped) {
    const mapped = evaluateFields(kase, rows('brandId').filter((row) => row.target && 'standard' in row.target && row.target.standard === 'brand_id'), 'conversation')
      .find((f) => f.status === 'value')?.value;
    brandId = typeof mapped === 'string' && mapped ? mapped : brand !== null ? lookups.intercomBrandByName.get(brand.trim().toLowerCase()) ?? null : null;
    if (!brandId && brand !== null) tagBy('brandId', mapping?.objects?.brands?.tagRule ?? 'brand: {name}', brand, kase.brandId);
  }
  if (!rows('initiativeId').some((row) => row.target && 'skip' in row.target)) {
    const initiative = named('initiative', kase?.initiativeId, lookups.initiativeNames);
    if (initiative !== null) tagBy('initiativeId', mapping?.objects?.initiatives?.tagRule ?? 'initiative: {name}', initiative, kase.initiativeId);
  }
  if (!rows('campaignId').some((row) => row.target && 'skip' in row.target)) {
    const campaign = named('campaign', kase?.campaignId, lookups.campaignNames);
    if (campaign !== null) tagBy('campaignId', mapping?.objects?.campaigns?.tagRule ?? 'campaign: {name}', campaign, kase.campaignId);
  }
  const fields = evaluateFields(kase, (map?.fields ?? []).filter((row) => !OWNED_BY_OBJECT_MAPS.has(row?.source)), 'conversation');
  const from = fields.find((f) => f.target === 'standard' && f.name === 'from' && f.status === 'value')?.value;

  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    source: { family: 'cases', id },
    customerId: typeof from === 'string' ? from : typeof kase?.customerId === 'string' && kase.customerId ? kase.customerId : null,
    createdAt: unixSeconds(kase?.created),
    openingText: [text(kase?.title), text(kase?.description)].filter(Boolean).join('\n\n') || `Khoros case ${id}`,
    items,
    fields,
    tags: tags.filter(Boolean),
    brandId,
    sourceKey: id,
    unresolvedNames,
    skippedItems,
    unmappedKinds,
  };
}
