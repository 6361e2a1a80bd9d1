import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../pipeline/config.ts';
import { DISCOVER_FAMILIES, defaultReportDir, runDiscover, writeDiscoverReport, type DiscoverReport } from '../../pipeline/discover.ts';
import { SECTIONS } from '../../pipeline/discover/render-markdown.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import type { LoggedRequest } from '../../simulators/khoros/request-log.ts';
import { startSimulators, type Simulators } from '../../simulators/start-simulators.ts';

const dataset = generateDataset({ seed: 1, scale: 'tiny' });
const k = dataset.khoros;
const SINCE = '2023-01-01T00:00:00Z';
const FAST = { clients: { quotaScale: 1000 }, sources: { since: SINCE, report: { firstPollMs: 40 } } };
const BIG = ['customers', 'cases', 'interactions', 'authors', 'conversations', 'messages', 'kb_articles', 'kb_images', 'attachments'];

/** The budget a logged Khoros request spends (the simulator logs the API family, not the bucket). */
function bucketOf(r: LoggedRequest): string {
  if (r.family === 'care') return /^\/api\/v2\/(authors|conversations)/.test(r.path) ? 'care' : 'careOther';
  return r.family;
}

/** What each agent should match, computed from the dataset itself. */
function expectedMatches(): Record<string, string> {
  const admins = dataset.intercom.admins ?? [];
  return Object.fromEntries((k.agents ?? []).map((a) => [a.email,
    admins.some((d) => d.email === a.email) ? 'matched'
      : admins.some((d) => d.email.toLowerCase() === a.email.toLowerCase()) ? 'matched-case-insensitive' : 'unmatched']));
}

