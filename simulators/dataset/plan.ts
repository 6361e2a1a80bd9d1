/**
 * The plan of one dataset: everything decided before the first record is written. It holds
 * the small families (brands, agents, teams, initiatives, campaigns, queues, tags, KB
 * categories and boards), where each planted edge case sits, and per-case interaction
 * counts with their running offsets (two typed arrays, 12 bytes per case). Big families
 * (customers, authors, cases, conversations, articles, contacts) are not held: each record
 * is derived from (seed, index) and this plan when it is needed.
 */
import type { Agent, AutomationRule, Brand, CareTag, Initiative, KbBoard, KbCategory, KhorosInstanceSettings, MetaField, Plan, Sla, Team, WorkQueue } from './types.ts';
import { ConfigError } from '../../pipeline/errors.ts';
import { LEGACY_CASE_SLOTS, NEW_CASE_SLOTS, type CaseSlot } from './case-slots.ts';
import { caseCreated } from './cases.ts';
import { messagesIn } from './conversations.ts';
import { CASE_FIELDS, CUSTOMER_FIELDS } from './custom-fields.ts';
import { CUSTOMER_SLOTS, type CustomerRole } from './customers.ts';
import type { AuthorRole } from './authors.ts';
import { contactCount, intercomAdmins, intercomBrands, intercomConversationAttributes, intercomDataAttributes, intercomHelpCenters, intercomTags, intercomTeams } from './intercom-side.ts';
import { buildBoards, buildCategories } from './kb.ts';
import { buildAutomationRules, buildBrands, buildCampaigns, buildCareTags, buildInitiatives, buildInstance, buildSlas, buildWorkQueues } from './organization.ts';
import { plannedEdgeCases } from './planned-edge-cases.ts';
import { createSeededFaker, subSeed, type SeededFaker } from './random.ts';
import type { ScaleCounts } from './scales.ts';
import { buildAgents, buildTeams } from './staff.ts';
import { TIMELINE } from './timeline.ts';

/** What every builder needs: the seed and two Fakers (one for records, one for lookups). */
export interface PlanBase {
  readonly seed: number;
  /** Draws the record being generated. */
  readonly seeded: SeededFaker;
  /**
   * Draws identity facts of *other* records (a case naming its customer), so a lookup in the
   * middle of a record never disturbs that record's own random stream.
   */
  readonly lookup: SeededFaker;
}

/** The plan of one dataset (see the module comment). */
export interface DatasetPlan extends PlanBase {
  readonly scale: string;
  readonly counts: Readonly<ScaleCounts>;
  readonly instance: Required<KhorosInstanceSettings>;
  readonly customFields: { customer: MetaField[]; case: MetaField[] };
  readonly brands: Brand[];
  readonly agents: Agent[];
  readonly teams: Team[];
  readonly initiatives: Initiative[];
  readonly campaigns: Plan[];
  readonly campaignsByInitiative: ReadonlyMap<string, Plan[]>;
  readonly workQueues: WorkQueue[];
  /** Queues that are not archived (what cases and conversations are routed to). */
  readonly activeQueues: WorkQueue[];
  readonly careTags: CareTag[];
  readonly automationRules: AutomationRule[];
  readonly slas: Sla[];
  readonly categories: KbCategory[];
  readonly boards: KbBoard[];
  /** Care conversations. */
  readonly conversations: number;
  /** KB images. */
  readonly images: number;
  /** Cases `0 .. legacyCases-1` were created before 2025-07-01 and carry legacy ids. */
  readonly legacyCases: number;
  readonly caseRoles: ReadonlyMap<number, CaseSlot>;
  /** Interactions of case `i`. */
  readonly interactionCounts: Uint32Array;
  /** Interactions of cases `0 .. i-1` (length cases + 1). */
  readonly interactionOffsets: Float64Array;
  readonly customerRoles: ReadonlyMap<number, CustomerRole>;
  readonly authorRoles: ReadonlyMap<number, AuthorRole>;
  /** The article carrying `<script>`. */
  readonly scriptArticle: number;
  /** Two articles that link to each other. */
  readonly linkedArticles: readonly [number, number];
  /** Records per family (`meta.counts`). */
  readonly familyCounts: Record<string, number>;
  /** `meta.edgeCases`. */
  readonly edgeCases: Record<string, string[]>;
}

