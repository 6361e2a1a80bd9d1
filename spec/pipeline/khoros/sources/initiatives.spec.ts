import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { ConfigError } from '../../../../pipeline/errors.ts';
import { initiativesSource } from '../../../../pipeline/khoros/sources/initiatives.ts';
import { behavesLikeASource, collect, useSimulator, type SimContext } from './source-harness.ts';

const company = (ctx: SimContext) => ({ environment: ctx.sim().settings.environment, companyId: ctx.sim().settings.companyId });

describe('initiativesSource (Marketing GET /{env}/v1/company/{id}/initiative)', () => {
  const ctx = useSimulator();
  behavesLikeASource(ctx, {
    family: 'initiatives', stream: 'initiatives',
    source: () => initiativesSource(company(ctx)),
    paged: () => initiativesSource({ ...company(ctx), pageSizes: { marketing: 3 } }),
    expected: ({ dataset }) => dataset.khoros.initiatives!.map((i) => i.id),
    counts: (r) => r.family === 'marketing' && r.path.endsWith('/initiative'),
    minimum: ({ dataset }) => Math.ceil(dataset.khoros.initiatives!.length / 1000),
  });

  it('checkpoints the next page number', async () => {
    const pages = await collect(initiativesSource({ ...company(ctx), pageSizes: { marketing: 3 } }), ctx.clients());
    expect(pages.map((p) => p.checkpoint)).to.deep.equal([{ pageNumber: 1, done: false }, { pageNumber: 2, done: true }]);
  });

  it('passes a ConfigError down the stream without environment and companyId', async () => {
    const error = await lastValueFrom(initiativesSource()(ctx.clients(), new Map()).pipe(toArray())).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigError);
  });
});
