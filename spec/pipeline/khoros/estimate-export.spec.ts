import { expect } from 'chai';
import { analyticsWindows, estimateExport, type ExportEstimate } from '../../../pipeline/khoros/estimate-export.ts';
import { DEFAULT_QUOTAS } from '../../../pipeline/khoros/quotas.ts';

const row = (estimate: ExportEstimate, family: string, bucket?: string) => {
  const found = estimate.families.find((f) => f.family === family && (bucket === undefined || f.bucket === bucket));
  if (!found) throw new Error(`no estimate row for ${family} ${bucket ?? ''}`);
  return found;
};
const bucket = (estimate: ExportEstimate, name: string) => estimate.buckets.find((b) => b.bucket === name)!;

const SPAN = { since: '2023-01-01T00:00:00Z', until: '2024-12-31T00:00:00Z' }; // 730 days: 24 windows
const ALL = { customers: 100_000, cases: 170_000, agents: 40, authors: 50_000, conversations: 80_000, initiatives: 12, kbCategories: 30, kbBoards: 8, kbArticles: 2_500, kbImages: 900, attachments: 12_000 };

describe('estimateExport', () => {
  it('counts CRM requests by the sources\' page sizes: 100,000 customers in 100, 170,000 cases in 1,700 (14.2 min at 120/min)', () => {
    const e = estimateExport({ customers: 100_000, cases: 170_000 }, SPAN);
    expect(row(e, 'customers').requests).to.equal(100);
    expect(row(e, 'cases').requests).to.equal(1_700);
    expect(row(e, 'cases').bucket).to.equal('crm');
    expect(row(e, 'cases').minutes!.toFixed(1)).to.equal('14.2');
    expect(row(e, 'custom_fields').requests).to.equal(2);
  });

  it('puts authors (⌈n / 10⌉) and conversation details (⌈n / 20⌉) on the one care bucket at 60/min', () => {
    const e = estimateExport({ authors: 50_001, conversations: 80_000 }, SPAN);
    expect(row(e, 'authors').requests).to.equal(5_001);
    expect(row(e, 'authors').minutes).to.be.closeTo(5_001 / 60, 1e-9);
    expect(row(e, 'conversations', 'care').requests).to.equal(4_000);
    expect(bucket(e, 'care').requests).to.equal(9_001);
    expect(bucket(e, 'care').minutes).to.be.closeTo(9_001 / 60, 1e-9);
  });

  it('enumerates conversations with one Analytics job per window (create, poll, download) and cuts crowded windows', () => {
    expect(analyticsWindows(SPAN.since, SPAN.until)).to.equal(24);
    const e = estimateExport({ conversations: 80_000 }, SPAN);
    const jobs = 24 + 16; // 80,000 / 5,000 cuts
    expect(e.windows).to.equal(24);
    expect(row(e, 'conversations', 'analytics').requests).to.equal(3 * jobs);
    expect(estimateExport({ conversations: 3 }, SPAN).families.find((f) => f.bucket === 'analytics' && f.family === 'conversations')!.requests).to.equal(2 * 24 + 3);
  });

  it('lists the small families at their floor: directories 1 each, campaigns one per staged initiative, one Community login', () => {
    const e = estimateExport({ agents: 1_200, initiatives: 1_500, kbArticles: 2_500 }, SPAN);
    expect(row(e, 'agents').requests).to.equal(3);
    for (const family of ['brands', 'work_queues', 'tags', 'automation_rules', 'slas', 'teams']) expect(row(e, family).requests, family).to.equal(1);
    expect(row(e, 'teams').bucket).to.equal('analytics');
    expect(row(e, 'initiatives').requests).to.equal(2);
    expect(row(e, 'campaigns').requests).to.equal(1_500);
    expect(row(e, 'kb_articles').requests).to.equal(3);
    expect(row(e, 'community_login').requests).to.equal(1);
  });

  it('adds up the first phase (customers, custom fields, agents, cases, initiatives, one after the other)', () => {
    const e = estimateExport(ALL, SPAN);
    expect(e.firstPhaseMinutes).to.be.closeTo((100 + 2 + 1_700) / 120 + 1 / 60 + 1 / 120, 1e-9);
    expect(['customers', 'custom_fields', 'agents', 'cases', 'initiatives'].every((f) => row(e, f).phase === 'first')).to.equal(true);
  });

  it('takes the slowest bucket for the parallel phase, and the total is first + parallel + downloads', () => {
    const e = estimateExport(ALL, SPAN);
    const care = (5_000 + 4_000) / 60; // authors + conversation details
    const analytics = (3 * (24 + 16) + 1) / 20; // enumeration + teams
    const marketing = 13 / 120; // campaigns: the initiatives were listed in the first phase
    expect(bucket(e, 'analytics').minutes).to.be.closeTo(analytics, 1e-9);
    expect(bucket(e, 'marketing').minutes).to.be.closeTo(marketing, 1e-9);
    expect(e.parallelPhaseMinutes).to.be.closeTo(care, 1e-9);
    expect(e.bottleneck).to.equal('care');
    expect(e.downloadsMinutes).to.be.closeTo(900 / 300, 1e-9);
    expect(e.minutes).to.be.closeTo(e.firstPhaseMinutes + care + 900 / 300, 1e-9);
    expect(e.unknown).to.deep.equal([]);
  });

  it('takes the conversations chain (enumeration, then details, in one stream) when it is longer than any bucket', () => {
    // Ten years of empty-ish windows: the Analytics enumeration dominates the conversation stream.
    const e = estimateExport({ conversations: 2_000, authors: 10 }, { since: '2015-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z' });
    const enumeration = row(e, 'conversations', 'analytics').minutes!;
    const details = row(e, 'conversations', 'care').minutes!;
    expect(e.bottleneck).to.equal('conversations');
    expect(e.parallelPhaseMinutes).to.be.closeTo(enumeration + details, 1e-9);
  });

  it('leaves a family it has no count for unknown, and says the totals are a lower bound', () => {
    const e = estimateExport({ agents: 8, initiatives: 4 }, SPAN);
    expect(row(e, 'customers').requests).to.equal(null);
    expect(row(e, 'customers').minutes).to.equal(null);
    expect(row(e, 'conversations', 'analytics').requests).to.equal(null);
    expect(e.unknown).to.include.members(['customers', 'cases', 'authors', 'conversations', 'kbArticles', 'attachments']);
    expect(e.unknown).to.not.include('agents');
    expect(e.firstPhaseMinutes).to.be.closeTo(2 / 120 + 1 / 60 + 1 / 120, 1e-9);
  });

  it('downloads attachments from the unlimited files host and KB images on the community quota, after the records', () => {
    const e = estimateExport({ attachments: 500, kbImages: 1_500 }, SPAN);
    expect(row(e, 'attachments')).to.include({ bucket: 'files', phase: 'downloads', requests: 500, minutes: null });
    expect(row(e, 'kb_image_downloads')).to.include({ bucket: 'community', phase: 'downloads', requests: 1_500 });
    expect(row(e, 'kb_images').requests).to.equal(2);
    expect(bucket(e, 'files').minutes).to.equal(null);
    expect(bucket(e, 'community').requests).to.equal(2 + 1 + 1_500); // image listing, login, downloads
    expect(e.downloadsMinutes).to.be.closeTo(1_500 / 300, 1e-9);
    // The image downloads do not run beside the record streams: the parallel phase is the five Care directories.
    expect(e.parallelPhaseMinutes).to.be.closeTo(5 / 60, 1e-9);
    expect(e.minutes).to.be.closeTo(e.firstPhaseMinutes + 5 / 60 + 1_500 / 300, 1e-9);
  });

  it('honours other quotas and the pacing margin', () => {
    const e = estimateExport({ cases: 12_000 }, { ...SPAN, quotas: { ...DEFAULT_QUOTAS, crm: { calls: 10, windowMs: 1_000 } }, pacingMargin: 0.02 });
    expect(row(e, 'cases').minutes).to.be.closeTo((120 / 600) * 1.02, 1e-9);
  });

  it('costs one request for an empty list', () => {
    const e = estimateExport({ customers: 0, cases: 0, authors: 0 }, SPAN);
    expect([row(e, 'customers').requests, row(e, 'cases').requests, row(e, 'authors').requests]).to.deep.equal([1, 1, 1]);
  });
});
