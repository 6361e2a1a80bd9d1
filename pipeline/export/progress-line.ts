/**
 * The export's progress, one line rewritten in place on a terminal: records staged per
 * family, requests spent, time spent waiting for the rate limit, elapsed time, and an ETA
 * when the totals are known (from a discover report). Silent when stderr is not a terminal,
 * so logs and CI output stay clean.
 */
import type { ExportEvent } from '../export.ts';

/** Totals known in advance (family → records), for the ETA. */
export type KnownTotals = Readonly<Record<string, number>>;

/**
 * Returns an `onProgress` callback writing to `out` (a no-op when `out` is not a TTY).
 *
 * @example
 * await runExport({ config, workspace, onProgress: progressLine(process.stderr) });
 */
export function progressLine(out: NodeJS.WriteStream, totals: KnownTotals = {}, now: () => number = Date.now): (event: ExportEvent) => void {
  if (!out.isTTY) return () => {};
  const started = now();
  const records: Record<string, number> = {};
  let files = 0;
  let last = 0;
  return (event) => {
    if (event.type === 'page') records[event.page.family] = (records[event.page.family] ?? 0) + event.page.rows.length + event.page.quarantined.length;
    if (event.type === 'file') files++;
    if (event.type === 'phase' && event.phase === 'files') out.write('\n');
    const t = now();
    if (t - last < 200 && event.type !== 'phase') return;
    last = t;
    const stats = event.type === 'page' ? event.stats : undefined;
    const requests = stats ? Object.values(stats.requests).reduce((a, b) => a + b, 0) : undefined;
    const waited = stats ? Object.values(stats.waitedMs).reduce((a, b) => Math.max(a, b), 0) : undefined;
    const parts = [
      Object.entries(records).map(([f, n]) => `${f} ${n}`).join(' · '),
      files ? `files ${files}` : '',
      requests !== undefined ? `requests ${requests}` : '',
      waited !== undefined ? `rate-limit wait ${seconds(waited)}` : '',
      `elapsed ${seconds(t - started)}`,
      eta(records, totals, t - started),
    ].filter(Boolean);
    out.write(`\r\x1b[2K${parts.join(' | ')}`.slice(0, (out.columns ?? 160) + 8));
  };
}

/** Remaining time from the share of known totals staged so far. */
function eta(records: Record<string, number>, totals: KnownTotals, elapsed: number): string {
  const families = Object.keys(totals).filter((f) => totals[f] > 0);
  if (families.length === 0) return '';
  const done = families.reduce((sum, f) => sum + Math.min(records[f] ?? 0, totals[f]), 0);
  const all = families.reduce((sum, f) => sum + totals[f], 0);
  if (done === 0) return 'ETA …';
  return `ETA ${seconds((elapsed * (all - done)) / done)}`;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
