import { expect } from 'chai';
import { caseAt } from '../../../simulators/dataset/cases.ts';
import { customerAt } from '../../../simulators/dataset/customers.ts';
import { generateDataset, planFor } from '../../../simulators/dataset/generate-dataset.ts';
import { SCALES } from '../../../simulators/dataset/scales.ts';
import { TIMELINE } from '../../../simulators/dataset/timeline.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectUnique(values: unknown[], what: string): void {
  const seen = new Set<unknown>();
  const duplicates = values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
  expect(duplicates, `duplicate ${what}`).to.deep.equal([]);
}

function expectInTimeline(iso: string | undefined, what: string): void {
  const t = Date.parse(iso!);
  expect(t, `${what} ${iso}`).to.be.within(TIMELINE.start, TIMELINE.end);
}

/** Every reference in the document points at a record that exists. */
function checkReferences(d: Dataset): void {
  const k = d.khoros;
  const customers = new Set(k.customers.map((c) => c.id));
  const authors = new Map(k.authors!.map((a) => [a.id, a]));
  const agents = new Map(k.agents!.map((a) => [a.lswUuid, a]));
  const agentEmails = new Set(k.agents!.map((a) => a.email));
  const brands = new Set(k.brands!.map((b) => b.id));
  const initiatives = new Set(k.initiatives!.map((i) => i.id));
  const campaigns = new Map(k.campaigns!.map((p) => [p.campaignId, p]));
  const queues = new Map(k.workQueues!.map((q) => [q.id, q]));
  const tagNames = new Set(k.tags!.map((t) => t.name));
  const tagIds = new Set(k.tags!.map((t) => t.tagId));
  const teams = new Set(k.teams!.map((t) => t.uuid));

  for (const a of k.agents!) {
    for (const t of a.teamIds ?? []) expect(teams.has(t), `agent ${a.id} team ${t}`).to.equal(true);
    for (const i of a.initiativeIds ?? []) expect(initiatives.has(i), `agent ${a.id} initiative ${i}`).to.equal(true);
  }
  for (const t of k.teams!) for (const m of t.memberIds ?? []) expect(agents.has(m), `team ${t.name} member ${m}`).to.equal(true);
  for (const p of k.campaigns!) expect(initiatives.has(p.initiativeId), `plan ${p.id}`).to.equal(true);

  const crmOwners = new Map<string, number>();
  for (const a of k.authors!) {
    expect(a.id).to.match(UUID);
    for (const [network, handles] of Object.entries(a.handles)) for (const h of handles) expect(h.lswUuid, `${a.id} ${network}`).to.match(UUID);
    for (const h of a.handles.crm ?? []) {
      expect(customers.has(h.id!), `author ${a.id} crm ${h.id}`).to.equal(true);
      crmOwners.set(h.id!, (crmOwners.get(h.id!) ?? 0) + 1);
    }
    if (a.mergedIntoId) expect(authors.has(a.mergedIntoId)).to.equal(true);
    for (const t of a.tags ?? []) expect(tagIds.has(t.tagId)).to.equal(true);
    for (const n of a.notes ?? []) expect(agents.has(n.agent.lswUuid)).to.equal(true);
  }
  for (const c of k.customers) expect(crmOwners.get(c.id), `persons of customer ${c.id}`).to.equal(1);

  for (const c of k.cases) {
    expect(customers.has(c.customerId!), `case ${c.id} customer`).to.equal(true);
    if (c.assignedAgent) {
      const agent = agents.get(c.assignedAgent.lswUuid);
      expect(agent, `case ${c.id} agent`).to.exist;
      expect(agent!.email).to.equal(c.assignedAgent.email);
      expect(agent!.name).to.equal(c.assignedAgent.name);
    }
    expect(brands.has(c.brandId!), `case ${c.id} brand`).to.equal(true);
    expect(initiatives.has(c.initiativeId!), `case ${c.id} initiative`).to.equal(true);
    if (c.campaignId !== null) {
      expect(campaigns.get(c.campaignId!)?.initiativeId, `case ${c.id} campaign`).to.equal(c.initiativeId);
    }
    expect(queues.get(c.workQueueId!)?.archived, `case ${c.id} queue`).to.equal(false);
    for (const t of c.tags ?? []) expect(tagNames.has(t)).to.equal(true);
    expectInTimeline(c.created, `case ${c.id} created`);
    expectInTimeline(c.lastUpdated, `case ${c.id} lastUpdated`);
    expect(Date.parse(c.lastUpdated!)).to.be.at.least(Date.parse(c.created!));
    for (const i of c.interactions) {
      expectInTimeline(i.created, `interaction ${i.id}`);
      expect(Date.parse(i.created)).to.be.at.least(Date.parse(c.created!));
      if (i.direction === 'inbound') {
        expect(authors.get(i.author!.authorId!)?.handles.crm?.[0].id, `interaction ${i.id} author`).to.equal(c.customerId);
      } else {
        expect(agentEmails.has(i.author!.email!), `interaction ${i.id} agent`).to.equal(true);
      }
    }
  }

  for (const conv of k.conversations!) {
    expect(conv.lswUuid).to.match(UUID);
    for (const p of conv.participants ?? []) expect(authors.has(p), `conversation ${conv.displayNumber} participant`).to.equal(true);
    for (const m of conv.messages) {
      expect(authors.has(m.author.personId!)).to.equal(true);
      expect(m.receiveDate).to.be.within(TIMELINE.start, TIMELINE.end);
    }
    const queue = queues.get(conv.workQueue!.lswUuid);
    expect(queue?.numericId).to.equal(conv.workQueue!.id);
    for (const t of conv.tags ?? []) expect(tagIds.has(t.tagId)).to.equal(true);
    const assigned = conv.assignedToAgent as { lswUuid?: string };
    if (assigned.lswUuid) expect(agents.has(assigned.lswUuid)).to.equal(true);
    else expect(assigned).to.deep.equal({});
    expect(conv.lastModified).to.be.at.least(conv.createDate);
  }

  const kb = k.kb!;
  const categories = new Set(kb.categories.map((c) => c.id));
  const boards = new Set(kb.boards.map((b) => b.id));
  const articles = new Set(kb.articles.map((a) => a.id));
  const images = new Set(kb.images!.map((i) => i.id));
  for (const c of kb.categories) if (c.parentId) expect(categories.has(c.parentId)).to.equal(true);
  for (const b of kb.boards) expect(categories.has(b.categoryId)).to.equal(true);
  for (const i of kb.images!) expect(i.id).to.match(/^\d+i[0-9A-F]{16}$/);
  for (const a of kb.articles) {
    expect(boards.has(a.boardId), `article ${a.id} board`).to.equal(true);
    for (const id of a.imageIds ?? []) expect(images.has(id), `article ${a.id} image ${id}`).to.equal(true);
    for (const [, id] of a.body.matchAll(/image-id\/([^/]+)\/image-size/g)) if (id !== '0iBROKEN') expect(images.has(id), `article ${a.id} img ${id}`).to.equal(true);
    const links = [...a.body.matchAll(/href="https:\/\/([^/]+)\/t5\/[^/]+\/[^/]+\/ta-p\/(\d+)"/g)];
    for (const [, host, id] of links) {
      expect(host).to.equal(k.instance!.communityHost);
      expect(articles.has(id), `article ${a.id} links ${id}`).to.equal(true);
    }
    expect(links.length, `article ${a.id} links`).to.be.at.least(1);
    expect(a.post_time).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(a.last_edit_time!)).to.be.at.least(Date.parse(a.post_time));
  }

  const ic = d.intercom;
  const adminIds = new Set(ic.admins!.map((a) => Number(a.id)));
  const teamIds = new Set(ic.teams!.map((t) => Number(t.id)));
  for (const t of ic.teams!) for (const id of t.admin_ids) expect(adminIds.has(id)).to.equal(true);
  for (const a of ic.admins!) for (const id of a.team_ids ?? []) expect(teamIds.has(id)).to.equal(true);
  const icTags = new Set(ic.tags!.map((t) => t.id));
  for (const c of ic.contacts!) {
    expect(c.id).to.match(/^[0-9a-f]{24}$/);
    for (const t of c.tags ?? []) expect(icTags.has(t)).to.equal(true);
  }
  const helpCenters = new Set(ic.help_centers!.map((h) => h.id));
  for (const b of ic.brands!) if (b.help_center_id) expect(helpCenters.has(b.help_center_id)).to.equal(true);
  expect(ic.brands!.filter((b) => b.is_default)).to.have.length(1);
}

