/**
 * Child process of `crash.spec.ts` (not a spec): resumes from the workspace's checkpoint
 * and writes pages until it is killed. Page n holds keys K<n*SIZE> .. K<(n+1)*SIZE-1>,
 * odd pages repeat the last rows of the page before (so the upsert path runs too), and
 * every page quarantines one record. Prints `resume <page>` once, then `writing <n>` before
 * and `page <n>` after each page's commit.
 *
 * @example
 * node --import tsx spec/pipeline/workspace/crash-writer.ts /tmp/x/migration.duckdb 400
 */
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';

const OVERLAP = 25;
const path = process.argv[2];
const PAGE_SIZE = Number(process.argv[3]);
if (!path || !(PAGE_SIZE > OVERLAP)) {
  process.stderr.write('usage: crash-writer.ts WORKSPACE PAGE_SIZE\n');
  process.exit(2);
} else {
  const ws = await openWorkspace(path, { stage: 'crash-test' });
  const last = (await ws.checkpoints()).get('crash')?.page;
  let page = typeof last === 'number' ? last + 1 : 0;
  process.stdout.write(`resume ${page}\n`);
  for (;;) {
    const first = page * PAGE_SIZE - (page % 2 === 1 ? OVERLAP : 0);
    const rows = Array.from({ length: (page + 1) * PAGE_SIZE - first }, (_, i) => ({
      key: `K${first + i}`,
      payload: { id: `K${first + i}`, page, text: 'lorem ipsum '.repeat(8), list: [1, 2, 3] },
    }));
    process.stdout.write(`writing ${page}\n`);
    await ws.writePage({
      family: 'crash', stream: 'crash', endpoint: `GET /crash?page=${page}`, rows,
      quarantined: [{ key: `Q${page}`, reason: '/ must be object', payload: page }],
      checkpoint: { done: false, page },
    });
    process.stdout.write(`page ${page}\n`);
    page += 1;
  }
}
