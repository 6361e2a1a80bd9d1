/**
 * The Intercom workspace as it stands before the migration, in Intercom's own shapes
 * (API 2.16): admins (most Khoros agents have one, sometimes with the email in another
 * letter case; some admins exist only in Intercom), teams, brands, one help center,
 * existing contacts (some colliding with Khoros customers by email), tags, and a few custom
 * data attributes. Only contacts grow with the scale; they stream like Khoros records.
 */
import type { IntercomAdmin, IntercomContact, IntercomDataAttribute, IntercomWorkspace } from './types.ts';
import type { DatasetPlan } from './plan.ts';
import { customerHasEmail, customerIdentity } from './customers.ts';
import { derivedHex, subSeed } from './random.ts';
import { agentHasAdmin } from './staff.ts';
import { asciiSlug } from './text.ts';
import { TIMELINE } from './timeline.ts';

const seconds = (ms: number) => Math.floor(ms / 1000);
// The workspace was set up on the first day of the timeline, before any imported record.
const CREATED = seconds(TIMELINE.start) + 3_600;

/** `Jane.Doe@EXAMPLE.COM` or `JANE.DOE@EXAMPLE.COM`: the same address in other letter case. */
function recase(email: string, upper: boolean): string {
  if (upper) return email.toUpperCase();
  const [local, domain] = email.split('@');
  return `${local.replace(/(^|[.\-_])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())}@${domain.toUpperCase()}`;
}

/**
 * Workspace id and name (Intercom app ids are short lower-case strings).
 *
 * @example
 * intercomWorkspaceInfo(plan); // { id: 'a1b2c3d4', name: 'Fabrikam Group', region: 'us' }
 */
export function intercomWorkspaceInfo(plan: DatasetPlan): NonNullable<IntercomWorkspace['workspace']> {
  const word = plan.brands[0].name.split(' ')[0];
  return { id: derivedHex(plan.seed, 'intercom-workspace', 0, 8).toLowerCase(), name: `${word} Group`, region: 'us' };
}

/**
 * Admins: one per Khoros agent that `agentHasAdmin` (id `7100000 + k`; every third of them
 * with the email in another letter case), then three Intercom-only admins.
 *
 * @example
 * intercomAdmins(plan).find((a) => a.id === '7100000'); // agent 0's admin
 */
export function intercomAdmins(plan: DatasetPlan): IntercomAdmin[] {
  const admins: IntercomAdmin[] = [];
  const teams = intercomTeamIds();
  for (const [k, agent] of plan.agents.entries()) {
    if (!agentHasAdmin(k)) continue;
    const f = plan.seeded.reseed(subSeed(plan.seed, 'intercom-admin', k));
    admins.push({
      type: 'admin',
      id: String(7_100_000 + k),
      name: agent.name.replace(/^KH-/, ''),
      email: k % 3 === 1 ? recase(agent.email, k % 2 === 0) : agent.email,
      job_title: f.helpers.arrayElement(['Support Specialist', 'Support Engineer', 'Team Lead', null]),
      away_mode_enabled: f.datatype.boolean(0.1),
      away_mode_reassign: false,
      has_inbox_seat: agent.active !== false,
      team_ids: [teams[k % teams.length]],
    });
  }
  const word = asciiSlug(plan.brands[0].name.split(' ')[0]);
  for (let m = 0; m < 3; m++) {
    const f = plan.seeded.reseed(subSeed(plan.seed, 'intercom-only-admin', m));
    const first = f.person.firstName();
    const last = f.person.lastName();
    admins.push({
      type: 'admin',
      id: String(7_200_000 + m),
      name: `${first} ${last}`,
      email: `${asciiSlug(first)}.${asciiSlug(last)}@${word}-group.example`,
      job_title: ['Head of Support', 'Workspace Owner', 'Sales Engineer'][m],
      away_mode_enabled: false,
      away_mode_reassign: false,
      has_inbox_seat: m !== 2,
      team_ids: m === 0 ? teams : [],
    });
  }
  return admins;
}

function intercomTeamIds(): number[] {
  return [8_000_001, 8_000_002, 8_000_003];
}

/**
 * Three teams over the admins.
 *
 * @example
 * intercomTeams(plan, admins)[0].name; // 'Support'
 */
