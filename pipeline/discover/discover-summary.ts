/**
 * The few lines `discover` prints on stderr: the headline of each section, so the person
 * running it knows whether to open the report now.
 */
import { duration } from './render-markdown.ts';
import type { DiscoverReport } from './report.ts';

/**
 * The summary lines.
 *
 * @example
 * process.stderr.write(discoverSummary(report).join('\n') + '\n');
 */
export function discoverSummary(report: DiscoverReport): string[] {
  const n = (v: number) => v.toLocaleString('en-US');
  const staged = report.objects.filter((o) => o.count !== null).map((o) => `${n(o.count!)} ${o.object.replaceAll('_', ' ')}${o.status === 'partial' ? ' (so far)' : ''}`);
  const pending = report.objects.filter((o) => o.status === 'not exported yet').map((o) => o.object);
  const a = report.agents;
  const fields = report.customFields.reduce((total, o) => total + o.fields.length, 0);
  const e = report.estimate.estimate;
  return [
    `discover: ${staged.join(', ') || 'nothing staged'}`,
    ...(pending.length ? [`  not exported yet: ${pending.join(', ')} (run with --full, or khoros2intercom export)`] : []),
    `  custom fields: ${fields} declared on ${report.customFields.map((o) => o.object).join(', ') || 'no object'}`,
    a.intercomError
      ? `  agents: ${a.agents.length}; Intercom admins unreadable (${a.intercomError})`
      : `  agents: ${a.agents.length}: ${a.matched} matched to an Intercom admin, ${a.matchedCaseInsensitive} only case-insensitively, ${a.unmatched} need a fallback admin`,
    `  quarantined: ${n(report.quality.quarantined)}; case id collisions: ${report.quality.caseIdCollisions.length}; refused downloads: ${n(report.quality.refusedDownloads)}`,
    e.unknown.length
      ? `  export estimate: needs the counts of ${e.unknown.join(', ')} (--full); what is counted takes ${duration(e.minutes)}`
      : `  export estimate: ${duration(e.minutes)} (first phase ${duration(e.firstPhaseMinutes)}, parallel ${duration(e.parallelPhaseMinutes)}, downloads ${duration(e.downloadsMinutes)})`,
    `  to rebuild in Intercom: ${report.automation.rules.length} automation rules, ${report.automation.workQueues.length} work queues, ${report.automation.slas.length} SLAs`,
  ];
}
