/**
 * Inventory writes beside the staged records: downloaded files (stored by sha256 beside
 * the workspace), refused downloads and case-id collisions. Each is an upsert on its
 * natural key, so a resumed run that meets the same file, URL or collision again does
 * not count it twice.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CaseIdCollision, RefusedDownload, StoredFile } from './workspace.ts';
import type { WriteStamp } from './write-page.ts';

/**
 * Lists a stored file; the same bytes for the same owner are one row.
 *
 * @example
 * await recordFile(connection, { sha256, size: 3, contentType: 'image/png', sourceUrl, owner: { family: 'cases', key: '00010001' },
 *   fileName: 'a.png', path: `files/${sha256}` }, { runId, at: new Date() });
 */
export async function recordFile(connection: DuckDBConnection, file: StoredFile, stamp: WriteStamp): Promise<void> {
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw new TypeError(`sha256 must be 64 lower-case hex digits, got ${JSON.stringify(file.sha256)}`);
  await connection.run(
    `INSERT INTO files VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::TIMESTAMPTZ)
     ON CONFLICT (sha256, owner_family, owner_key) DO UPDATE SET size = excluded.size, content_type = excluded.content_type,
       source_url = excluded.source_url, file_name = excluded.file_name, path = excluded.path, run_id = excluded.run_id,
       recorded_at = excluded.recorded_at`,
    [file.sha256, file.owner.family, file.owner.key, file.size, file.contentType, file.sourceUrl, file.fileName, file.path, stamp.runId, stamp.at.toISOString()],
  );
}

/**
 * Lists a refused download; the same URL for the same owner is one row (the latest reason).
 *
 * @example
 * await recordRefusedDownload(connection, { url: 'https://evil.example/x', owner: { family: 'cases', key: '1' }, reason: 'host not allowed' }, stamp);
 */
export async function recordRefusedDownload(connection: DuckDBConnection, refused: RefusedDownload, stamp: WriteStamp): Promise<void> {
  await connection.run(
    `INSERT INTO refused_downloads VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMPTZ)
     ON CONFLICT (url, owner_family, owner_key) DO UPDATE SET reason = excluded.reason, run_id = excluded.run_id, refused_at = excluded.refused_at`,
    [refused.url, refused.owner.family, refused.owner.key, refused.reason, stamp.runId, stamp.at.toISOString()],
  );
}

/**
 * Reports source case ids that one normalization would merge. Reports with the same naive
 * key merge: ids, canonical ids and reasons are kept as sorted, distinct lists.
 *
 * @example
 * await recordCaseIdCollision(connection, { reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'],
 *   canonical: ['L-4711', 'N-4711'], naiveKey: '4711' }, stamp);
 */
export async function recordCaseIdCollision(connection: DuckDBConnection, collision: CaseIdCollision, stamp: WriteStamp): Promise<void> {
  const ids = collision.ids.map(String);
  if (ids.length === 0) throw new TypeError('a case-id collision needs at least one id');
  const canonical = typeof collision.canonical === 'string' ? [collision.canonical] : collision.canonical.map(String);
  const naiveKey = collision.naiveKey ?? ids[0].replace(/\D/g, '').replace(/^0+/, '');
  const sortedSet = (param: string) => `list_sort(list_distinct(CAST(json(${param}) AS VARCHAR[])))`;
  const merged = (column: string) => `list_sort(list_distinct(list_concat(case_id_collisions.${column}, excluded.${column})))`;
  await connection.run(
    `INSERT INTO case_id_collisions VALUES ($1, ${sortedSet('$2')}, ${sortedSet('$3')}, ${sortedSet('$4')}, $5, $6::TIMESTAMPTZ)
     ON CONFLICT (naive_key) DO UPDATE SET ids = ${merged('ids')}, canonical_ids = ${merged('canonical_ids')},
       reasons = ${merged('reasons')}, run_id = excluded.run_id, detected_at = excluded.detected_at`,
    [naiveKey, JSON.stringify(ids), JSON.stringify(canonical), JSON.stringify([collision.reason]), stamp.runId, stamp.at.toISOString()],
  );
}