export function intercomTeams(admins: IntercomAdmin[]): NonNullable<IntercomWorkspace['teams']> {
  return intercomTeamIds().map((id, t) => ({
    type: 'team' as const,
    id: String(id),
    name: ['Support', 'Billing', 'Escalations'][t],
    admin_ids: admins.filter((a) => a.team_ids?.includes(id)).map((a) => Number(a.id)),
  }));
}

/**
 * The default brand (named after the workspace), one brand named exactly like a Khoros
 * brand, and one Intercom-only brand.
 *
 * @example
 * intercomBrands(plan).filter((b) => b.is_default).length; // 1
 */
export function intercomBrands(plan: DatasetPlan): NonNullable<IntercomWorkspace['brands']> {
  const workspace = intercomWorkspaceInfo(plan);
  const shared = plan.brands[1 % plan.brands.length].name;
  const at = CREATED;
  return [
    { type: 'brand', id: '9000001', name: workspace.name!, is_default: true, created_at: at, updated_at: at, help_center_id: '4100001', default_address_settings_id: null },
    { type: 'brand', id: '9000002', name: shared, is_default: false, created_at: at + 86_400, updated_at: at + 86_400, help_center_id: null, default_address_settings_id: null },
    { type: 'brand', id: '9000003', name: `${workspace.name!.split(' ')[0]} Outlet`, is_default: false, created_at: at + 172_800, updated_at: at + 172_800, help_center_id: null, default_address_settings_id: null },
  ];
}

/**
 * The workspace's one help center, with three locales.
 *
 * @example
 * intercomHelpCenters(plan)[0].locales; // ['en', 'fr', 'de']
 */
export function intercomHelpCenters(plan: DatasetPlan): NonNullable<IntercomWorkspace['help_centers']> {
  const workspace = intercomWorkspaceInfo(plan);
  return [
    {
      type: 'help_center',
      id: '4100001',
      workspace_id: workspace.id,
      created_at: CREATED,
      updated_at: CREATED + 30 * 86_400,
      identifier: `${asciiSlug(workspace.name!)}-help`,
      website_turned_on: true,
      display_name: `${workspace.name} Help Center`,
      locales: ['en', 'fr', 'de'],
    },
  ];
}

/**
 * Existing tags: two named like Care tags in other letter case, three Intercom-only.
 *
 * @example
 * intercomTags(plan).map((t) => t.name); // ['Billing', 'SHIPPING', 'VIP customer', ...]
 */
export function intercomTags(plan: DatasetPlan): NonNullable<IntercomWorkspace['tags']> {
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const names = [capital(plan.careTags[0].name), plan.careTags[2 % plan.careTags.length].name.toUpperCase(), 'VIP customer', 'Beta tester', 'Imported 2022'];
  return names.map((name, n) => ({ type: 'tag' as const, id: String(6_000_001 + n), name }));
}

/**
 * Custom data attributes (the built-in ones are the simulator's). `account_tier` resembles
 * the Khoros customer field `accountTier`.
 *
 * @example
 * intercomDataAttributes().map((a) => a.name); // ['account_tier', 'loyalty_id', ...]
 */
export function intercomDataAttributes(): IntercomDataAttribute[] {
  const at = CREATED + 60 * 86_400;
  const attribute = (id: number, model: 'contact' | 'company', name: string, label: string, data_type: IntercomDataAttribute['data_type'], extra: Partial<IntercomDataAttribute> = {}): IntercomDataAttribute => ({
    type: 'data_attribute', id, model, name, full_name: `custom_attributes.${name}`, label, description: `${label} (set by the old integration)`,
    data_type, api_writable: true, ui_writable: true, custom: true, archived: false, created_at: at, updated_at: at, ...extra,
  });
  return [
    attribute(1001, 'contact', 'account_tier', 'Account tier', 'string', { options: ['bronze', 'silver', 'gold'] }),
    attribute(1002, 'contact', 'loyalty_id', 'Loyalty ID', 'integer'),
    attribute(1003, 'contact', 'nps_score', 'NPS score', 'integer'),
    attribute(1004, 'contact', 'signup_source', 'Signup source', 'string', { options: ['web', 'store', 'partner'] }),
    attribute(1005, 'contact', 'legacy_vip', 'Legacy VIP', 'boolean', { archived: true }),
    attribute(1006, 'company', 'contract_tier', 'Contract tier', 'string'),
  ];
}

