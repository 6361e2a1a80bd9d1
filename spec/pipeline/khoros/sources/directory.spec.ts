import { expect } from 'chai';
import {
  automationRulesSource, brandsSource, slasSource, tagsSource, teamsSource, workQueuesSource,
} from '../../../../pipeline/khoros/sources/directory.ts';
import type { Source } from '../../../../pipeline/khoros/source-page.ts';
import type { Dataset } from '../../../../simulators/dataset/types.ts';
import { behavesLikeASource, collect, useSimulator } from './source-harness.ts';

const DIRECTORIES: { family: string; source: () => Source; family2: string; path: string; expected: (k: Dataset['khoros']) => string[] }[] = [
  { family: 'brands', source: () => brandsSource(), family2: 'care', path: '/api/v2/brands', expected: (k) => k.brands!.map((b) => b.id) },
  { family: 'tags', source: () => tagsSource(), family2: 'care', path: '/api/v2/tags', expected: (k) => k.tags!.map((t) => String(t.tagId)) },
  { family: 'automation_rules', source: () => automationRulesSource(), family2: 'care', path: '/api/v2/automation/rules', expected: (k) => k.automationRules!.map((r) => r.id) },
  { family: 'slas', source: () => slasSource(), family2: 'care', path: '/api/v2/slas', expected: (k) => k.slas!.map((s) => s.id) },
  { family: 'work_queues', source: () => workQueuesSource(), family2: 'care', path: '/api/v1/workqueues', expected: (k) => k.workQueues!.map((q) => q.id) },
  { family: 'teams', source: () => teamsSource(), family2: 'analytics', path: '/api/public/teams', expected: (k) => k.teams!.map((t) => t.uuid) },
];

describe('directory sources (one request each)', () => {
  const ctx = useSimulator();
  for (const d of DIRECTORIES) {
    describe(`${d.family} (GET ${d.path})`, () => {
      behavesLikeASource(ctx, {
        family: d.family, stream: d.family,
        source: d.source,
        expected: ({ dataset }) => d.expected(dataset.khoros),
        counts: (r) => r.family === d.family2 && r.path === d.path,
        minimum: () => 1,
      });
    });
  }

  it('emits one page with a done checkpoint', async () => {
    const pages = await collect(brandsSource(), ctx.clients());
    expect(pages).to.have.length(1);
    expect(pages[0].checkpoint).to.deep.equal({ done: true });
    expect(pages[0].endpoint).to.equal('GET /care/api/v2/brands');
  });
});
