/**
 * The chaos suite's report: one Markdown table row per level, survived or failed with the
 * reason, the kills that landed and the reruns it took.
 */
import type { ChaosLevelResult } from './run-chaos-level.ts';

/**
 * @example
 * renderChaosTable('medium', results);
 * // | level | verdict | kills | migrate runs (exit 3) | verify runs | seconds | records checked | reason |
 */
export function renderChaosTable(scale: string, results: readonly ChaosLevelResult[]): string {
  const lines = [
    `chaos suite, ${scale} dataset`,
    '',
    '| level | verdict | kills | migrate runs (exit 3) | verify runs | seconds | records checked | reason |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const checked = r.checked ? `${r.checked.contacts} contacts, ${r.checked.conversations} conversations, ${r.checked.items} items` : '—';
    lines.push(`| ${r.level} | ${r.survived ? 'survived' : 'FAILED'} | ${r.kills} | ${r.attempts.length} (${r.exit3}) | ${r.verifyRuns} | ${r.seconds} | ${checked} | ${(r.reason ?? '').replaceAll('|', '\\|')} |`);
  }
  lines.push('', `faults per level (sim --faults):`, ...results.map((r) => `- ${r.level}: ${r.faults}`), '');
  return `${lines.join('\n')}\n`;
}
