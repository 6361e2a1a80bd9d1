/**
 * The small, seed-defined Khoros families that everything else references: instance
 * settings, brands, Marketing initiatives and plans (campaigns), work queues, Care tags,
 * automation rules and SLAs. They are a few dozen records at any scale, so the plan holds
 * them in memory and other records reference them by index.
 */
import type { AutomationRule, Brand, CareTag, Initiative, KhorosInstanceSettings, Plan, Sla, WorkQueue } from './types.ts';
import type { PlanBase } from './plan.ts';
import { derivedHex, derivedUuid, subSeed } from './random.ts';
import { asciiSlug } from './text.ts';
import { TIMELINE } from './timeline.ts';

const BRAND_NAMES = [
  'Northwind Outfitters', 'Contoso Home', 'Fabrikam Audio', 'Tailspin Travel', 'Wingtip Toys',
  'Adatum Health', 'Litware Labs', 'Proseware Kitchen', 'Woodgrove Finance', 'Alpine Ski House',
];

/**
 * 3 to 6 brands with distinct names (a seed-chosen run of a fixed list of fictional names).
 *
 * @example
 * buildBrands(base).map((b) => b.id); // ['brand-fabrikam-audio', ...]
 */
export function buildBrands(base: PlanBase): Brand[] {
  const count = 3 + (subSeed(base.seed, 'brand-count', 0) % 4);
  const start = subSeed(base.seed, 'brand-start', 0) % BRAND_NAMES.length;
  return Array.from({ length: count }, (_, n) => {
    const name = BRAND_NAMES[(start + n) % BRAND_NAMES.length];
    const f = base.seeded.reseed(subSeed(base.seed, 'brand', n));
    return { id: `brand-${asciiSlug(name)}`, name, description: f.company.catchPhrase() };
  });
}

/**
 * Instance settings named after the first brand.
 *
 * @example
 * buildInstance(base, brands).communityHost; // 'community.fabrikam.example'
 */
export function buildInstance(base: PlanBase, brands: Brand[]): Required<KhorosInstanceSettings> {
  const slug = asciiSlug(brands[0].name.split(' ')[0]);
  return {
    name: slug,
    companyKey: derivedHex(base.seed, 'company-key', 0, 32).toLowerCase(),
    companyId: String(1000 + (subSeed(base.seed, 'company-id', 0) % 9000)),
    environment: 'app',
    communityHost: `community.${slug}.example`,
  };
}

const INITIATIVES = ['Customer Care', 'Holiday Peak', 'Spring Launch', 'Retention', 'Social Listening', 'Loyalty Program', 'Back to School', 'Black Friday', 'Product Recall', 'VIP Concierge', 'Community Support', 'Brand Awareness'];

/**
 * Marketing initiatives (`id` is a numeric string, as the Marketing API returns).
 *
 * @example
 * buildInitiatives(base, 4)[0].id; // '3100'
 */
export function buildInitiatives(base: PlanBase, count: number): Initiative[] {
  return Array.from({ length: count }, (_, n) => {
    const f = base.seeded.reseed(subSeed(base.seed, 'initiative', n));
    const name = `${INITIATIVES[n % INITIATIVES.length]}${n >= INITIATIVES.length ? ` ${n + 1}` : ''}`;
    return { id: String(3100 + n), name, description: f.company.catchPhrase() };
  });
}

const OBJECTIVES = ['Awareness', 'Engagement', 'Conversion', 'Retention', 'Support deflection'];

/**
 * One to three Marketing plans per initiative; the case field `campaignId` points at
 * `Plan.campaignId`, and each plan belongs to one initiative.
 *
 * @example
 * buildCampaigns(base, initiatives, '4711').every((p) => p.initiativeId);
 */
export function buildCampaigns(base: PlanBase, initiatives: Initiative[], companyId: string): Plan[] {
  const plans: Plan[] = [];
  for (const [n, initiative] of initiatives.entries()) {
    const perInitiative = 1 + (subSeed(base.seed, 'campaigns-per-initiative', n) % 3);
    for (let k = 0; k < perInitiative; k++) {
      const index = plans.length;
      const f = base.seeded.reseed(subSeed(base.seed, 'campaign', index));
      const start = TIMELINE.start + f.number.int({ min: 0, max: TIMELINE.end - TIMELINE.start - 90 * 86_400_000 });
      const end = start + f.number.int({ min: 14, max: 90 }) * 86_400_000;
      const created = start - f.number.int({ min: 1, max: 30 }) * 86_400_000;
      plans.push({
        id: String(52_000 + index),
        companyId,
        campaignId: String(880_000 + index),
        initiativeId: initiative.id,
        name: `${initiative.name}: ${f.company.buzzNoun()}`,
        overview: f.company.catchPhrase(),
        objective: f.helpers.arrayElement(OBJECTIVES),
        targetAudience: f.helpers.arrayElement(['New customers', 'Returning customers', 'VIP members', 'All followers', 'Lapsed subscribers']),
        color: f.color.rgb({ prefix: '#', casing: 'upper' }),
        startDate: new Date(start).toISOString(),
        endDate: new Date(end).toISOString(),
        createdDate: new Date(Math.max(TIMELINE.start, created)).toISOString(),
        lastModifiedDate: new Date(Math.min(TIMELINE.end, end + f.number.int({ min: 0, max: 10 }) * 86_400_000)).toISOString(),
      });
    }
  }
  return plans;
}

