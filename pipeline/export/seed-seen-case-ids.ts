/**
 * The case ids already staged, grouped by naive key, so that a resumed export still finds
 * a collision between a case staged before the kill and one staged after it.
 */
import { parseCaseId } from '../../operators/parse-case-id.ts';
import type { Workspace } from '../workspace/workspace.ts';

/**
 * @example
 * const seen = await seedSeenCaseIds(workspace); // Map { '4711' => ['00004711'] }
 */
export async function seedSeenCaseIds(workspace: Workspace): Promise<Map<string, readonly string[]>> {
  const seen = new Map<string, string[]>();
  const rows = await workspace.query<{ key: string }>('SELECT key FROM raw_cases ORDER BY _extracted_at, key');
  for (const { key } of rows) {
    const parsed = parseCaseId(key);
    if (!parsed) continue;
    const group = seen.get(parsed.naiveKey) ?? [];
    if (!group.includes(key)) group.push(key);
    seen.set(parsed.naiveKey, group);
  }
  return seen;
}
