import { expect } from 'chai';
import { conversationsSource, type ConversationsOptions } from '../../../../pipeline/khoros/sources/conversations.ts';
import { behavesLikeASource, collect, FAST_REPORT, keysOf, stubJson, useSimulator, type SimContext } from './source-harness.ts';

const DAY = 86_400_000;
const SINCE = Date.parse('2023-01-01T00:00:00Z');

describe('conversationsSource (Analytics Raw Conversation report, then displayIds details)', () => {
  // Wide report windows are allowed, so the resume checks can walk few of them.
  const ctx = useSimulator({ analyticsMaxWindowMs: 400 * DAY });
  const until = () => ctx.dataset.meta.asOf!;
  const options = (more: ConversationsOptions = {}): ConversationsOptions => ({ since: SINCE, until: until(), ...more, report: { ...FAST_REPORT, ...more.report } });
  const created = () => ctx.dataset.khoros.conversations!.map((c) => c.createDate);
  /** Windows of `days` from SINCE to until, and how many hold a conversation. */
  const windows = (days: number) => {
    const count = Math.ceil((until() - SINCE) / (days * DAY));
    const withRows = new Set(created().map((t) => Math.floor((t - SINCE) / (days * DAY)))).size;
    return { count, withRows, firstHasRows: created().some((t) => t < SINCE + days * DAY) };
  };
  const analytics = (ctx: SimContext) => ctx.sim().requests.list('analytics');
  const creates = (ctx: SimContext) => analytics(ctx).filter((r) => r.method === 'POST').length;

  behavesLikeASource(ctx, {
    family: 'conversations', stream: 'conversations',
    source: () => conversationsSource(options()),
    paged: () => conversationsSource(options({ pageSizes: { displayIds: 4 }, report: { windowDays: 400 } })),
    expected: ({ dataset }) => dataset.khoros.conversations!.map((c) => c.lswUuid),
    counts: (r) => r.family === 'analytics' || (r.family === 'care' && r.path.startsWith('/api/v2/conversations/displayIds/')),
    // Per 31-day window: create + one poll, + the download when it holds rows; then ceil(n / 20) details.
    minimum: ({ dataset }) => 2 * windows(31).count + windows(31).withRows + Math.ceil(dataset.khoros.conversations!.length / 20),
    firstPage: 2 + (windows(400).firstHasRows ? 1 : 0),
  });

  it('spends ceil(n / 20) details calls on the care quota, batching ids across windows', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(conversationsSource(options({ pageSizes: { displayIds: 4 }, report: { windowDays: 100 } })), ctx.clients());
    const details = ctx.sim().requests.list('care');
    expect(details).to.have.length(Math.ceil(created().length / 4));
    expect(details.every((r) => r.path.startsWith('/api/v2/conversations/displayIds/'))).to.equal(true);
    expect(pages.filter((p) => p.records.length > 0).map((p) => p.records.length)).to.deep.equal([4, 2]);
  });

  it('emits the details with their messages', async () => {
    const records = (await collect(conversationsSource(options({ report: { windowDays: 400 } })), ctx.clients())).flatMap((p) => p.records) as { lswUuid: string; messages: unknown[] }[];
    const byId = new Map(ctx.dataset.khoros.conversations!.map((c) => [c.lswUuid, c.messages.length]));
    expect(records.every((r) => r.messages.length === byId.get(r.lswUuid))).to.equal(true);
  });

  it('polls each job once when the first wait covers its duration, and skips downloading empty reports', async () => {
    ctx.sim().requests.clear();
    await collect(conversationsSource(options()), ctx.clients());
    const { count, withRows } = windows(31);
    expect(creates(ctx)).to.equal(count);
    expect(analytics(ctx).filter((r) => r.path.endsWith('/status'))).to.have.length(count);
    expect(analytics(ctx).filter((r) => r.path.endsWith('/download'))).to.have.length(withRows);
    const query = new URLSearchParams(analytics(ctx)[0].query);
    expect(query.get('conversationReportType')).to.equal('CREATED');
    expect(Number(query.get('endTime')) - Number(query.get('startTime'))).to.equal(31 * DAY);
  });

  it('polls again, waiting longer, while the job runs', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(conversationsSource(options({ report: { windowDays: 400, firstPollMs: 10, pollGrowth: 2 } })), ctx.clients());
    expect(keysOf(pages)).to.have.length(created().length);
    expect(analytics(ctx).filter((r) => r.path.endsWith('/status')).length).to.be.above(windows(400).count);
  });

  it('checkpoints the next window and the ids enumerated but not fetched', async () => {
    const pages = await collect(conversationsSource(options({ pageSizes: { displayIds: 4 }, report: { windowDays: 400 } })), ctx.clients());
    expect(pages[0].checkpoint).to.have.keys('start', 'windowMs', 'pending', 'done');
    expect(pages[0].checkpoint.start).to.equal(SINCE + 400 * DAY);
    expect(pages[0].checkpoint.windowMs).to.equal(400 * DAY);
    const pending = pages[0].checkpoint.pending as [number, string][];
    expect(pending.every(([d, id]) => ctx.dataset.khoros.conversations!.some((c) => c.displayNumber === d && c.lswUuid === id))).to.equal(true);
    expect(pages.at(-1)!.checkpoint).to.include({ done: true, start: until() });
    expect(pages.at(-1)!.checkpoint.pending).to.deep.equal([]);
  });

  it('narrows the window after a "Too many buckets" answer and keeps the narrower window', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(conversationsSource(options({ report: { windowDays: 800 } })), ctx.clients());
    expect(keysOf(pages).sort()).to.deep.equal(ctx.dataset.khoros.conversations!.map((c) => c.lswUuid).sort());
    expect(pages.every((p) => p.checkpoint.windowMs === 400 * DAY)).to.equal(true);
    expect(creates(ctx), 'one refused create, then one per 400-day window').to.equal(windows(400).count + 1);
  });

  it('cuts a window holding more than maxWindowIds conversations at a creation time', async () => {
    const pages = await collect(conversationsSource(options({ maxWindowIds: 2, pageSizes: { displayIds: 2 }, report: { windowDays: 400 } })), ctx.clients());
    const keys = keysOf(pages);
    expect(new Set(keys).size).to.equal(keys.length);
    expect(keys.sort()).to.deep.equal(ctx.dataset.khoros.conversations!.map((c) => c.lswUuid).sort());
    expect(Math.max(...pages.map((p) => (p.checkpoint.pending as unknown[]).length))).to.be.at.most(3);
  });

  it('lists the ids the details call does not return as missing, keyed by lswUuid', async () => {
    const clients = ctx.clients();
    const real = clients.analytics.json.bind(clients.analytics);
    const ghosts = stubJson(clients, 'analytics', async (path, opts) => {
      const body = await real(path, opts);
      return path.includes('/download') ? [...(body as unknown[]), { conversationId: 'ghost-uuid', conversationDisplayId: 999_999_999 }] : body;
    });
    const pages = await collect(conversationsSource(options({ report: { windowDays: 400 } })), ghosts);
    const missing = pages.flatMap((p) => p.missing ?? []);
    expect(missing.map((m) => m.key)).to.include('ghost-uuid');
    expect(missing.find((m) => m.key === 'ghost-uuid')!.reason).to.match(/^not_found: display id 999999999 .*Conversation not found/);
    expect(keysOf(pages)).to.have.length(created().length);
  });

  it('emits one done page and requests nothing when since is not before until', async () => {
    ctx.sim().requests.clear();
    const pages = await collect(conversationsSource({ since: until(), until: until() }), ctx.clients());
    expect(pages).to.have.length(1);
    expect(pages[0].records).to.deep.equal([]);
    expect(pages[0].checkpoint.done).to.equal(true);
    expect(ctx.sim().requests.list()).to.deep.equal([]);
  });
});
