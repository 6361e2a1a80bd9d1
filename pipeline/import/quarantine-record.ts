/**
 * Puts a record import could not write into the `quarantine` table (family `import_<what>`,
 * the reason led by the error class and code), so nothing is lost silently and the rest of
 * the import goes on. Idempotent on (family, key, reason): a rerun that fails the same way
 * keeps one row.
 */
import { MigrationError } from '../errors.ts';
import type { Workspace } from '../workspace/workspace.ts';

/**
 * Records `key` of `family` as quarantined, the reason `<ErrorClass> <code>: <message>`.
 *
 * @example
 * await quarantineRecord(workspace, 'import_contacts', 'C0000002', error, 'POST /contacts');
 */
export async function quarantineRecord(workspace: Workspace, family: string, key: string, why: unknown, endpoint: string, payload: unknown = null): Promise<void> {
  const reason = describeReason(why);
  await workspace.query(
    `INSERT INTO quarantine (family, key, dedupe_key, reason, payload, endpoint, run_id, quarantined_at)
     VALUES ($1, $2, $2, $3, $4::JSON, $5, $6, $7::TIMESTAMPTZ) ON CONFLICT DO NOTHING`,
    [family, key, reason, payload === null || payload === undefined ? null : JSON.stringify(payload), endpoint, workspace.runId, new Date().toISOString()]);
}

/** `IntercomRequestError intercom_request_refused: …` for an error; the text itself otherwise. */
export function describeReason(why: unknown): string {
  if (why instanceof MigrationError) return `${why.name} ${why.code}: ${why.message}`.slice(0, 2000);
  if (why instanceof Error) return `${why.name}: ${why.message}`.slice(0, 2000);
  return String(why).slice(0, 2000);
}