const QUEUES = ['General', 'Billing', 'Shipping', 'Technical Support', 'Social Media', 'VIP', 'Escalations', 'Returns', 'Spanish', 'French', 'Community', 'Chat'];

/**
 * Work queues (v1 shape: `id` UUID, plus the `numericId` conversations reference). The
 * last queue is archived when there are more than three.
 *
 * @example
 * buildWorkQueues(base, 5)[0].numericId; // 150
 */
export function buildWorkQueues(base: PlanBase, count: number): WorkQueue[] {
  return Array.from({ length: count }, (_, n) => {
    const f = base.seeded.reseed(subSeed(base.seed, 'work-queue', n));
    const name = `${QUEUES[n % QUEUES.length]}${n >= QUEUES.length ? ` ${n + 1}` : ''}`;
    return {
      id: derivedUuid(base.seed, 'work-queue', n),
      numericId: 150 + n,
      name,
      description: `${name} queue: ${f.company.buzzPhrase()}`,
      archived: count > 3 && n === count - 1,
    };
  });
}

const TAGS = ['billing', 'refund', 'shipping', 'login', 'bug', 'feature-request', 'vip', 'complaint', 'praise', 'urgent', 'warranty', 'returns', 'outage', 'spam', 'sales-lead', 'fraud', 'accessibility', 'press', 'influencer', 'churn-risk'];

/**
 * Care tag definitions (payloads reference tags by `tagId`).
 *
 * @example
 * buildCareTags(base, 12)[0]; // { tagId: 14800, lswUuid: '…', name: 'billing', color: '#…' }
 */
export function buildCareTags(base: PlanBase, count: number): CareTag[] {
  return Array.from({ length: count }, (_, n) => {
    const f = base.seeded.reseed(subSeed(base.seed, 'care-tag', n));
    return {
      tagId: 14_800 + n,
      lswUuid: derivedUuid(base.seed, 'care-tag', n),
      name: `${TAGS[n % TAGS.length]}${n >= TAGS.length ? `-${n + 1}` : ''}`,
      color: f.color.rgb({ prefix: '#', casing: 'upper' }),
    };
  });
}

/**
 * A fixed inventory of automation rules that names real queues and tags.
 *
 * @example
 * buildAutomationRules(queues, tags).length; // 8
 */
export function buildAutomationRules(queues: WorkQueue[], tags: CareTag[]): AutomationRule[] {
  const q = (n: number) => queues[n % queues.length].name;
  const t = (n: number) => tags[n % tags.length].name;
  const rules: Omit<AutomationRule, 'id'>[] = [
    { name: 'Route VIP authors', trigger: 'conversation.created', conditions: [`author.tags contains "${t(6)}"`], actions: [`assign workQueue "${q(5)}"`, 'set priority 5'], enabled: true },
    { name: 'Billing keywords', trigger: 'message.received', conditions: ['text matches /refund|charge|invoice/i'], actions: [`assign workQueue "${q(1)}"`, `add tag "${t(0)}"`], enabled: true },
    { name: 'Auto-close stale', trigger: 'schedule.daily', conditions: ['status = RESPONDED', 'lastModified older than 7 days'], actions: ['set status CLOSED'], enabled: true },
    { name: 'Spam filter', trigger: 'message.received', conditions: ['author.followers < 5', 'text contains link'], actions: [`add tag "${t(13)}"`, 'set status CLOSED'], enabled: false },
    { name: 'After-hours reply', trigger: 'message.received', conditions: ['outside business hours'], actions: ['send template "after-hours"'], enabled: true },
    { name: 'Escalate outages', trigger: 'message.received', conditions: [`tag = "${t(12)}"`], actions: [`assign workQueue "${q(6)}"`, 'notify team "Tier 2"'], enabled: true },
    { name: 'Shipping questions', trigger: 'conversation.created', conditions: ['text matches /tracking|delivery|parcel/i'], actions: [`assign workQueue "${q(2)}"`], enabled: true },
    { name: 'Legacy macro cleanup', trigger: 'manual', conditions: [], actions: ['remove tag "old-macro"'], enabled: false },
  ];
  return rules.map((rule, n) => ({ id: `rule-${n + 1}`, ...rule }));
}

/**
 * Four SLA tiers by priority, each applied to some queues.
 *
 * @example
 * buildSlas(queues)[0].name; // 'Urgent'
 */
export function buildSlas(queues: WorkQueue[]): Sla[] {
  const ids = (from: number, step: number) => queues.filter((_, n) => n % step === from % step).map((q) => q.id);
  return [
    { id: 'sla-1', name: 'Urgent', firstResponseMinutes: 15, resolutionMinutes: 240, priorities: [5, 4], workQueueIds: ids(0, 1) },
    { id: 'sla-2', name: 'High', firstResponseMinutes: 60, resolutionMinutes: 1_440, priorities: [3], workQueueIds: ids(0, 2) },
    { id: 'sla-3', name: 'Normal', firstResponseMinutes: 240, resolutionMinutes: 4_320, priorities: [2, 1], workQueueIds: ids(1, 2) },
    { id: 'sla-4', name: 'Low', firstResponseMinutes: 1_440, resolutionMinutes: 10_080, priorities: [0], workQueueIds: ids(0, 3) },
  ];
}
