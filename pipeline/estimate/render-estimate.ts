/**
 * The estimate as plain-text tables: stages (requests, duration, formula), quota buckets,
 * and the counts that were derived rather than given.
 */
import type { MigrationEstimate } from '../estimate.ts';

const number = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * A duration in minutes as `2 h 05 min`, `12.5 min` or `< 0.1 min`.
 *
 * @example
 * formatMinutes(125); // '2 h 05 min'
 */
export function formatMinutes(minutes: number): string {
  if (minutes < 0.1) return '< 0.1 min';
  if (minutes < 60) return `${minutes.toFixed(1)} min`;
  const whole = Math.round(minutes);
  return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')} min`;
}

function table(headers: string[], rows: string[][], right: boolean[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Renders the estimate for a terminal.
 *
 * @example
 * process.stdout.write(renderEstimate(estimateMigration({ customers: 20, cases: 30, interactions: 640, articles: 8 })));
 */
export function renderEstimate(e: MigrationEstimate): string {
  const c = e.counts;
  const out: string[] = [];
  out.push(`Estimate for ${number(c.customers)} customers, ${number(c.cases)} cases, ${number(c.interactions)} interactions, ${number(c.articles)} articles` +
    ` (${number(c.conversations)} Care conversations); Analytics windows from ${e.since.slice(0, 10)} to ${e.until.slice(0, 10)}.`);
  out.push('');
  out.push(table(['stage', 'API', 'requests', 'duration', 'how'],
    [...e.stages.filter((s) => s.inTotal).map((s) => [s.stage, s.api, number(s.requests), formatMinutes(s.minutes), s.formula]),
      ['total', '', number(e.stages.filter((s) => s.inTotal).reduce((n, s) => n + s.requests, 0)), formatMinutes(e.totalMinutes), 'stages in sequence'],
      ...e.stages.filter((s) => !s.inTotal).map((s) => [`(${s.stage})`, s.api, number(s.requests), formatMinutes(s.minutes), `instead of verify --sample: ${s.formula}`])],
    [false, false, true, true, false]));
  out.push('');
  out.push(table(['bucket', 'calls/min', 'requests', 'at its rate'],
    e.buckets.map((b) => [b.bucket, b.callsPerMinute === null ? 'unlimited' : number(b.callsPerMinute), number(b.requests), b.minutes === null ? '-' : formatMinutes(b.minutes)]),
    [false, true, true, true]));
  out.push(`Intercom: ${number(e.intercomEffectivePerMinute)} requests a minute spent (the quota less the pacer's safety share per 10-second window).`);
  out.push(`Export: first phase ${formatMinutes(e.export.firstPhaseMinutes)} (CRM customers and cases, one after the other), then the buckets side by side ` +
    `${formatMinutes(e.export.parallelPhaseMinutes)} (bottleneck: ${e.export.bottleneck ?? 'none'}), KB image downloads ${formatMinutes(e.export.downloadsMinutes)}.`);
  if (e.assumptions.length) {
    out.push('');
    out.push('Assumed (not given; pass the option to override):');
    for (const a of e.assumptions) out.push(`  ${a.count} = ${number(a.value)}: ${a.rule}`);
  }
  out.push('');
  out.push('A floor: latency, retries and waits after rate limits are not counted.');
  return `${out.join('\n')}\n`;
}