/** Positions `0..m-1` spread evenly over `[from, from + length)`; distinct when length ≥ m. */
function spread(from: number, length: number, m: number): number[] {
  return Array.from({ length: m }, (_, k) => from + Math.floor(((k + 0.5) * length) / m));
}

/** Cases created before the id-format change: the first index whose creation is on or after it. */
function countLegacy(plan: Pick<DatasetPlan, 'seed' | 'counts'>): number {
  let lo = 0;
  let hi = plan.counts.cases;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (caseCreated(plan, mid) < TIMELINE.newCaseIdsFrom) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Per-case interaction counts: planted cases get their fixed count; the others at least one
 * plus a share of the rest weighted by a capped Pareto draw (many small cases, a few large),
 * so the total is exactly `counts.interactions`.
 */
function distributeInteractions(seed: number, counts: ScaleCounts, roles: Map<number, CaseSlot>): Uint32Array {
  const result = new Uint32Array(counts.cases);
  const weights = new Float64Array(counts.cases);
  let fixedTotal = 0;
  let natural = 0;
  let weightSum = 0;
  for (let i = 0; i < counts.cases; i++) {
    const fixed = roles.get(i)?.interactions;
    if (fixed !== undefined) {
      result[i] = fixed;
      fixedTotal += fixed;
      continue;
    }
    natural++;
    const u = (subSeed(seed, 'case-weight', i) + 0.5) / 0x100000000;
    weights[i] = Math.min(40, Math.pow(u, -1 / 1.6));
    weightSum += weights[i];
  }
  const extra = Math.max(0, counts.interactions - fixedTotal - natural);
  let given = 0;
  for (let i = 0; i < counts.cases; i++) {
    if (roles.get(i)?.interactions !== undefined) continue;
    const share = Math.floor((extra * weights[i]) / weightSum);
    result[i] = 1 + share;
    given += share;
  }
  // Hand out the rounding remainder (fewer than `natural`) one each, from a seeded start.
  let left = extra - given;
  for (let i = subSeed(seed, 'case-remainder', 0) % counts.cases; left > 0; i = (i + 1) % counts.cases) {
    if (roles.get(i)?.interactions !== undefined) continue;
    result[i]++;
    left--;
  }
  return result;
}

/**
 * Plans a dataset: validates the counts against what the planted edge cases need and
 * decides everything records will reference.
 *
 * @example
 * const plan = planDataset(1, SCALES.tiny, 'tiny');
 * caseAt(plan, 0);
 */
export function planDataset(seed: number, counts: ScaleCounts, scale: string): DatasetPlan {
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`--seed ${seed}: must be an integer`);
  const base: PlanBase = { seed, seeded: createSeededFaker(), lookup: createSeededFaker() };
  const brands = buildBrands(base);
  const instance = buildInstance(base, brands);
  const initiatives = buildInitiatives(base, Math.min(12, 2 + Math.ceil(Math.log10(counts.customers + 1))));
  const campaigns = buildCampaigns(base, initiatives, instance.companyId);
  const agentCount = Math.max(8, Math.round(counts.customers / 250));
  const teams = buildTeams(base, Math.max(2, Math.ceil(agentCount / 8)));
  const agents = buildAgents(base, agentCount, instance.name, teams, initiatives);
  const workQueues = buildWorkQueues(base, Math.min(30, 3 + Math.ceil(agentCount / 4)));
  const careTags = buildCareTags(base, Math.min(60, 10 + Math.ceil(Math.log2(counts.customers + 1))));
  const categories = buildCategories(Math.max(3, Math.ceil(counts.articles / 20)));
  const boards = buildBoards(Math.max(2, Math.ceil(counts.articles / 10)), categories);

  const legacyCases = countLegacy({ seed, counts });
  if (legacyCases < LEGACY_CASE_SLOTS.length || counts.cases - legacyCases < NEW_CASE_SLOTS.length) {
    throw new ConfigError(`--scale: ${counts.cases} cases are too few to plant every case edge case`);
  }
  const caseRoles = new Map<number, CaseSlot>();
  spread(0, legacyCases, LEGACY_CASE_SLOTS.length).forEach((i, k) => caseRoles.set(i, LEGACY_CASE_SLOTS[k]));
  spread(legacyCases, counts.cases - legacyCases, NEW_CASE_SLOTS.length).forEach((i, k) => caseRoles.set(i, NEW_CASE_SLOTS[k]));
  const interactionCounts = distributeInteractions(seed, counts, caseRoles);
  const interactionOffsets = new Float64Array(counts.cases + 1);
  for (let i = 0; i < counts.cases; i++) interactionOffsets[i + 1] = interactionOffsets[i] + interactionCounts[i];

  const customerRoles = new Map<number, CustomerRole>();
  spread(0, counts.customers, CUSTOMER_SLOTS.length).forEach((c, k) => customerRoles.set(c, CUSTOMER_SLOTS[k]));
  const authorSlots = spread(0, counts.customers, 6);
  const authorRoles = new Map<number, AuthorRole>([
    [authorSlots[0], { kind: 'deleted' }],
    [authorSlots[1], { kind: 'merged', into: authorSlots[2] }],
    [authorSlots[3], { kind: 'deleted' }],
    [authorSlots[4], { kind: 'merged', into: authorSlots[5] }],
  ]);

  const conversations = Math.max(4, Math.round(counts.cases / 5));
  let messages = 0;
  for (let n = 0; n < conversations; n++) messages += messagesIn({ seed }, n);
  const campaignsByInitiative = new Map<string, Plan[]>();
  for (const plan of campaigns) campaignsByInitiative.set(plan.initiativeId, [...(campaignsByInitiative.get(plan.initiativeId) ?? []), plan]);
  const linkedAt = Math.floor(counts.articles / 4);
  const images = Math.max(4, Math.round(counts.articles * 0.9));

  const plan: DatasetPlan = {
    ...base,
    scale,
    counts: { ...counts },
    instance,
    customFields: { customer: CUSTOMER_FIELDS.map((f) => ({ ...f })), case: CASE_FIELDS.map((f) => ({ ...f })) },
    brands,
    agents,
    teams,
    initiatives,
    campaigns,
    campaignsByInitiative,
    workQueues,
    activeQueues: workQueues.filter((q) => !q.archived),
    careTags,
    automationRules: buildAutomationRules(workQueues, careTags),
    slas: buildSlas(workQueues),
    categories,
    boards,
    conversations,
    images,
    legacyCases,
    caseRoles,
    interactionCounts,
    interactionOffsets,
    customerRoles,
    authorRoles,
    scriptArticle: Math.floor((3 * counts.articles) / 4),
    linkedArticles: [linkedAt, linkedAt + 1],
    familyCounts: {},
    edgeCases: {},
  };
  Object.assign(plan.familyCounts, {
    customers: counts.customers,
    authors: counts.customers + brands.length,
    agents: agents.length,
    teams: teams.length,
    brands: brands.length,
    initiatives: initiatives.length,
    campaigns: campaigns.length,
    cases: counts.cases,
    interactions: counts.interactions,
    conversations,
    messages,
    categories: categories.length,
    boards: boards.length,
    articles: counts.articles,
    images,
    workQueues: workQueues.length,
    tags: careTags.length,
    automationRules: plan.automationRules.length,
    slas: plan.slas.length,
    'intercom.admins': intercomAdmins(plan).length,
    'intercom.teams': intercomTeams(intercomAdmins(plan)).length,
    'intercom.brands': intercomBrands(plan).length,
    'intercom.help_centers': intercomHelpCenters(plan).length,
    'intercom.contacts': contactCount(counts.customers),
    'intercom.tags': intercomTags(plan).length,
    'intercom.data_attributes': intercomDataAttributes().length,
    'intercom.conversation_attributes': intercomConversationAttributes().length,
  });
  Object.assign(plan.edgeCases, plannedEdgeCases(plan));
  return plan;
}