function checkUniqueness(d: Dataset): void {
  const k = d.khoros;
  expectUnique(k.customers.map((c) => c.id), 'customer ids');
  expectUnique(k.customers.map((c) => c.email).filter(Boolean), 'customer emails');
  expectUnique(k.authors!.map((a) => a.id), 'author ids');
  expectUnique(k.authors!.map((a) => a.displayNumber), 'author display numbers');
  expectUnique(k.authors!.flatMap((a) => Object.values(a.handles).flat().map((h) => h.lswUuid)), 'handle lswUuids');
  expectUnique(k.agents!.map((a) => a.id), 'agent ids');
  expectUnique(k.agents!.map((a) => a.email), 'agent emails');
  expectUnique(k.agents!.map((a) => a.lswUuid), 'agent lswUuids');
  expectUnique(k.teams!.map((t) => t.uuid), 'team uuids');
  expectUnique(k.brands!.map((b) => b.id), 'brand ids');
  expectUnique(k.brands!.map((b) => b.name), 'brand names');
  expectUnique(k.initiatives!.map((i) => i.id), 'initiative ids');
  expectUnique(k.campaigns!.map((p) => p.id), 'plan ids');
  expectUnique(k.campaigns!.map((p) => p.campaignId), 'campaign ids');
  expectUnique(k.cases.map((c) => c.id), 'case ids');
  expectUnique(k.cases.flatMap((c) => c.interactions.map((i) => i.id)), 'interaction ids');
  const media = k.conversations!.flatMap((c) => c.messages.flatMap((m) => (m.media ?? []).map((a) => a.id)));
  expectUnique([...k.cases.flatMap((c) => c.interactions.flatMap((i) => (i.attachments ?? []).map((a) => a.id))), ...media], 'attachment ids');
  expectUnique(k.conversations!.map((c) => c.lswUuid), 'conversation lswUuids');
  expectUnique(k.conversations!.map((c) => c.displayNumber), 'conversation display numbers');
  expectUnique(k.conversations!.flatMap((c) => c.messages.map((m) => m.lswUuid)), 'message lswUuids');
  expectUnique(k.kb!.categories.map((c) => c.id), 'category ids');
  expectUnique(k.kb!.boards.map((b) => b.id), 'board ids');
  expectUnique(k.kb!.articles.map((a) => a.id), 'article ids');
  expectUnique(k.kb!.images!.map((i) => i.id), 'image ids');
  expectUnique(k.workQueues!.map((q) => q.id), 'work queue ids');
  expectUnique(k.workQueues!.map((q) => q.numericId), 'work queue numeric ids');
  expectUnique(k.tags!.map((t) => t.tagId), 'tag ids');
  expectUnique(k.tags!.map((t) => t.name), 'tag names');
  expectUnique(d.intercom.admins!.map((a) => a.id), 'admin ids');
  expectUnique(d.intercom.contacts!.map((c) => c.id), 'contact ids');
  expectUnique(d.intercom.tags!.map((t) => t.id), 'intercom tag ids');
}

