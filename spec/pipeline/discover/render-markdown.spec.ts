import { expect } from 'chai';
import { estimateExport } from '../../../pipeline/khoros/estimate-export.ts';
import { duration, renderDiscoverMarkdown, SECTIONS } from '../../../pipeline/discover/render-markdown.ts';
import type { DiscoverReport } from '../../../pipeline/discover/report.ts';

/** A small report by hand: one of each thing, with hostile free text. */
function report(): DiscoverReport {
  const span = { from: null, to: null };
  return {
    generatedAt: '2025-03-01T10:00:00.000Z', workspace: './migration.duckdb', runId: 'r1', full: false,
    objects: [
      { object: 'customers', families: ['customers'], status: 'not exported yet', count: null, quarantined: 0 },
      { object: 'cases', families: ['cases'], status: 'partial', count: 1200, quarantined: 3 },
      { object: 'agents', families: ['agents'], status: 'exported', count: 2, quarantined: 0 },
    ],
    customFields: [{ object: 'customer', fields: [{ name: 'tier', label: 'Tier | level', type: 'single_sel_list', searchable: true, options: [{ name: 'Gold', value: 'gold' }], filled: null }] }],
    catalog: { casesStatus: 'partial', brands: [{ id: 'b1', name: 'Brand <b>', cases: 0, declared: true }, { id: 'b9', name: null, cases: 4, declared: false }], initiatives: [], campaigns: [] },
    agents: {
      intercomAdmins: 1, intercomError: null, roles: { agent: 2 }, matched: 1, matchedCaseInsensitive: 0, unmatched: 1,
      agents: [
        { id: 'a1', name: '<script>alert(1)</script>', email: 'a@example.com', role: 'agent', active: true, teams: [], match: 'matched', admin: { id: '9', email: 'a@example.com', name: 'A' } },
        { id: 'a2', name: 'Line\nbreak', email: null, role: 'agent', active: false, teams: ['T1'], match: 'unmatched', admin: null },
      ],
      adminsWithoutAgent: [], teams: [],
    },
    timeSpan: { casesCreated: span, casesUpdated: span, interactionsCreated: span, conversationsCreated: span, overall: span },
    quality: { quarantined: 3, quarantine: [{ family: 'cases', reasonKind: '/created must match format "date-time"', records: 3 }], caseIdCollisions: [], caseIdConflicts: 0, filesStored: 0, refusedDownloads: 0, refusedByReason: [] },
    estimate: { counts: { customers: null, agents: 2 }, since: '2024-01-01T00:00:00.000Z', until: '2025-01-01T00:00:00.000Z', estimate: estimateExport({ agents: 2 }, { since: '2024-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z' }) },
    automation: {
      status: { automation_rules: 'exported', work_queues: 'exported', slas: 'not exported yet', tags: 'exported' },
      rules: [{ id: 'r1', name: 'Refunds', trigger: 'message.received', conditions: ['text matches /refund|charge/'], actions: ['add tag "billing"'], enabled: true, rebuildAs: 'Tags (customer sends any message: tag conversation)' }],
      workQueues: [], slas: [], tags: 0,
    },
  };
}

describe('renderDiscoverMarkdown', () => {
  const markdown = renderDiscoverMarkdown(report());

  it('has every section, in order', () => {
    const at = SECTIONS.map((s) => markdown.indexOf(`\n## ${s}\n`));
    expect(at.every((i) => i > 0)).to.equal(true);
    expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
  });

  it('escapes pipes, line breaks and HTML in Khoros free text', () => {
    expect(markdown).to.include('Tier \\| level');
    expect(markdown).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markdown).to.not.include('<script>');
    expect(markdown).to.include('Line break');
    expect(markdown).to.include('text matches /refund\\|charge/');
    // Every table row keeps its column count.
    const pipes = (line: string) => line.split(/(?<!\\)\|/).length;
    let columns = 0;
    for (const line of markdown.split('\n')) {
      if (!line.startsWith('|')) columns = 0;
      else if (columns === 0) columns = pipes(line);
      else expect(pipes(line), line).to.equal(columns);
    }
  });

  it('shows what is not exported, what is partial, and that the estimate is a lower bound', () => {
    expect(markdown).to.match(/\| customers \| not exported yet \| — \| 0 \|/);
    expect(markdown).to.include('| cases | partial | 1,200 so far | 3 |');
    expect(markdown).to.include('**Not exported yet, so not in the totals:** customers');
    expect(markdown).to.include('at least');
    expect(markdown).to.include('(not declared: cases reference it)');
    expect(markdown).to.include('declared, unused');
  });

  it('says why agents could not be matched when Intercom was unreadable', () => {
    const r = report();
    r.agents.intercomError = 'intercom: GET http://x/admins answered 401: check intercom.token';
    expect(renderDiscoverMarkdown(r)).to.include('**Intercom admins could not be read**');
  });

  it('puts each rule in a checklist row with where to rebuild it', () => {
    expect(markdown).to.include('| [ ] | Refunds | `message.received` |');
    expect(markdown).to.include('Tags (customer sends any message: tag conversation) |');
  });
});

describe('duration', () => {
  it('reads minutes, hours and days', () => {
    expect(duration(15)).to.equal('15 min');
    expect(duration(1700 / 120)).to.equal('14.2 min');
    expect(duration(192.5)).to.equal('3 h 13 min');
    expect(duration(60 * 24 * 2 + 60 * 4)).to.equal('2 d 4 h');
  });
});
