/**
 * Child process of `group-crash.spec.ts` (not a spec): `STREAMS` streams write at once, so
 * the workspace commits their pages in groups, until the process is killed. Stream s
 * stages family `crash_s<s>`; its page n holds keys K<n*SIZE> .. K<(n+1)*SIZE-1>, odd
 * pages repeat the last rows of the page before (the upsert path), and every page
 * quarantines one record. Each stream resumes from its own checkpoint. Prints `page <s> <n>`
 * after each page's commit.
 *
 * @example
 * node --import tsx spec/pipeline/workspace/group-crash-writer.ts /tmp/x/migration.duckdb 200 3
 */
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';

const OVERLAP = 25;
const path = process.argv[2];
const PAGE_SIZE = Number(process.argv[3]);
const STREAMS = Number(process.argv[4] ?? 3);
if (!path || !(PAGE_SIZE > OVERLAP) || !(STREAMS >= 1)) {
  process.stderr.write('usage: group-crash-writer.ts WORKSPACE PAGE_SIZE STREAMS\n');
  process.exit(2);
} else {
  const ws = await openWorkspace(path, { stage: 'group-crash-test' });
  const checkpoints = await ws.checkpoints();
  await Promise.all(Array.from({ length: STREAMS }, async (_, s) => {
    const family = `crash_s${s}`;
    const last = checkpoints.get(family)?.page;
    for (let page = typeof last === 'number' ? last + 1 : 0; ; page++) {
      const first = page * PAGE_SIZE - (page % 2 === 1 ? OVERLAP : 0);
      const rows = Array.from({ length: (page + 1) * PAGE_SIZE - first }, (_, i) => ({
        key: `K${first + i}`,
        payload: { id: `K${first + i}`, page, text: 'lorem ipsum '.repeat(8) },
      }));
      await ws.writePage({
        family, stream: family, endpoint: `GET /crash/${s}?page=${page}`, rows,
        quarantined: [{ key: `Q${page}`, reason: '/ must be object', payload: page }],
        checkpoint: { done: false, page },
      });
      process.stdout.write(`page ${s} ${page}\n`);
    }
  }));
}
