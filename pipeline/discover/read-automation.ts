/**
 * The automation inventory, as a handoff list for rebuilding in Intercom: automation
 * rules (→ Workflows, Assignment rules, Tags, Macros), work queues (→ team inboxes) and
 * SLAs (→ SLA rules applied by a Workflow). Read from the staged directories: nothing of
 * this migrates automatically.
 */
import type { Workspace } from '../workspace/workspace.ts';
import { readPayloads, type FamilyState } from './read-family-state.ts';
import { rebuildSuggestion } from './rebuild-suggestion.ts';
import type { AutomationReport } from './report.ts';

interface StagedRule { id: string; name?: string; trigger?: string; conditions?: unknown; actions?: unknown; enabled?: boolean }
interface StagedQueue { id: string; numericId?: number; name?: string; description?: string; archived?: boolean }
interface StagedSla { id: string; name?: string; firstResponseMinutes?: number; resolutionMinutes?: number; priorities?: number[]; workQueueIds?: string[] }

/**
 * The inventory.
 *
 * @example
 * (await readAutomation(workspace, state)).rules[0].rebuildAs; // 'Workflows (customer sends first message: assign to team inbox; mark as priority)'
 */
export async function readAutomation(workspace: Workspace, state: FamilyState): Promise<AutomationReport> {
  const rules = await readPayloads<StagedRule>(workspace, state, 'automation_rules');
  const queues = await readPayloads<StagedQueue>(workspace, state, 'work_queues');
  const slas = await readPayloads<StagedSla>(workspace, state, 'slas');
  const queueName = new Map(queues.map((q) => [q.id, q.name ?? q.id]));
  // The raw tables keep no order: rules and SLAs by id (rule-2 before rule-10), queues by their numeric id.
  rules.sort((a, b) => natural(a.id, b.id));
  slas.sort((a, b) => natural(a.id, b.id));
  queues.sort((a, b) => (a.numericId ?? Infinity) - (b.numericId ?? Infinity) || natural(a.name ?? a.id, b.name ?? b.id));
  return {
    status: {
      automation_rules: state.status('automation_rules'), work_queues: state.status('work_queues'),
      slas: state.status('slas'), tags: state.status('tags'),
    },
    rules: rules.map((r) => {
      const trigger = r.trigger ?? '';
      const actions = strings(r.actions);
      return { id: r.id, name: r.name ?? r.id, trigger, conditions: strings(r.conditions), actions, enabled: r.enabled !== false, rebuildAs: rebuildSuggestion({ trigger, actions }) };
    }),
    workQueues: queues.map((q) => ({
      id: q.id, numericId: q.numericId ?? null, name: q.name ?? q.id, description: q.description || null, archived: q.archived === true,
      rebuildAs: q.archived ? 'nothing (archived), unless its history needs a team inbox' : `Intercom team inbox "${q.name ?? q.id}"`,
    })),
    slas: slas.map((s) => ({
      id: s.id, name: s.name ?? s.id,
      firstResponseMinutes: s.firstResponseMinutes ?? null, resolutionMinutes: s.resolutionMinutes ?? null,
      priorities: s.priorities ?? [], workQueues: (s.workQueueIds ?? []).map((id) => queueName.get(id) ?? id),
      rebuildAs: `Intercom SLA "${s.name ?? s.id}", applied by a Workflow to ${s.priorities?.length ? `priorities ${s.priorities.join(', ')}` : 'its conversations'}`,
    })),
    tags: state.staged('tags'),
  };
}

function natural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : [];
}
