import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { stageFixtures } from './fixtures.ts';

/** The ```sql blocks of the README's "Example queries" section, in order. */
function exampleQueries(): string[] {
  const readme = readFileSync(new URL('../../../pipeline/workspace/README.md', import.meta.url), 'utf8');
  const section = readme.split('## Example queries')[1]?.split(/\n## /)[0] ?? '';
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('workspace README example queries', () => {
  let ws: Workspace;
  const queries = exampleQueries();
  before(async () => {
    ws = await openWorkspace(':memory:');
    await stageFixtures(ws);
  });
  after(() => ws.close());

  it('are three', () => {
    expect(queries).to.have.length(3);
  });

  it('1: staged and quarantined records per family', async () => {
    expect(await ws.query(queries[0])).to.deep.equal([
      { family: 'cases', staged: 3, quarantined: 2 },
      { family: 'conversations', staged: 1, quarantined: 0 },
      { family: 'customers', staged: 2, quarantined: 0 },
    ]);
  });

  it('2: open workload per agent', async () => {
    expect(await ws.query(queries[1])).to.deep.equal([
      { agent: '(unassigned)', open_cases: 1, interactions: 0 },
      { agent: 'ana.silva@brand.example', open_cases: 1, interactions: 3 },
    ]);
  });

  it('3: cases whose interactions are stored out of time order', async () => {
    expect(await ws.query(queries[2])).to.deep.equal([{ case_id: '00004711', interactions_before_their_predecessor: 1 }]);
  });
});