/**
 * Existing 2.16 conversation attributes (`GET /conversations/attributes` shape).
 *
 * @example
 * intercomConversationAttributes()[0].name; // 'Product line'
 */
export function intercomConversationAttributes(): Record<string, unknown>[] {
  const at = CREATED + 90 * 86_400;
  return [
    { type: 'conversation_attribute', id: 501, name: 'Product line', description: 'Which product the conversation is about', data_type: 'list', options: [{ label: 'Hardware' }, { label: 'Software' }], required: false, archived: false, created_at: at, updated_at: at },
    { type: 'conversation_attribute', id: 502, name: 'Order number', description: 'Order reference', data_type: 'string', required: false, archived: false, created_at: at, updated_at: at },
  ];
}

/**
 * How many contacts the workspace holds: one per twenty customers, at least six.
 *
 * @example
 * contactCount(200); // 10
 */
export function contactCount(customers: number): number {
  return Math.max(6, Math.round(customers / 20));
}

/**
 * The id of contact `j` (24 lower-case hex digits, as Intercom contact ids).
 *
 * @example
 * contactId(plan, 0).length; // 24
 */
export function contactId(plan: Pick<DatasetPlan, 'seed'>, j: number): string {
  return derivedHex(plan.seed, 'intercom-contact', j, 24).toLowerCase();
}

/**
 * Which customer contact `j` collides with, or -1: every third contact takes the email of
 * an evenly spaced ordinary customer that has one.
 *
 * @example
 * collidingCustomer(plan, 0); // a customer index
 */
export function collidingCustomer(plan: DatasetPlan, j: number): number {
  if (j % 3 !== 0) return -1;
  const colliding = Math.ceil(contactCount(plan.counts.customers) / 3);
  const customers = plan.counts.customers;
  let c = Math.floor(((j / 3 + 0.5) * customers) / colliding) % customers;
  for (let probe = 0; probe < customers && (plan.customerRoles.has(c) || !customerHasEmail(plan, c)); probe++) c = (c + 1) % customers;
  return c;
}

/**
 * Contact `j`.
 *
 * @example
 * contactAt(plan, 0).email; // a customer's email in other letter case
 */
export function contactAt(plan: DatasetPlan, j: number): IntercomContact {
  const c = collidingCustomer(plan, j);
  const ident = c >= 0 ? customerIdentity(plan, c) : undefined;
  const f = plan.seeded.reseed(subSeed(plan.seed, 'intercom-contact', j));
  const first = f.person.firstName();
  const last = f.person.lastName();
  const role = j % 2 === 0 ? 'user' : 'lead';
  const created = seconds(TIMELINE.start) + f.number.int({ min: 0, max: seconds(TIMELINE.end - TIMELINE.start) });
  const updated = created + f.number.int({ min: 0, max: seconds(TIMELINE.end) - created });
  const email = ident ? recase(ident.email!, j % 2 === 0) : `${asciiSlug(first)}.${asciiSlug(last)}.${j + 1}@intercom-only.example`;
  const tags = intercomTags(plan);
  return {
    type: 'contact',
    id: contactId(plan, j),
    workspace_id: intercomWorkspaceInfo(plan).id,
    external_id: role === 'user' ? `legacy-${j + 1}` : null,
    role,
    email,
    phone: f.datatype.boolean(0.3) ? f.phone.number({ style: 'international' }) : null,
    name: ident ? ident.displayName : role === 'lead' && f.datatype.boolean(0.5) ? null : `${first} ${last}`,
    created_at: created,
    updated_at: updated,
    signed_up_at: role === 'user' ? created : null,
    last_seen_at: f.datatype.boolean(0.7) ? updated : null,
    custom_attributes: f.datatype.boolean(0.5) ? { account_tier: f.helpers.arrayElement(['bronze', 'silver', 'gold']), nps_score: f.number.int({ min: 0, max: 10 }) } : {},
    tags: f.helpers.arrayElements(tags, { min: 0, max: 2 }).map((t) => t.id),
  };
}

/**
 * Every existing contact, one at a time.
 *
 * @example
 * for (const contact of generateContacts(plan)) write(contact);
 */
export function* generateContacts(plan: DatasetPlan): Generator<IntercomContact> {
  const count = contactCount(plan.counts.customers);
  for (let j = 0; j < count; j++) yield contactAt(plan, j);
}
