import { expect } from 'chai';
import { ConfigError } from '../../../pipeline/errors.ts';
import { estimateMigration } from '../../../pipeline/estimate.ts';
import { estimateExport } from '../../../pipeline/khoros/estimate-export.ts';

const LARGE = { customers: 100_000, cases: 170_000, interactions: 1_000_000, articles: 2_000 };
const SPAN = { since: '2023-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' };

describe('estimateMigration', () => {
  it('takes the export from estimateExport: the same requests per bucket and the same minutes, with the clients\' 2 % pacing margin', () => {
    const e = estimateMigration({ ...LARGE, conversations: 34_000, authors: 100_000, agents: 400, initiatives: 10, kbCategories: 100, kbBoards: 200, kbImages: 1_800, attachments: 110_200 }, SPAN);
    const direct = estimateExport({ customers: 100_000, cases: 170_000, authors: 100_000, conversations: 34_000, agents: 400, initiatives: 10,
      kbCategories: 100, kbBoards: 200, kbArticles: 2_000, kbImages: 1_800, attachments: 110_200 }, { ...SPAN, pacingMargin: 0.02 });
    expect(e.stages[0]).to.include({ stage: 'export', api: 'khoros', minutes: direct.minutes });
    expect(e.buckets.find((b) => b.bucket === 'khoros care')).to.deep.include({ requests: 11_700, callsPerMinute: 60 });
    expect(e.buckets.find((b) => b.bucket === 'khoros crm')?.requests).to.equal(100 + 2 + 1_700);
  });

  it('counts Intercom requests per stage from the stated arithmetic and paces them at 9,900 a minute (10,000 less 17 per 10-second window)', () => {
    const e = estimateMigration({ ...LARGE, conversations: 30_000, parts: 1_000_000, conversationTags: 400_000, linkedArticles: 100, kbImages: 0, kbCategories: 10, kbBoards: 20 }, SPAN);
    const stage = (name: string) => e.stages.find((s) => s.stage === name)!;
    expect(e.intercomEffectivePerMinute).to.equal(9_900);
    expect(stage('import: contacts').requests).to.equal(100_000);
    expect(stage('import: conversations').requests).to.equal(2 * 200_000 + 1_000_000 + 400_000);
    expect(stage('import: conversations').minutes).to.equal(1_800_000 / 9_900);
    expect(stage('import: articles').requests).to.equal(2_000 + 8 + 100); // creates, ⌈2,000 / 250⌉ list pages, link updates (no images)
    expect(stage('import: reads').requests).to.equal(7 + 1 + Math.ceil(100_000 / 150));
    expect(stage('verify --sample').requests).to.equal(7 + 2 * 8 + 50 + 25 + 10);
    expect(stage('verify --full').requests).to.equal(7 + 2 * 8 + 100_000 + 200_000 + 2_000);
    expect(stage('verify --full').inTotal).to.equal(false);
    expect(e.totalMinutes).to.be.closeTo(e.stages.filter((s) => s.inTotal).reduce((n, s) => n + s.minutes, 0), 1e-9);
  });

  it('derives what is not given, says how, and a given count replaces its rule', () => {
    const derived = estimateMigration(LARGE, SPAN);
    expect(derived.assumptions.find((a) => a.count === 'conversations')).to.deep.equal({ count: 'conversations', value: 34_000, rule: 'cases / 5' });
    expect(derived.counts.conversationTags).to.equal(3 * 204_000);
    const given = estimateMigration({ ...LARGE, conversations: 1_000 }, SPAN);
    expect(given.assumptions.map((a) => a.count)).not.to.include('conversations');
    expect(given.counts.conversationTags).to.equal(3 * 171_000);
  });

  it('a faster Intercom quota shortens only the Intercom stages', () => {
    const base = estimateMigration(LARGE, SPAN);
    const fast = estimateMigration(LARGE, { ...SPAN, intercomPerMinute: 20_000 });
    expect(fast.stages[0].minutes).to.equal(base.stages[0].minutes);
    expect(fast.stages.find((s) => s.stage === 'import: conversations')!.minutes).to.be.below(base.stages.find((s) => s.stage === 'import: conversations')!.minutes / 1.9);
  });

  it('refuses a missing or invalid count, naming it and the value', () => {
    expect(() => estimateMigration({ customers: 1, cases: 1, interactions: 1 } as never)).to.throw(ConfigError, /articles: required/);
    expect(() => estimateMigration({ ...LARGE, cases: -3 })).to.throw(ConfigError, /cases -3: expected a whole number/);
    expect(() => estimateMigration({ ...LARGE, parts: 1.5 })).to.throw(ConfigError, /parts 1\.5/);
    expect(() => estimateMigration(LARGE, { intercomPerMinute: 0 })).to.throw(ConfigError, /intercomPerMinute 0/);
  });
});