describe('runDiscover (scope report against the simulators, tiny dataset)', function () {
  this.timeout(60_000);
  let sims: Simulators;
  let dir: string;
  const configFor = (workspace: string, intercomToken?: string): Config => parseConfig({
    ...sims.config, workspace, intercom: { ...sims.config.intercom, ...(intercomToken ? { token: intercomToken } : {}) },
  }, {});

  before(async () => {
    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 20 } });
    dir = await mkdtemp(join(tmpdir(), 'k2i-discover-'));
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('without --full', () => {
    let workspace: Workspace;
    let report: DiscoverReport;
    let requests: LoggedRequest[];
    const path = () => join(dir, 'cheap.duckdb');

    before(async () => {
      workspace = await openWorkspace(path(), { stage: 'discover' });
      sims.khoros.requests.clear();
      report = await runDiscover({ config: configFor(path()), workspace, ...FAST });
      requests = sims.khoros.requests.list();
    });
    after(async () => {
      await workspace?.close();
    });

    it('exports only the small families, a request or a few each', () => {
      const paths = requests.map((r) => `${r.family} ${r.path}`);
      expect(paths.some((p) => /crm \/(customers|cases)$|\/api\/v2\/authors|\/conversations|\/reports\/|\/search/.test(p)), paths.join('\n')).to.equal(false);
      expect(requests).to.have.length(DISCOVER_FAMILIES.length + (k.initiatives ?? []).length); // two declarations, and one plan list per initiative staged before them
      const staged = report.objects.filter((o) => o.status === 'exported').map((o) => o.object).sort();
      expect(staged).to.deep.equal([...DISCOVER_FAMILIES].sort());
    });

    it('says "not exported yet" for the big families, and leaves them out of the estimate', () => {
      for (const object of BIG) {
        const o = report.objects.find((x) => x.object === object)!;
        expect(o, object).to.include({ status: 'not exported yet', count: null });
      }
      expect(report.estimate.estimate.unknown).to.include.members(['customers', 'cases', 'authors', 'conversations', 'kbArticles', 'attachments']);
      expect(report.estimate.counts).to.include({ customers: null, agents: k.agents!.length, initiatives: k.initiatives!.length });
      expect(report.timeSpan.overall).to.deep.equal({ from: null, to: null });
      expect(report.catalog.casesStatus).to.equal('not exported yet');
      expect(report.catalog.brands.map((b) => b.cases)).to.satisfy((cases: unknown[]) => cases.every((c) => c === null));
    });

    it('lists the custom fields per object with type, searchable flag and options', () => {
      const expected = Object.entries(k.customFields ?? {}).map(([object, fields]) => ({
        object,
        fields: fields.map((f) => ({ name: f.name, label: f.label, type: f.type, searchable: f.searchable === true, options: f.listValues ?? [], filled: null })),
      }));
      expect(report.customFields).to.deep.equal(expected);
    });

    it('matches each agent to the Intercom admin with its email, case-insensitively when it must', () => {
      const matches = Object.fromEntries(report.agents.agents.map((a) => [a.email, a.match]));
      expect(matches).to.deep.equal(expectedMatches());
      const a = report.agents;
      expect([a.matched, a.matchedCaseInsensitive, a.unmatched]).to.deep.equal(['matched', 'matched-case-insensitive', 'unmatched']
        .map((m) => Object.values(expectedMatches()).filter((x) => x === m).length));
      expect(a.intercomAdmins).to.equal(dataset.intercom.admins!.length);
      expect(a.intercomError).to.equal(null);
      // The planted edge cases land where they should.
      const byId = new Map(k.agents!.map((g) => [String(g.id), g.lswUuid]));
      for (const id of dataset.meta.edgeCases!['agent-without-intercom-admin']) expect(a.agents.find((g) => g.id === byId.get(id))?.match).to.equal('unmatched');
      const caseInsensitiveAdmins = a.agents.filter((g) => g.match === 'matched-case-insensitive').map((g) => g.admin!.id).sort();
      expect(caseInsensitiveAdmins).to.deep.equal([...dataset.meta.edgeCases!['intercom-admin-email-in-different-case']].sort());
      expect(a.roles).to.deep.equal(k.agents!.reduce<Record<string, number>>((r, g) => ({ ...r, [g.role]: (r[g.role] ?? 0) + 1 }), {}));
      expect(a.teams.map((t) => t.name).sort()).to.deep.equal(k.teams!.map((t) => t.name).sort());
    });

    it('gives the automation inventory: the dataset\'s rules, work queues and SLAs, each with where to rebuild it', () => {
      const a = report.automation;
      expect(a.rules.map(({ rebuildAs: _, ...rule }) => rule)).to.deep.equal(k.automationRules);
      expect(a.rules.every((r) => /^(Workflows|Assignment rules|Tags|SLA policy|Macros) \(/.test(r.rebuildAs))).to.equal(true);
      expect(a.rules.find((r) => r.trigger === 'manual')?.rebuildAs).to.match(/^Macros/);
      expect(a.workQueues.map((q) => [q.id, q.name, q.archived])).to.deep.equal(k.workQueues!.map((q) => [q.id, q.name, q.archived ?? false]));
      expect(a.workQueues.filter((q) => !q.archived).every((q) => q.rebuildAs === `Intercom team inbox "${q.name}"`)).to.equal(true);
      const queueName = new Map(k.workQueues!.map((q) => [q.id, q.name]));
      expect(a.slas.map((s) => [s.id, s.name, s.firstResponseMinutes, s.resolutionMinutes, s.priorities, s.workQueues]))
        .to.deep.equal(k.slas!.map((s) => [s.id, s.name, s.firstResponseMinutes, s.resolutionMinutes, s.priorities, s.workQueueIds!.map((id) => queueName.get(id))]));
      expect(a.tags).to.equal(k.tags!.length);
    });

    it('lists the declared brands, initiatives and campaigns', () => {
      const { brands, initiatives, campaigns } = report.catalog;
      expect(brands.map((b) => [b.id, b.name]).sort()).to.deep.equal(k.brands!.map((b) => [b.id, b.name]).sort());
      expect(initiatives.map((i) => i.id).sort()).to.deep.equal(k.initiatives!.map((i) => i.id).sort());
      expect(campaigns.map((c) => c.id).sort()).to.deep.equal(k.campaigns!.map((c) => c.campaignId).sort());
    });

    it('spends no Khoros request when run again: the export skips the done streams', async () => {
      sims.khoros.requests.clear();
      const again = await runDiscover({ config: configFor(path()), workspace, ...FAST });
      expect(sims.khoros.requests.list()).to.deep.equal([]);
      expect(again.objects).to.deep.equal(report.objects);
    });

    it('still reports when Intercom refuses the token: every agent unmatched, the reason given, the token never', async () => {
      const token = 'wrong-token-s3cret';
      const again = await runDiscover({ config: configFor(path(), token), workspace, ...FAST });
      expect(again.agents.intercomError).to.match(/GET .*\/admins answered 401/);
      expect(again.agents.intercomAdmins).to.equal(null);
      expect(again.agents.agents.every((a) => a.match === 'unmatched' && a.admin === null)).to.equal(true);
      expect(JSON.stringify(again)).to.not.include(token);
    });
  });

  describe('with --full', () => {
    let workspace: Workspace;
    let report: DiscoverReport;
    let requests: LoggedRequest[];
    const path = () => join(dir, 'full.duckdb');

    before(async () => {
      workspace = await openWorkspace(path(), { stage: 'discover' });
      sims.khoros.requests.clear();
      report = await runDiscover({ config: configFor(path()), workspace, full: true, ...FAST });
      requests = sims.khoros.requests.list();
    });
    after(async () => {
      await workspace?.close();
    });

    it('counts every object as the dataset holds it', () => {
      const count = (object: string) => report.objects.find((o) => o.object === object)?.count;
      const interactions = k.cases.flatMap((c) => c.interactions);
      const messages = (k.conversations ?? []).flatMap((c) => c.messages);
      expect({
        customers: count('customers'), cases: count('cases'), interactions: count('interactions'), authors: count('authors'),
        conversations: count('conversations'), messages: count('messages'), kb_articles: count('kb_articles'), kb_images: count('kb_images'),
        attachments: count('attachments'), agents: count('agents'),
      }).to.deep.equal({
        customers: k.customers.length, cases: k.cases.length, interactions: interactions.length, authors: k.authors!.length,
        conversations: k.conversations!.length, messages: messages.length, kb_articles: k.kb!.articles.length, kb_images: k.kb!.images!.length,
        attachments: interactions.reduce((n, i) => n + (i.attachments?.length ?? 0), 0) + messages.reduce((n, m) => n + (m.media?.length ?? 0), 0),
        agents: k.agents!.length,
      });
      expect(report.objects.every((o) => o.status === 'exported')).to.equal(true);
    });

    it('counts the staged records that fill each custom field', () => {
      const records: Record<string, Record<string, unknown>[]> = { customer: k.customers, case: k.cases };
      for (const object of report.customFields) {
        for (const field of object.fields) {
          const expected = records[object.object].filter((r) => r[field.name] !== undefined && r[field.name] !== null).length;
          expect(field.filled, `${object.object}.${field.name}`).to.equal(expected);
        }
      }
      expect(report.customFields.flatMap((o) => o.fields).some((f) => f.filled! > 0)).to.equal(true);
    });

    it('counts the cases of each brand, initiative and campaign, declared ones unused included', () => {
      const tally = (ids: (string | null | undefined)[]) => ids.reduce<Record<string, number>>((t, id) => (id ? { ...t, [id]: (t[id] ?? 0) + 1 } : t), {});
      const counts = (entries: { id: string; cases: number | null }[]) => Object.fromEntries(entries.filter((e) => e.cases).map((e) => [e.id, e.cases]));
      expect(counts(report.catalog.brands)).to.deep.equal(tally(k.cases.map((c) => c.brandId)));
      expect(counts(report.catalog.initiatives)).to.deep.equal(tally(k.cases.map((c) => c.initiativeId)));
      expect(counts(report.catalog.campaigns)).to.deep.equal(tally(k.cases.map((c) => c.campaignId)));
      expect(report.catalog.brands.every((b) => b.declared && typeof b.cases === 'number')).to.equal(true);
    });

    it('gives the time span of cases, interactions and conversations', () => {
      const iso = (values: (string | number | undefined)[]) => {
        const times = values.filter((v) => v !== undefined).map((v) => new Date(v!).getTime()).sort((a, b) => a - b);
        return { from: new Date(times[0]).toISOString(), to: new Date(times.at(-1)!).toISOString() };
      };
      expect(report.timeSpan.casesCreated).to.deep.equal(iso(k.cases.map((c) => c.created)));
      expect(report.timeSpan.casesUpdated).to.deep.equal(iso(k.cases.map((c) => c.lastUpdated)));
      expect(report.timeSpan.interactionsCreated).to.deep.equal(iso(k.cases.flatMap((c) => c.interactions.map((i) => i.created))));
      expect(report.timeSpan.conversationsCreated).to.deep.equal(iso(k.conversations!.map((c) => c.createDate)));
    });

    it('reports the case id collisions and refused downloads the export met', () => {
      const q = report.quality;
      expect(q.caseIdCollisions.map((c) => c.ids.sort())).to.deep.include([...dataset.meta.edgeCases!['case-ids-colliding-when-normalized']].sort());
      expect(q.caseIdConflicts).to.be.at.least(1);
      expect(q.refusedDownloads).to.equal(dataset.meta.edgeCases!['attachment-over-size-limit'].length);
      expect(q.filesStored).to.be.above(0);
      expect(q.quarantined).to.equal(q.quarantine.reduce((n, r) => n + r.records, 0));
    });

    it('estimates from the staged counts exactly the requests the export spent on each rate-limited bucket', () => {
      const e = report.estimate.estimate;
      expect(e.unknown).to.deep.equal([]);
      const spent: Record<string, number> = {};
      for (const r of requests) spent[bucketOf(r)] = (spent[bucketOf(r)] ?? 0) + 1;
      for (const bucket of ['crm', 'care', 'careOther', 'marketing', 'community']) {
        expect(spent[bucket], bucket).to.equal(e.buckets.find((b) => b.bucket === bucket)!.requests);
      }
      // One Analytics job per window (polls past the first and windows without rows vary).
      expect(requests.filter((r) => r.family === 'analytics' && r.method === 'POST')).to.have.length(e.windows);
      expect(e.minutes).to.be.above(0);
    });

    it('writes discover.json and discover.md beside the workspace, the Markdown with every section and no secret', async () => {
      const written = await writeDiscoverReport(report, defaultReportDir(path()));
      expect(written.json).to.equal(join(dir, 'full.reports', 'discover.json'));
      expect(JSON.parse(await readFile(written.json, 'utf8'))).to.deep.equal(report);
      const markdown = await readFile(written.markdown, 'utf8');
      for (const section of SECTIONS) expect(markdown, section).to.include(`\n## ${section}\n`);
      for (const text of ['### Automation rules', '### Work queues → Intercom team inboxes', '### SLAs → Intercom SLA rules', 'Rebuild in Intercom as', '| [ ] |']) {
        expect(markdown).to.include(text);
      }
      for (const rule of k.automationRules!) expect(markdown).to.include(rule.name);
      for (const secret of [sims.ready.intercom.token, sims.ready.khoros.password, sims.ready.khoros.companyKey, sims.ready.khoros.marketingToken]) {
        expect(markdown).to.not.include(secret);
        expect(JSON.stringify(report)).to.not.include(secret);
      }
      expect(markdown).to.not.include('not exported yet');
    });
  });
});
