/**
 * What the export could not take as it came: quarantined records per family and reason
 * kind (`quarantine_summary`), case ids a naive normalization would merge
 * (`case_id_collisions`, `case_id_conflicts`), and stored and refused downloads.
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { QualityReport } from './report.ts';

/**
 * The quality section.
 *
 * @example
 * (await readQuality(workspace)).quarantine; // [{ family: 'customers', reasonKind: '/loyaltyNumber must be number', records: 1 }]
 */
export async function readQuality(workspace: Workspace): Promise<QualityReport> {
  const quarantine = await workspace.query<{ family: string; reasonKind: string; records: number }>(
    'SELECT family, reason_kind AS "reasonKind", records FROM quarantine_summary ORDER BY family, records DESC, reason_kind',
  );
  const collisions = await workspace.query<{ naiveKey: string; ids: string[]; canonicalIds: string[]; reasons: string[] }>(
    'SELECT naive_key AS "naiveKey", ids, canonical_ids AS "canonicalIds", reasons FROM case_id_collisions ORDER BY naive_key',
  );
  const [conflicts] = await workspace.query<{ n: number }>('SELECT count(*) AS n FROM case_id_conflicts');
  const [files] = await workspace.query<{ n: number }>('SELECT count(DISTINCT sha256) AS n FROM files');
  // Reasons grouped with their numbers masked: `declared size N bytes is over the cap of N`.
  const refused = await workspace.query<{ reason: string; files: number }>(
    `SELECT regexp_replace(split_part(reason, chr(10), 1), '[0-9]+', 'N', 'g') AS reason, count(*) AS files FROM refused_downloads GROUP BY ALL ORDER BY files DESC, reason`,
  );
  return {
    quarantined: quarantine.reduce((n, q) => n + q.records, 0),
    quarantine,
    caseIdCollisions: collisions,
    caseIdConflicts: conflicts?.n ?? 0,
    filesStored: files?.n ?? 0,
    refusedDownloads: refused.reduce((n, r) => n + r.files, 0),
    refusedByReason: refused,
  };
}
