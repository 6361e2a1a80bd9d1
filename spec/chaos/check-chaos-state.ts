/**
 * The chaos suite's final check of one migration: the Intercom simulator's state read
 * through its inspection endpoint (never faulted), nothing doubled (`findDuplicates`),
 * nothing left in flight in the ledger, and every record against the dataset
 * (`checkMigration`: exactly once, its values, its parts in order).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { Mapping } from '../../pipeline/mapping/mapping.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import type { Dataset } from '../../simulators/dataset/types.ts';
import { checkMigration, type MigrationCheck } from '../support/check-migration.ts';
import { findDuplicates, type IntercomState } from './find-duplicates.ts';

/** What the check found: empty `duplicates` and `problems` when the migration is right. */
export interface ChaosStateCheck {
  duplicates: string[];
  problems: string[];
  checked: MigrationCheck['checked'];
}

/**
 * @example
 * const { duplicates, problems } = await checkChaosState({ inspectUrl, dataset, workspacePath, mappingPath });
 */
export async function checkChaosState(input: { inspectUrl: string; dataset: Dataset; workspacePath: string; mappingPath: string }): Promise<ChaosStateCheck> {
  const { dataset } = input;
  const state = (await (await fetch(`${input.inspectUrl}/state`)).json()) as IntercomState;
  const mapping = parse(await readFile(input.mappingPath, 'utf8')) as Mapping;
  const careRow = mapping.objects.conversations.fields.find((r) => r.source === 'lswUuid' && 'attribute' in r.target);
  const keyAttributes = [mapping.policies.caseIdAttribute, ...(careRow && 'attribute' in careRow.target ? [careRow.target.attribute] : [])];
  const sourceTitles = new Map<string, number>();
  for (const article of dataset.khoros.kb?.articles ?? []) sourceTitles.set(article.subject, (sourceTitles.get(article.subject) ?? 0) + 1);
  const duplicates = findDuplicates(state, keyAttributes, { before: dataset.intercom, sourceTitles });
  const workspace = await openWorkspace(input.workspacePath, { stage: 'chaos-check' });
  try {
    const problems: string[] = [];
    const [{ n }] = await workspace.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger WHERE status = 'intent'`);
    if (n > 0) problems.push(`${n} writes left in flight in the ledger`);
    const check = await checkMigration({ dataset, workspace, mapping, state });
    problems.push(...check.problems);
    await workspace.finishRun('succeeded');
    return { duplicates, problems, checked: check.checked };
  } finally {
    await workspace.close();
  }
}