describe('generateDataset', () => {
  it('gives the same document for the same seed and scale', () => {
    expect(JSON.stringify(generateDataset({ seed: 5, scale: 'tiny' }))).to.equal(JSON.stringify(generateDataset({ seed: 5, scale: 'tiny' })));
  });

  it('gives different documents for different seeds', () => {
    const a = generateDataset({ seed: 1, scale: 'tiny' });
    const b = generateDataset({ seed: 2, scale: 'tiny' });
    expect(a.khoros.customers.map((c) => c.displayName)).not.to.deep.equal(b.khoros.customers.map((c) => c.displayName));
    expect(a.khoros.cases.map((c) => c.created)).not.to.deep.equal(b.khoros.cases.map((c) => c.created));
  });

  it('derives a record from its index alone, whatever was generated before', () => {
    const fresh = planFor({ seed: 9, scale: 'small' });
    const late = caseAt(fresh, 250);
    const customer = customerAt(fresh, 150);
    const full = generateDataset({ seed: 9, scale: 'small' });
    expect(late).to.deep.equal(full.khoros.cases[250]);
    expect(customer).to.deep.equal(full.khoros.customers[150]);
  });

  it('writes the meta block: seed, scale, asOf and counts', () => {
    const d = generateDataset({ seed: 4, scale: 'small' });
    expect(d.version).to.equal(1);
    expect(d.meta).to.include({ seed: 4, scale: 'small', asOf: Date.UTC(2026, 10, 1) });
    expect(d.meta.counts).to.include({ customers: 200, cases: 300, interactions: 2000, articles: 30 });
    expect(d.meta.counts!.authors).to.equal(d.khoros.authors!.length);
    expect(d.meta.counts!.messages).to.equal(d.khoros.conversations!.reduce((n, c) => n + c.messages.length, 0));
    expect(d.meta.counts!['intercom.contacts']).to.equal(d.intercom.contacts!.length);
  });

  for (const scale of ['tiny', 'small'] as const) {
    describe(`at ${scale} scale`, () => {
      let d: Dataset;
      before(() => {
        d = generateDataset({ seed: 1, scale });
      });

      it('has exactly the counts of the scale', () => {
        expect(d.khoros.customers).to.have.length(SCALES[scale].customers);
        expect(d.khoros.cases).to.have.length(SCALES[scale].cases);
        expect(d.khoros.cases.reduce((n, c) => n + c.interactions.length, 0)).to.equal(SCALES[scale].interactions);
        expect(d.khoros.kb!.articles).to.have.length(SCALES[scale].articles);
      });

      it('keeps every reference consistent', () => checkReferences(d));

      it('keeps every id unique within its family, and lswUuids UUID-shaped', () => checkUniqueness(d));

      it('has 3 to 6 brands and Intercom admins for some but not all agents', () => {
        expect(d.khoros.brands!.length).to.be.within(3, 6);
        const adminEmails = new Set(d.intercom.admins!.map((a) => a.email.toLowerCase()));
        const matched = d.khoros.agents!.filter((a) => adminEmails.has(a.email.toLowerCase()));
        expect(matched.length).to.be.above(0).and.below(d.khoros.agents!.length);
        expect(d.intercom.admins!.length).to.be.above(matched.length);
      });

      it('names records as the real APIs do', () => {
        const c = d.khoros.cases.find((x) => x.interactions.length > 2)!;
        expect(c).to.include.keys('id', 'number', 'customerId', 'title', 'status', 'priority', 'assignedAgent', 'brandId', 'initiativeId', 'campaignId', 'workQueueId', 'tags', 'created', 'lastUpdated', 'interactions');
        expect(c.interactions[0]).to.include.keys('id', 'created', 'body', 'service', 'direction', 'kind', 'author');
        const conv = d.khoros.conversations![0];
        expect(conv).to.include.keys('lswUuid', 'displayNumber', 'status', 'createDate', 'assignedToAgent', 'workQueue', 'participants', 'messages', 'lastModified');
        expect(conv.messages[0]).to.include.keys('lswUuid', 'network', 'author', 'receiveDate', 'postContent', 'text');
        expect(d.khoros.kb!.articles[0]).to.include.keys('id', 'subject', 'body', 'boardId', 'visibility', 'language', 'post_time', 'last_edit_time', 'labels', 'imageIds');
        const fields = d.khoros.customFields!.customer!.map((f) => f.name);
        expect(d.khoros.customers.some((x) => fields.some((name) => name in x))).to.equal(true);
      });
    });
  }

  describe('at medium scale', function () {
    this.timeout(60_000);
    let d: Dataset;
    let seconds = 0;
    before(() => {
      const started = performance.now();
      d = generateDataset({ seed: 1, scale: 'medium' });
      seconds = (performance.now() - started) / 1000;
    });
    after(() => {
      d = undefined as unknown as Dataset; // 50 MB of records: let the rest of the run have it back
    });

    it(`has the stated counts (customers 5,000, cases 10,000, interactions 60,000, articles 300)`, () => {
      expect(d.khoros.customers).to.have.length(5_000);
      expect(d.khoros.cases).to.have.length(10_000);
      expect(d.khoros.cases.reduce((n, c) => n + c.interactions.length, 0)).to.equal(60_000);
      expect(d.khoros.kb!.articles).to.have.length(300);
      expect(d.khoros.conversations!.length).to.be.within(1_500, 2_500);
      process.stdout.write(`      (medium generated in memory in ${seconds.toFixed(1)} s)\n`);
    });

    it('spreads interactions over cases with a skew: many small cases, a few large ones', () => {
      const sizes = d.khoros.cases.map((c) => c.interactions.length).sort((a, b) => a - b);
      const median = sizes[Math.floor(sizes.length / 2)];
      const mean = 60_000 / 10_000;
      expect(median).to.be.below(mean);
      expect(sizes.filter((n) => n > 5 * mean).length).to.be.within(20, 1_000);
      expect(sizes[sizes.length - 1]).to.be.above(500);
    });

    it('keeps every reference consistent and every id unique', () => {
      checkReferences(d);
      checkUniqueness(d);
    });
  });
});
