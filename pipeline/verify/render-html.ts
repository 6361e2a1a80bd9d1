/**
 * The verify report as ONE standalone HTML page: inline CSS, no scripts, no external
 * assets (it is opened from a CI artifact or mailed), with a bar per object type showing
 * how much of what was planned was read back intact, missing or mismatched.
 */
import type { ObjectCounts, VerifyResult } from './verify-types.ts';

const escape = (text: unknown) => String(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330}h1 .pass{color:#137333}h1 .fail{color:#b3261e}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #dde1e6;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{display:flex;width:320px;height:14px;background:#eef0f3;border-radius:3px;overflow:hidden}
.bar span{display:block;height:100%}.ok{background:#2e9d55}.mm{background:#e0a100}.miss{background:#c5372c}.legend span{display:inline-block;width:10px;height:10px;margin:0 .3rem 0 1rem}
code{font-size:12px;word-break:break-all}`;

/** The bar of one object type: intact, with mismatches, missing, as shares of what was planned. */
function bar(c: ObjectCounts): string {
  const base = Math.max(c.planned, c.readBack + c.missing, 1);
  const mismatched = Math.min(c.withMismatches, c.readBack);
  const share = (n: number) => `${((100 * n) / base).toFixed(2)}%`;
  return `<div class="bar" title="${escape(`${c.readBack - mismatched} intact, ${mismatched} with mismatches, ${c.missing} missing of ${c.planned} planned`)}">`
    + `<span class="ok" style="width:${share(c.readBack - mismatched)}"></span><span class="mm" style="width:${share(mismatched)}"></span>`
    + `<span class="miss" style="width:${share(c.missing)}"></span></div>`;
}

/**
 * @example
 * await writeFile('verify.html', renderHtml(result));
 */
export function renderHtml(result: VerifyResult): string {
  const rows = result.counts.map((c) => `<tr><td>${escape(c.objectType)}</td><td>${bar(c)}</td>${[c.source, c.staged, c.quarantined, c.planned, c.written, c.checked, c.readBack, c.missing, c.unexpected, c.withMismatches]
    .map((n) => `<td class="n">${n}</td>`).join('')}</tr>`).join('\n');
  const thresholds = result.thresholds.map((t) => `<tr><td>${escape(t.name)}</td><td class="n">${t.limit}</td><td class="n">${t.actual}</td><td>${t.pass ? 'pass' : '<b>fail</b>'}</td></tr>`).join('\n');
  const fields = result.fieldStats.map((f) => `<tr><td>${escape(f.objectType)}</td><td>${escape(f.field)}</td><td class="n">${f.checked}</td><td class="n">${f.mismatched}</td></tr>`).join('\n');
  const findings = result.findings.map((f) => `<tr><td>${escape(f.kind)}</td><td>${escape(f.objectType)}</td><td>${escape(f.khorosKey)}</td><td>${escape(f.intercomId)}</td><td>${escape(f.field)}</td>`
    + `<td><code>${escape(f.expected === undefined ? '' : JSON.stringify(f.expected))}</code></td><td><code>${escape(f.actual === undefined ? '' : JSON.stringify(f.actual))}</code></td><td>${escape(f.detail)}</td></tr>`).join('\n');
  const verdict = result.pass ? '<span class="pass">PASS</span>' : '<span class="fail">FAIL</span>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>khoros2intercom verify ${escape(result.runId)}</title><style>${STYLE}</style></head><body>
<h1>Verify: ${verdict}</h1>
<p>Run <code>${escape(result.runId)}</code>, ${result.mode === 'full' ? 'every record' : `a sample of the hardest records (seed ${result.seed})`}, map version ${result.mapVersion}, ${escape(result.startedAt)} → ${escape(result.finishedAt)}, ${result.intercomRequests} Intercom requests.</p>
<h2>Thresholds</h2>
<table><tr><th>threshold</th><th>limit</th><th>actual</th><th></th></tr>
${thresholds}</table>
<h2>Per object</h2>
<p class="legend"><span class="ok"></span>read back intact<span class="mm"></span>with mismatches<span class="miss"></span>missing</p>
<table><tr><th>object</th><th>planned → Intercom</th><th>source</th><th>staged</th><th>quarantined</th><th>planned</th><th>written</th><th>checked</th><th>read back</th><th>missing</th><th>unexpected</th><th>with mismatches</th></tr>
${rows}</table>
${result.notes.length ? `<ul>${result.notes.map((n) => `<li>${escape(n)}</li>`).join('')}</ul>` : ''}
<h2>Fields</h2>
<table><tr><th>object</th><th>field</th><th>compared</th><th>differing</th></tr>
${fields}</table>
<h2>Findings (${result.findingCount})</h2>
${result.findings.length ? `<table><tr><th>kind</th><th>object</th><th>Khoros key</th><th>Intercom id</th><th>field</th><th>expected</th><th>actual</th><th>detail</th></tr>\n${findings}</table>` : '<p>None.</p>'}
</body></html>
`;
}
