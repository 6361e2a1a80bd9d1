/**
 * The workspace DDL as versioned migrations. Each migration runs once, in its own
 * transaction together with its `schema_migrations` row, so opening a workspace is
 * idempotent and a file from an older version is upgraded in place. Later stages (mapping
 * versions, plans, the write ledger, readback tables) append migrations here; never edit
 * one that has shipped.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MigrationError } from '../errors.ts';
import { rawTableDdl } from './raw-table.ts';

/** One schema change. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/** The object families the typed views read; their raw tables exist from the start. */
export const CORE_FAMILIES = ['customers', 'cases', 'authors', 'agents', 'conversations', 'kb_articles'] as const;

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, checkpoints, quarantine, files',
    statements: [
      `CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, stage VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ, status VARCHAR NOT NULL, args JSON)`,
      `CREATE TABLE checkpoints (stream VARCHAR PRIMARY KEY, family VARCHAR NOT NULL, state JSON NOT NULL,
        run_id VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
      `CREATE SEQUENCE quarantine_id_seq`,
      // dedupe_key is the record key, or the payload's sha256 when it has none, so a
      // re-fetched page counts each refused record once.
      `CREATE TABLE quarantine (id BIGINT NOT NULL DEFAULT nextval('quarantine_id_seq'), family VARCHAR NOT NULL,
        key VARCHAR, dedupe_key VARCHAR NOT NULL, reason VARCHAR NOT NULL, payload JSON, endpoint VARCHAR NOT NULL,
        run_id VARCHAR NOT NULL, quarantined_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (family, dedupe_key, reason))`,
      `CREATE TABLE files (sha256 VARCHAR NOT NULL, owner_family VARCHAR NOT NULL, owner_key VARCHAR NOT NULL,
        size BIGINT NOT NULL, content_type VARCHAR, source_url VARCHAR NOT NULL, file_name VARCHAR, path VARCHAR NOT NULL,
        run_id VARCHAR NOT NULL, recorded_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (sha256, owner_family, owner_key))`,
      `CREATE TABLE refused_downloads (url VARCHAR NOT NULL, owner_family VARCHAR NOT NULL, owner_key VARCHAR NOT NULL,
        reason VARCHAR NOT NULL, run_id VARCHAR NOT NULL, refused_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (url, owner_family, owner_key))`,
      `CREATE TABLE case_id_collisions (naive_key VARCHAR PRIMARY KEY, ids VARCHAR[] NOT NULL, canonical_ids VARCHAR[] NOT NULL,
        reasons VARCHAR[] NOT NULL, run_id VARCHAR NOT NULL, detected_at TIMESTAMPTZ NOT NULL)`,
    ],
  },
  {
    version: 2,
    name: 'raw tables of the core families',
    statements: CORE_FAMILIES.map((family) => rawTableDdl(family).replace('IF NOT EXISTS ', '')),
  },
  {
    version: 3,
    name: 'mapping versions',
    statements: [
      // One row per `map confirm`: the file's bytes hash and content, and the source shape it
      // was checked against, so import can refuse an edited file or a drifted source.
      `CREATE TABLE mapping_versions (version INTEGER PRIMARY KEY, file_path VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL,
        mapping JSON NOT NULL, profile_hash VARCHAR NOT NULL, profile_shape JSON NOT NULL, confirmed_at TIMESTAMPTZ NOT NULL,
        confirmed_by VARCHAR NOT NULL, run_id VARCHAR NOT NULL)`,
    ],
  },
  {
    version: 4,
    name: 'write ledger, provision reports',
    statements: [
      // One row per Intercom write (pipeline/workspace/ledger.ts): recorded as an intent before
      // the request is sent, settled (done with the Intercom id, or failed) when it returns.
      // Only status, intercom_id, before_image, error and settled_at are ever updated.
      `CREATE SEQUENCE ledger_seq`,
      `CREATE TABLE ledger (seq BIGINT PRIMARY KEY DEFAULT nextval('ledger_seq'), run_id VARCHAR NOT NULL,
        object_type VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL, operation VARCHAR NOT NULL, endpoint VARCHAR,
        payload_hash VARCHAR NOT NULL, status VARCHAR NOT NULL CHECK (status IN ('intent', 'done', 'failed')),
        intercom_id VARCHAR, before_image JSON, error VARCHAR, recorded_at TIMESTAMPTZ NOT NULL, settled_at TIMESTAMPTZ)`,
      // One row per provision run: what exists, was created, and must be created by hand.
      `CREATE TABLE provision_reports (run_id VARCHAR PRIMARY KEY, map_version INTEGER, report JSON NOT NULL,
        reported_at TIMESTAMPTZ NOT NULL)`,
    ],
  },
  {
    version: 5,
    name: 'plans',
    statements: [
      // One row per object a `plan` run classified (pipeline/plan.ts): what import would do with
      // it (create, update, skip, queue), the Intercom id it would write to, a reason code and
      // the detail (changed fields, part counts, findings) as JSON.
      `CREATE TABLE plans (plan_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, object_type VARCHAR NOT NULL,
        family VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL,
        action VARCHAR NOT NULL CHECK (action IN ('create', 'update', 'skip', 'queue')), intercom_id VARCHAR,
        reason VARCHAR NOT NULL, detail JSON, created_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (plan_id, object_type, family, khoros_key))`,
      // One row per plan run: its map version, status, and the summary `plan` prints.
      `CREATE TABLE plan_summaries (plan_id VARCHAR PRIMARY KEY, run_id VARCHAR NOT NULL, map_version INTEGER NOT NULL,
        status VARCHAR NOT NULL CHECK (status IN ('running', 'complete', 'failed')), started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ, summary JSON)`,
    ],
  },
  {
    version: 6,
    name: 'verify: readback tables, findings, counts',
    statements: [
      // One row per `verify` run (pipeline/verify.ts): its mode, seed, map version, pass/fail and the JSON result.
      `CREATE TABLE verify_runs (run_id VARCHAR PRIMARY KEY, mode VARCHAR NOT NULL, seed BIGINT, map_version INTEGER NOT NULL,
        started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ, status VARCHAR NOT NULL CHECK (status IN ('running', 'pass', 'fail', 'error')),
        result JSON)`,
      // What verify read back from Intercom, one row per object the ledger says was written (found = false: Intercom
      // answered 404); payload is Intercom's answer as JSON (conversations without their parts, which have a table).
      `CREATE TABLE readback_contacts (run_id VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL, intercom_id VARCHAR NOT NULL,
        found BOOLEAN NOT NULL, payload JSON, read_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (run_id, khoros_key))`,
      `CREATE TABLE readback_conversations (run_id VARCHAR NOT NULL, family VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL,
        intercom_id VARCHAR NOT NULL, found BOOLEAN NOT NULL, source_items INTEGER, planned_parts INTEGER, written_parts INTEGER,
        parts_total INTEGER, parts_shown INTEGER, migration_parts INTEGER, payload JSON, read_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (run_id, khoros_key))`,
      `CREATE TABLE readback_conversation_parts (run_id VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL, conversation_id VARCHAR NOT NULL,
        part_id VARCHAR NOT NULL, position INTEGER NOT NULL, part_type VARCHAR, author_type VARCHAR, author_id VARCHAR,
        created_at BIGINT, attachment_names VARCHAR[], payload JSON, PRIMARY KEY (run_id, conversation_id, part_id))`,
      `CREATE TABLE readback_articles (run_id VARCHAR NOT NULL, object_type VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL,
        intercom_id VARCHAR NOT NULL, found BOOLEAN NOT NULL, payload JSON, read_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (run_id, khoros_key))`,
      // Tags, contact data attributes and conversation attributes (read from their listings).
      `CREATE TABLE readback_setup (run_id VARCHAR NOT NULL, object_type VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL,
        intercom_id VARCHAR NOT NULL, found BOOLEAN NOT NULL, payload JSON, read_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (run_id, object_type, khoros_key))`,
      // Every difference verify found between what the map says Intercom should hold and what it read back.
      `CREATE TABLE verify_findings (run_id VARCHAR NOT NULL, object_type VARCHAR NOT NULL, khoros_key VARCHAR NOT NULL,
        intercom_id VARCHAR, kind VARCHAR NOT NULL, field VARCHAR, expected JSON, actual JSON, detail VARCHAR)`,
      // Per object type and field: how many values verify compared, and how many differed.
      `CREATE TABLE verify_field_stats (run_id VARCHAR NOT NULL, object_type VARCHAR NOT NULL, field VARCHAR NOT NULL,
        checked BIGINT NOT NULL, mismatched BIGINT NOT NULL, PRIMARY KEY (run_id, object_type, field))`,
      // Per object type: source, staged, quarantined, planned, written, read back (over the records verify checked).
      `CREATE TABLE verify_counts (run_id VARCHAR NOT NULL, object_type VARCHAR NOT NULL, source BIGINT NOT NULL, staged BIGINT NOT NULL,
        quarantined BIGINT NOT NULL, planned BIGINT NOT NULL, written BIGINT NOT NULL, checked BIGINT NOT NULL, read_back BIGINT NOT NULL,
        missing BIGINT NOT NULL, unexpected BIGINT NOT NULL, with_mismatches BIGINT NOT NULL, PRIMARY KEY (run_id, object_type))`,
    ],
  },
  {
    version: 7,
    name: 'delta watermarks, source removals, cutover steps',
    statements: [
      // Per family (care, cases, customers, kb): where the last completed delta (or the full export) left off.
      `CREATE TABLE delta_watermarks (family VARCHAR PRIMARY KEY, watermark TIMESTAMPTZ NOT NULL, run_id VARCHAR NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL)`,
      // What delta found gone from Khoros (deleted or merged records, interactions whose written part stays): reported, never applied.
      `CREATE TABLE source_removals (family VARCHAR NOT NULL, key VARCHAR NOT NULL, kind VARCHAR NOT NULL, detail VARCHAR,
        into_key VARCHAR, intercom_id VARCHAR, run_id VARCHAR NOT NULL, detected_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (family, key, kind))`,
      // One row per cutover step: its latest status, when, who confirmed it, and what it found.
      `CREATE TABLE cutover_steps (step VARCHAR PRIMARY KEY, position INTEGER NOT NULL, status VARCHAR NOT NULL, recorded_at TIMESTAMPTZ NOT NULL,
        confirmed_by VARCHAR, detail JSON, run_id VARCHAR NOT NULL)`,
    ],
  },
];

/** The file was written by a newer version of the tool than this one. */
export class WorkspaceTooNewError extends MigrationError {
  constructor(readonly fileVersion: number, readonly knownVersion: number) {
    super('workspace_too_new', `workspace schema version ${fileVersion} is newer than this tool's ${knownVersion}; upgrade khoros2intercom`);
  }
}

/**
 * Applies the migrations the file lacks, oldest first; returns the versions applied.
 *
 * @example
 * await migrate(connection, () => new Date()); // [1, 2] on a new file, [] on the next open
 */
export async function migrate(connection: DuckDBConnection, now: () => Date, migrations = MIGRATIONS): Promise<number[]> {
  await connection.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL)`);
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migrations');
  const current = Number(reader.getRowsJS()[0][0]);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (current > known) throw new WorkspaceTooNewError(current, known);
  const applied: number[] = [];
  for (const migration of migrations.filter((m) => m.version > current)) {
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, $3::TIMESTAMPTZ)', [migration.version, migration.name, now().toISOString()]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    applied.push(migration.version);
  }
  return applied;
}
