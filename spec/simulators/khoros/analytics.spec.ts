import { expect } from 'chai';
import got from 'got';
import { startKhorosSimulator, type KhorosSimulator } from '../../../simulators/khoros/server.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { AS_OF, DAY, HOUR, SPAN_START, fixtureDataset } from './fixture.ts';

describe('Khoros simulator: Analytics Reports API', () => {
  const dataset = fixtureDataset();
  const JOB_MS = 5_000;
  let now = AS_OF;
  let sim: KhorosSimulator;

  before(async () => {
    sim = await startKhorosSimulator({ dataset: fixtureDataset(), quotaScale: 1000, analyticsJobMs: JOB_MS, clock: () => now });
  });
  after(() => sim.close());

  async function call(urlOrPath: string, options: { method?: 'GET' | 'POST'; basic?: boolean } = {}) {
    const url = urlOrPath.startsWith('http') ? urlOrPath : `${sim.urls.analytics}${urlOrPath}`;
    const auth = Buffer.from(`${sim.settings.username}:${sim.settings.password}`).toString('base64');
    const headers = options.basic === false ? {} : { authorization: `Basic ${auth}` };
    const res = await got(url, { method: options.method ?? 'GET', headers, throwHttpErrors: false, retry: { limit: 0 }, responseType: 'text' });
    return { status: res.statusCode, type: res.headers['content-type'], text: res.body, json: () => JSON.parse(res.body) };
  }

  const key = () => `companyKey=${sim.settings.companyKey}`;
  const reportPath = (exportId: string, start: number, end: number, extra = '') =>
    `/api/public/reports/report/${exportId}?${key()}&startTime=${start}&endTime=${end}${extra}`;

  /** Creates a job, lets it complete and downloads it. */
  async function runReport(exportId: string, start: number, end: number, extra = '') {
    const created = (await call(reportPath(exportId, start, end, extra), { method: 'POST' })).json();
    now += JOB_MS;
    const status = (await call(created.result.statusUrl)).json();
    return call(status.result.jobInfo.downloadUrl, { basic: false });
  }

  it('runs a Raw Conversation job from RUNNING (array result) to COMPLETED (object result) and downloads rows matching the dataset', async () => {
    const created = await call(reportPath('conversation', SPAN_START, AS_OF, '&conversationReportType=CREATED'), { method: 'POST' });
    expect(created.status).to.equal(200);
    const { status, request, message, result } = created.json();
    expect({ status, request, message }).to.deep.equal({ status: 'PASS', request: null, message: null });
    expect(result).to.have.keys('workflowId', 'runId', 'downloadUrl', 'statusUrl');
    expect(result.downloadUrl).to.equal('');
    expect(result.statusUrl).to.equal(`${sim.urls.analytics}/api/public/reports/report/${result.workflowId}/${result.runId}/status?${key()}`);

    now += JOB_MS / 2;
    const running = (await call(result.statusUrl)).json();
    expect(running.status).to.equal('PASS');
    expect(running.result).to.be.an('array').with.length(1);
    expect(running.result[0].jobInfo).to.deep.equal({ workflowId: result.workflowId, runId: result.runId, downloadUrl: '', statusUrl: result.statusUrl });
    expect(running.result[0].result).to.include({ runnerState: 'RUNNING', detail: '', totalCount: 5 });

    now += JOB_MS / 2;
    const done = (await call(result.statusUrl)).json();
    expect(done.result).to.be.an('object').that.is.not.an('array');
    expect(done.result.result).to.include({ runnerState: 'CLOSED', detail: 'COMPLETED', currentCount: 5, totalCount: 5 });
    expect(done.result.jobInfo.downloadUrl).to.match(/\/download\?analyticsAccessToken=[0-9a-f]+$/);

    const download = await call(done.result.jobInfo.downloadUrl, { basic: false });
    expect(download.status).to.equal(200);
    const rows = download.json();
    expect(rows).to.be.an('array');
    const conversations = dataset.khoros.conversations!;
    expect(rows.map((r: { conversationId: string }) => r.conversationId)).to.deep.equal(conversations.map((c) => c.lswUuid));
    for (const [i, c] of conversations.entries()) {
      expect(rows[i]).to.include({ conversationDisplayId: c.displayNumber, status: c.status, priority: c.priority, createdTime: c.createDate, closedTime: c.closeDate ?? null });
    }
    expect(rows[0]).to.include({ workQueueId: 156, workQueueName: 'Social', assignedAgentEmail: 'ada@brand.example', authorId: 'person-0001', network: 'twitter', messageCount: 2, responseCount: 1, tagIds: '501' });
    for (const row of rows) for (const value of Object.values(row)) expect(value === null || typeof value !== 'object', 'flat rows').to.equal(true);
  });

  it('selects conversations open at the end (default) or closed in the window', async () => {
    const open = (await runReport('conversation', SPAN_START, SPAN_START + 80 * HOUR)).json();
    expect(open.map((r: { conversationId: string }) => r.conversationId)).to.deep.equal(['conv-0002', 'conv-0003', 'conv-0004']);
    const closed = (await runReport('conversation', SPAN_START, SPAN_START + 2 * DAY, '&conversationReportType=CLOSED')).json();
    expect(closed.map((r: { conversationId: string }) => r.conversationId)).to.deep.equal(['conv-0001']);
  });

  it('downloads CSV with a header row of the export columns', async () => {
    const csv = await runReport('raw_agent_states', SPAN_START, AS_OF, '&reportFormat=csv');
    expect(csv.type).to.match(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).to.equal('agentId,agentNumericId,agentName,agentEmail,role,teamIds,initiativeIds,active');
    expect(lines.slice(1)).to.deep.equal([
      'agent-0001,1,Ada Agent,ada@brand.example,admin,team-1,,true',
      'agent-0002,2,KH-Bob Builder,bob@brand.example,agent,team-1;team-2,,true',
      'agent-0003,3,Cy Gone,cy@brand.example,agent,,,false',
    ]);
  });

  it('exports Raw Author rows for persons changed in the window', async () => {
    const rows = (await runReport('author', SPAN_START, SPAN_START + DAY)).json();
    const expected = dataset.khoros.authors!.filter((a) => a.lastModified < SPAN_START + DAY).map((a) => a.id);
    expect(rows.map((r: { authorId: string }) => r.authorId)).to.deep.equal(expected);
    expect(rows[1]).to.include({ authorDisplayId: 13_002, name: 'Face 2', networks: 'twitter;crm;facebook', crmId: 'cust-2', deleted: false });
    expect(rows[3]).to.include({ deleted: true });
  });

  it('snapshots the rows when the job is created', async () => {
    const created = (await call(reportPath('conversation', SPAN_START, AS_OF + DAY, '&conversationReportType=CREATED'), { method: 'POST' })).json();
    const extra = { ...dataset.khoros.conversations![4], lswUuid: 'conv-late', displayNumber: 1099, createDate: AS_OF + HOUR };
    sim.store.putConversation(extra);
    now += JOB_MS;
    const done = (await call(created.result.statusUrl)).json();
    expect(done.result.result.totalCount).to.equal(5);
    expect((await call(done.result.jobInfo.downloadUrl, { basic: false })).json()).to.have.length(5);
  });

  it('puts an error string in a PASS result for a window longer than the maximum', async () => {
    const tooLong = SPAN_START + sim.settings.analyticsMaxWindowMs + HOUR;
    const answer = await call(reportPath('conversation', SPAN_START, tooLong));
    expect(answer.status).to.equal(200);
    const body = answer.json();
    expect(body.status).to.equal('PASS');
    expect(body.result).to.be.a('string').and.match(/^Unable to hydrate filter .*Too many buckets \(745\)/);
  });

  it('answers FAIL for unsupported exports, bad parameters and unknown jobs', async () => {
    const fail = async (path: string, status: number) => {
      const answer = await call(path);
      expect(answer.status, path).to.equal(status);
      expect(answer.json()).to.include({ status: 'FAIL', request: null, result: null });
      expect(answer.json().message).to.be.a('string');
    };
    await fail(reportPath('combined', SPAN_START, AS_OF), 400);
    await fail(`/api/public/reports/report/conversation?${key()}&endTime=${AS_OF}`, 400);
    await fail(reportPath('conversation', SPAN_START, AS_OF, '&reportFormat=xml'), 400);
    await fail(reportPath('conversation', SPAN_START, AS_OF, '&conversationReportType=ALL'), 400);
    await fail(`/api/public/reports/report/no-such/run/status?${key()}`, 404);
  });

  it('lists teams in the documented shape', async () => {
    expect((await call(`/api/public/teams?${key()}`)).json()).to.deep.equal({
      status: 'PASS', request: null, message: null,
      result: [
        { uuid: 'team-1', teamId: 11, name: 'Tier 1', description: 'First line', numberOfMembers: 2 },
        { uuid: 'team-2', teamId: 12, name: 'Escalations', description: '', numberOfMembers: 1 },
      ],
    });
  });

  it('exports every conversation of a generated dataset (seed 1, tiny) in a CREATED report over its whole span', async () => {
    const dataset = generateDataset({ seed: 1, scale: 'tiny' });
    const conversations = dataset.khoros.conversations!;
    const gen = await startKhorosSimulator({ dataset, quotaScale: 1000, analyticsJobMs: 0, analyticsMaxWindowMs: 10 * 365 * DAY });
    try {
      const auth = Buffer.from(`${gen.settings.username}:${gen.settings.password}`).toString('base64');
      const get = async (url: string) => JSON.parse((await got(url, { headers: { authorization: `Basic ${auth}` }, retry: { limit: 0 }, responseType: 'text' })).body);
      const start = Math.min(...conversations.map((c) => c.createDate));
      const end = Math.max(...conversations.map((c) => c.createDate)) + 1;
      const created = await get(`${gen.urls.analytics}/api/public/reports/report/conversation?companyKey=${gen.settings.companyKey}&startTime=${start}&endTime=${end}&conversationReportType=CREATED`);
      const status = await get(created.result.statusUrl);
      expect(status.result.result.detail).to.equal('COMPLETED');
      const rows = await get(status.result.jobInfo.downloadUrl);
      expect(rows.map((r: { conversationId: string; conversationDisplayId: number }) => [r.conversationId, r.conversationDisplayId]))
        .to.deep.equal(conversations.map((c) => [c.lswUuid, c.displayNumber]));
    } finally {
      await gen.close();
    }
  });
});
