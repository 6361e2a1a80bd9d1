/**
 * Care agents and Analytics teams (seed-defined: Care has no agent directory endpoint).
 * Agent 1 is a Khoros staff account (`KH-` name prefix, as payloads show for Khoros
 * employees); the last agent is inactive; every fourth agent has no Intercom admin.
 */
import type { Agent, Initiative, Team } from './types.ts';
import type { PlanBase } from './plan.ts';
import { derivedUuid, subSeed } from './random.ts';
import { asciiSlug } from './text.ts';

const TEAM_NAMES = ['Tier 1', 'Tier 2', 'Billing', 'Social', 'VIP', 'Escalations', 'Night Shift', 'EMEA', 'APAC', 'Spanish'];

/**
 * Whether agent `k` has an Intercom admin of the same email (every fourth has none).
 *
 * @example
 * agentHasAdmin(3); // false
 */
export function agentHasAdmin(k: number): boolean {
  return k % 4 !== 3;
}

/**
 * Teams without members yet (`buildAgents` fills `memberIds`).
 *
 * @example
 * buildTeams(base, 3)[0].name; // 'Tier 1'
 */
export function buildTeams(base: PlanBase, count: number): Team[] {
  return Array.from({ length: count }, (_, t) => {
    const f = base.seeded.reseed(subSeed(base.seed, 'team', t));
    const name = `${TEAM_NAMES[t % TEAM_NAMES.length]}${t >= TEAM_NAMES.length ? ` ${t + 1}` : ''}`;
    return { uuid: derivedUuid(base.seed, 'team', t), teamId: 300 + t, name, description: f.company.catchPhrase(), memberIds: [] };
  });
}

/**
 * Agents with unique e-mails on the instance's support domain, each in one or two teams
 * (whose `memberIds` get the agent's `lswUuid`) and one or two initiatives.
 *
 * @example
 * const agents = buildAgents(base, 8, 'northwind', teams, initiatives);
 */
export function buildAgents(base: PlanBase, count: number, instanceName: string, teams: Team[], initiatives: Initiative[]): Agent[] {
  const emails = new Set<string>();
  const admins = Math.max(1, Math.floor(count / 10));
  return Array.from({ length: count }, (_, k) => {
    const f = base.seeded.reseed(subSeed(base.seed, 'agent', k));
    const first = f.person.firstName();
    const last = f.person.lastName();
    const staff = k === 1;
    let local = `${asciiSlug(first)}.${asciiSlug(last)}`;
    const domain = staff ? 'khoros-services.example' : `support.${instanceName}.example`;
    if (emails.has(`${local}@${domain}`)) local = `${local}${k + 1}`;
    const email = `${local}@${domain}`;
    emails.add(email);
    const lswUuid = derivedUuid(base.seed, 'agent', k);
    const teamIds = [teams[k % teams.length].uuid];
    if (teams.length > 1 && f.datatype.boolean(0.2)) teamIds.push(teams[(k + 1) % teams.length].uuid);
    for (const team of teams) if (teamIds.includes(team.uuid)) team.memberIds!.push(lswUuid);
    const initiativeIds = f.helpers.arrayElements(initiatives, { min: 1, max: Math.min(2, initiatives.length) }).map((i) => i.id);
    return {
      id: 5001 + k,
      name: staff ? `KH-${first} ${last}` : `${first} ${last}`,
      email,
      lswUuid,
      role: k < admins ? 'admin' : 'agent',
      initiativeIds,
      teamIds,
      active: k !== count - 1,
    } satisfies Agent;
  });
}
