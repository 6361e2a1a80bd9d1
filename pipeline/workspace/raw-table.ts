/**
 * Raw tables: one per object family, `raw_<family>`, holding each record's payload as
 * JSON with the run metadata that staged it. The family name becomes part of an
 * identifier in SQL, so it is checked against a strict pattern before any SQL is built.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MigrationError } from '../errors.ts';

/** Family names that may become table names: lower-case letters, digits, underscores. */
export const FAMILY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** A family name was refused (it could not safely become a table name). */
export class InvalidFamilyError extends MigrationError {
  constructor(readonly family: string) {
    super('workspace_invalid_family', `invalid object family name ${JSON.stringify(family)}: must match ${FAMILY_PATTERN}`);
  }
}

/**
 * The raw table's name for a family, or throws `InvalidFamilyError`.
 *
 * @example
 * rawTableName('cases'); // 'raw_cases'
 * rawTableName('x; DROP TABLE runs'); // throws InvalidFamilyError
 */
export function rawTableName(family: string): string {
  if (typeof family !== 'string' || !FAMILY_PATTERN.test(family)) throw new InvalidFamilyError(String(family));
  return `raw_${family}`;
}

/**
 * The DDL of a raw table: exactly one row per source key (the primary key), the payload
 * as JSON and the Singer/dlt-style stamps of the run that last wrote it.
 *
 * @example
 * rawTableDdl('cases'); // 'CREATE TABLE IF NOT EXISTS raw_cases (key VARCHAR PRIMARY KEY, ...)'
 */
export function rawTableDdl(family: string): string {
  return `CREATE TABLE IF NOT EXISTS ${rawTableName(family)} (
    key VARCHAR PRIMARY KEY,
    _run_id VARCHAR NOT NULL,
    _extracted_at TIMESTAMPTZ NOT NULL,
    _endpoint VARCHAR NOT NULL,
    payload JSON NOT NULL
  )`;
}

/**
 * Creates the family's raw table if it does not exist. The page writer calls it before
 * the page's transaction, so a first page that fails leaves an empty table behind.
 *
 * @example
 * await ensureRawTable(connection, 'kb_articles');
 */
export async function ensureRawTable(connection: DuckDBConnection, family: string): Promise<string> {
  await connection.run(rawTableDdl(family));
  return rawTableName(family);
}
