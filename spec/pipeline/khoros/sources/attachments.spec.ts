import { expect } from 'chai';
import { downloadJobsOf } from '../../../../pipeline/khoros/sources/attachments.ts';
import { casesSource } from '../../../../pipeline/khoros/sources/cases.ts';
import { kbImagesSource } from '../../../../pipeline/khoros/sources/kb.ts';
import { collect, useSimulator } from './source-harness.ts';

describe('downloadJobsOf (files named by staged records)', () => {
  const ctx = useSimulator();

  it("yields one job per case interaction attachment, owned by the case, with a url that downloads", async () => {
    const cases = (await collect(casesSource(), ctx.clients())).flatMap((p) => p.records) as Record<string, unknown>[];
    const jobs = cases.flatMap((c) => downloadJobsOf('cases', c));
    const expected = ctx.dataset.khoros.cases.flatMap((c) => c.interactions.flatMap((i) => (i.attachments ?? []).map((a) => ({ caseId: c.id, ...a }))));
    expect(jobs).to.have.length(expected.length).and.not.be.empty;
    for (const [i, a] of expected.entries()) {
      expect(jobs[i]).to.deep.include({ owner: { family: 'cases', key: a.caseId }, id: a.id, fileName: a.fileName, declaredType: a.contentType, declaredSize: a.size });
    }
    const small = jobs.reduce((a, b) => ((b.declaredSize ?? Infinity) < (a.declaredSize ?? Infinity) ? b : a));
    const download = await ctx.clients().files.download(small.url);
    download.body.resume();
    expect(download.status).to.equal(200);
    expect(download.contentLength).to.equal(small.declaredSize);
  });

  it('yields one job per Community image, owned by the image', async () => {
    const images = (await collect(kbImagesSource(), ctx.clients())).flatMap((p) => p.records) as Record<string, unknown>[];
    const jobs = images.flatMap((i) => downloadJobsOf('kb_images', i));
    expect(jobs.map((j) => j.owner.key)).to.deep.equal(ctx.dataset.khoros.kb!.images!.map((i) => i.id));
    const first = ctx.dataset.khoros.kb!.images![0];
    expect(jobs[0]).to.deep.include({ id: first.id, fileName: first.title, declaredType: first.contentType, declaredSize: first.size });
    expect(jobs[0].url).to.match(/\/t5\/image\/serverpage\/image-id\//);
  });

  it("yields a conversation's message media, owned by the conversation", () => {
    const conversation = {
      lswUuid: 'conv-1', displayNumber: 1, createDate: 0,
      messages: [
        { lswUuid: 'm1', media: [{ id: 'A1', fileName: 'photo.png', contentType: 'image/png', size: 12, url: 'http://files.example/A1/photo.png' }] },
        { lswUuid: 'm2' },
        { lswUuid: 'm3', media: [{ id: 'A2', fileName: 'no-link.pdf', contentType: 'application/pdf', size: 3 }] },
      ],
    };
    expect(downloadJobsOf('conversations', conversation)).to.deep.equal([
      { url: 'http://files.example/A1/photo.png', owner: { family: 'conversations', key: 'conv-1' }, id: 'A1', fileName: 'photo.png', declaredType: 'image/png', declaredSize: 12 },
    ]);
  });

  it('yields nothing for families without files and for records without a key', () => {
    expect(downloadJobsOf('customers', { id: 'C1', url: 'http://crm.example/C1' })).to.deep.equal([]);
    expect(downloadJobsOf('cases', { interactions: [{ attachments: [{ url: 'http://x/a' }] }] })).to.deep.equal([]);
  });
});
