/**
 * The `mapping_versions` table: one row per `map confirm`, so import can prove which map it
 * runs under and refuse one that was edited or confirmed against another source. Analysts
 * read it with plain SQL (`SELECT version, confirmed_at, confirmed_by FROM mapping_versions`).
 */
import type { Workspace } from '../workspace/workspace.ts';
import type { Mapping } from './mapping.ts';
import type { ProfileShape } from './source-profile.ts';

/** A confirmed map, as recorded. */
export interface ConfirmedMapVersion {
  /** 1, 2, 3, ... in confirmation order. */
  version: number;
  /** Absolute path of the file that was confirmed. */
  filePath: string;
  /** Hex sha256 of the file's bytes. */
  fileSha256: string;
  /** The file's content, parsed. */
  mapping: Mapping;
  /** `profileHash` of the source profile it was checked against. */
  profileHash: string;
  /** Fields and inferred types of that profile: what drift is measured against. */
  profileShape: ProfileShape;
  confirmedAt: Date;
  confirmedBy: string;
  /** The `map confirm` run (`runs.run_id`). */
  runId: string;
}

/** A version to record: everything but the number, which the table assigns. */
export type NewMapVersion = Omit<ConfirmedMapVersion, 'version'>;

interface Row {
  version: number;
  file_path: string;
  file_sha256: string;
  mapping: Mapping;
  profile_hash: string;
  profile_shape: ProfileShape;
  confirmed_at: Date;
  confirmed_by: string;
  run_id: string;
}

const COLUMNS = 'version, file_path, file_sha256, mapping, profile_hash, profile_shape, confirmed_at, confirmed_by, run_id';

function fromRow(row: Row): ConfirmedMapVersion {
  return {
    version: row.version, filePath: row.file_path, fileSha256: row.file_sha256, mapping: row.mapping, profileHash: row.profile_hash,
    profileShape: row.profile_shape, confirmedAt: row.confirmed_at, confirmedBy: row.confirmed_by, runId: row.run_id,
  };
}

/**
 * Records a confirmed version as the next number and returns it.
 *
 * @example
 * const { version } = await recordMapVersion(workspace, { filePath, fileSha256, mapping, profileHash, profileShape,
 *   confirmedAt: new Date(), confirmedBy: 'ana', runId: workspace.runId }); // 1 on a fresh workspace
 */
export async function recordMapVersion(workspace: Workspace, entry: NewMapVersion): Promise<ConfirmedMapVersion> {
  // One statement, so the number is taken and used atomically.
  const [row] = await workspace.query<Row>(
    `INSERT INTO mapping_versions
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3::JSON, $4, $5::JSON, $6::TIMESTAMPTZ, $7, $8 FROM mapping_versions
     RETURNING ${COLUMNS}`,
    [entry.filePath, entry.fileSha256, JSON.stringify(entry.mapping), entry.profileHash, JSON.stringify(entry.profileShape),
      entry.confirmedAt.toISOString(), entry.confirmedBy, entry.runId],
  );
  return fromRow(row);
}

/**
 * The last confirmed version, or null when the map was never confirmed in this workspace.
 *
 * @example
 * const last = await lastMapVersion(workspace); // { version: 3, fileSha256: '9f…', ... } or null
 */
export async function lastMapVersion(workspace: Workspace): Promise<ConfirmedMapVersion | null> {
  const [row] = await workspace.query<Row>(`SELECT ${COLUMNS} FROM mapping_versions ORDER BY version DESC LIMIT 1`);
  return row ? fromRow(row) : null;
}
