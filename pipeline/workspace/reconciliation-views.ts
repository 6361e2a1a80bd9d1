/**
 * The reconciliation views for analysts: what the latest finished `verify` run found, read
 * from the tables it fills (`verify_runs`, `verify_counts`, `verify_findings`,
 * `verify_field_stats`, `readback_conversations`). Each view shows the latest run only; the
 * tables keep every run (filter them by `run_id` to compare runs). Documented, with an
 * example query each, in `README.md`.
 */

/** The run the views show: the latest verify run that finished (pass or fail). */
const LATEST = `(SELECT run_id FROM verify_runs WHERE status IN ('pass', 'fail') ORDER BY started_at DESC, run_id DESC LIMIT 1)`;

/** Finding kinds that say something the map calls for is not in Intercom. */
export const MISSING_KINDS = ['missing', 'not_written', 'part_missing', 'attachment_missing', 'tag_missing', 'image_not_hosted', 'link_not_rewritten', 'part_count_short'] as const;
/** Finding kinds that say Intercom holds something the migration did not write there. */
export const UNEXPECTED_KINDS = ['unexpected_part', 'unexpected_attachment', 'part_count_over'] as const;

const list = (kinds: readonly string[]) => kinds.map((k) => `'${k}'`).join(', ');

/** View name → SELECT. */
export const RECONCILIATION_VIEWS: Readonly<Record<string, string>> = {
  reconciliation_summary: `SELECT c.object_type, c.source, c.staged, c.quarantined, c.planned, c.written, c.checked, c.read_back, c.missing,
    c.unexpected, c.with_mismatches,
    CASE WHEN c.missing = 0 AND c.unexpected = 0 AND c.with_mismatches = 0 THEN 'ok' ELSE 'problems' END AS status,
    r.mode, r.status AS run_status, c.run_id
    FROM verify_counts AS c JOIN verify_runs AS r USING (run_id) WHERE c.run_id = ${LATEST}`,
  field_mismatches: `SELECT object_type, khoros_key, intercom_id, field, expected, actual, detail, run_id
    FROM verify_findings WHERE kind = 'field_mismatch' AND run_id = ${LATEST}`,
  missing_in_intercom: `SELECT object_type, khoros_key, intercom_id, kind, field, expected, detail, run_id
    FROM verify_findings WHERE kind IN (${list(MISSING_KINDS)}) AND run_id = ${LATEST}`,
  unexpected_in_intercom: `SELECT object_type, khoros_key, intercom_id, kind, field, actual, detail, run_id
    FROM verify_findings WHERE kind IN (${list(UNEXPECTED_KINDS)}) AND run_id = ${LATEST}`,
  field_match_rates: `SELECT object_type, field, checked, mismatched,
    CASE WHEN checked = 0 THEN NULL ELSE round(1 - mismatched / checked, 6) END AS match_rate, run_id
    FROM verify_field_stats WHERE run_id = ${LATEST}`,
  conversation_part_counts: `SELECT family, khoros_key, intercom_id, found, source_items, planned_parts, written_parts, migration_parts,
    parts_total, parts_shown, found AND migration_parts = written_parts AS counts_match, run_id
    FROM readback_conversations WHERE run_id = ${LATEST}`,
};
