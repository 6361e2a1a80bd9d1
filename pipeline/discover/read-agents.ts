/**
 * Agents and roles from the staged `raw_agents`, teams from `raw_teams`, and each agent's
 * Intercom admin (matched by email): who is matched, who only case-insensitively, who has
 * no admin and needs a fallback, and which admins no agent claims.
 */
import type { Workspace } from '../workspace/workspace.ts';
import { matchAgents, type IntercomAdminRef } from './match-agents.ts';
import { readPayloads, type FamilyState } from './read-family-state.ts';
import type { AgentReport, AgentsReport } from './report.ts';

/** The Intercom admins, or why they could not be read. */
export type AdminsRead = { admins: IntercomAdminRef[] } | { error: string };

interface StagedAgent {
  lswUuid: string;
  name?: string;
  email?: string;
  role?: string;
  active?: boolean;
  teamIds?: string[];
}

interface StagedTeam {
  uuid: string;
  teamId?: number;
  name?: string;
  numberOfMembers?: number;
  memberIds?: string[];
}

/**
 * The agents section.
 *
 * @example
 * const section = await readAgents(workspace, state, { admins: await readIntercomAdmins(config.intercom) });
 * section.unmatched; // agents that need a fallback admin
 */
export async function readAgents(workspace: Workspace, state: FamilyState, read: AdminsRead): Promise<AgentsReport> {
  const staged = await readPayloads<StagedAgent>(workspace, state, 'agents');
  const teamRecords = await readPayloads<StagedTeam>(workspace, state, 'teams');
  const teamName = new Map<string, string>();
  for (const t of teamRecords) {
    const name = t.name ?? t.uuid;
    teamName.set(t.uuid, name);
    if (t.teamId !== undefined) teamName.set(String(t.teamId), name);
  }
  const admins = 'admins' in read ? read.admins : [];
  const match = matchAgents(admins);
  const agents: AgentReport[] = staged.map((a) => {
    const found = 'admins' in read ? match(a.email) : { match: 'unmatched' as const, admin: null };
    return {
      id: a.lswUuid,
      name: a.name ?? null,
      email: a.email ?? null,
      role: a.role ?? null,
      active: a.active !== false,
      teams: (a.teamIds ?? []).map((id) => teamName.get(String(id)) ?? String(id)),
      match: found.match,
      admin: found.admin,
    };
  }).sort((x, y) => (x.name ?? x.id).localeCompare(y.name ?? y.id));
  const claimed = new Set(agents.map((a) => a.admin?.id).filter(Boolean));
  const roles: Record<string, number> = {};
  for (const a of agents) roles[a.role ?? 'unknown'] = (roles[a.role ?? 'unknown'] ?? 0) + 1;
  const count = (m: AgentReport['match']) => agents.filter((a) => a.match === m).length;
  return {
    intercomAdmins: 'admins' in read ? admins.length : null,
    intercomError: 'error' in read ? read.error : null,
    roles,
    matched: count('matched'),
    matchedCaseInsensitive: count('matched-case-insensitive'),
    unmatched: count('unmatched'),
    agents,
    adminsWithoutAgent: admins.filter((a) => !claimed.has(a.id)),
    teams: teamRecords.map((t) => ({
      id: t.uuid,
      name: t.name ?? t.uuid,
      members: t.memberIds?.length ?? t.numberOfMembers ?? staged.filter((a) => a.teamIds?.some((id) => id === t.uuid || id === String(t.teamId))).length,
    })),
  };
}
