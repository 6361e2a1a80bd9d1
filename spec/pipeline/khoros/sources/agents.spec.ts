import { expect } from 'chai';
import { agentsSource } from '../../../../pipeline/khoros/sources/agents.ts';
import { behavesLikeASource, collect, useSimulator } from './source-harness.ts';

describe('agentsSource (Care GET /api/v2/agents)', () => {
  const ctx = useSimulator();
  behavesLikeASource(ctx, {
    family: 'agents', stream: 'agents',
    source: () => agentsSource(),
    paged: () => agentsSource({ pageSizes: { agents: 3 } }),
    expected: ({ dataset }) => dataset.khoros.agents!.map((a) => a.lswUuid),
    counts: (r) => r.family === 'care' && r.path === '/api/v2/agents',
    minimum: ({ dataset }) => Math.ceil(dataset.khoros.agents!.length / 500),
  });

  it('checkpoints the next offset', async () => {
    const pages = await collect(agentsSource({ pageSizes: { agents: 3 } }), ctx.clients());
    expect(pages.map((p) => p.checkpoint)).to.deep.equal([{ offset: 3, done: false }, { offset: 6, done: false }, { offset: 8, done: true }]);
  });
});
