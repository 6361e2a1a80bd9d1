/**
 * Where to rebuild a Khoros automation rule in Intercom: a plain keyword mapping of its
 * trigger and actions onto Intercom features (Workflows, Assignment rules, Tags, SLA
 * policy, Macros). A hint for the person rebuilding, not a translation: Intercom has no
 * API that creates Workflows, so every rule is rebuilt by hand. Pure.
 */

/** Trigger keyword → the Intercom Workflow trigger closest to it. */
const TRIGGERS: readonly [RegExp, string][] = [
  [/conversation\.created|created|new/i, 'customer sends first message'],
  [/message\.received|received|reply/i, 'customer sends any message'],
  [/schedule|daily|hourly|stale|idle/i, 'customer unresponsive (scheduled)'],
  [/manual/i, 'run by a teammate'],
];

/** Action keyword → Intercom feature and the step that does it. */
const ACTIONS: readonly [RegExp, Feature, string][] = [
  [/\bsla\b/i, 'SLA policy', 'apply SLA'],
  [/assign|route|queue/i, 'Assignment rules', 'assign to team inbox'],
  [/\btags?\b/i, 'Tags', 'tag conversation'],
  [/priority/i, 'Workflows', 'mark as priority'],
  [/status|close|snooze/i, 'Workflows', 'close or snooze conversation'],
  [/template|send|reply|message/i, 'Workflows', 'send message (office hours: auto-reply)'],
  [/notify|alert|email/i, 'Workflows', 'notify team (or a Slack app)'],
];

type Feature = 'Workflows' | 'Assignment rules' | 'Tags' | 'SLA policy' | 'Macros';

/**
 * The suggestion for one rule: the feature, then the trigger and the steps.
 *
 * @example
 * rebuildSuggestion({ trigger: 'conversation.created', actions: ['assign workQueue "Shipping"'] });
 * // 'Assignment rules (customer sends first message: assign to team inbox)'
 * rebuildSuggestion({ trigger: 'message.received', actions: ['assign workQueue "Billing"', 'add tag "billing"'] });
 * // 'Workflows (customer sends any message: assign to team inbox; tag conversation)'
 * rebuildSuggestion({ trigger: 'manual', actions: ['remove tag "old-macro"'] });
 * // 'Macros (run by a teammate: tag conversation)'
 */
export function rebuildSuggestion(rule: { trigger: string; actions: readonly string[] }): string {
  const trigger = TRIGGERS.find(([pattern]) => pattern.test(rule.trigger))?.[1] ?? rule.trigger;
  const matched = rule.actions.map((action) => ACTIONS.find(([pattern]) => pattern.test(action)) ?? null);
  const steps = [...new Set(matched.map((m, i) => m?.[2] ?? `review: ${rule.actions[i]}`))];
  const features = new Set(matched.map((m) => m?.[1] ?? 'Workflows'));
  // One feature that does it all is named; a mix of steps is a Workflow.
  const feature: Feature = /manual/i.test(rule.trigger) ? 'Macros' : features.size === 1 ? [...features][0] : 'Workflows';
  return `${feature} (${trigger}${steps.length ? `: ${steps.join('; ')}` : ''})`;
}
