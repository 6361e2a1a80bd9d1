/**
 * Example pipeline for analysts: a Markdown status report of a migration, read from its
 * workspace with plain SQL (the same queries work in any DuckDB client): the stages run,
 * the records staged per family, what was quarantined and why (by kind of reason), what was
 * written to Intercom per object type (from the write ledger: done, failed, in flight), and
 * the latest verify's reconciliation summary when verify has run. Reads only; it talks to
 * neither API, so it runs beside a migration in progress (on a copy of the file: DuckDB
 * lets one process open it at a time).
 *
 * Run it on a workspace (after `khoros2intercom migrate`, or any stage):
 *
 *   npx tsx scripts/examples/workspace-report.ts --workspace migration.duckdb --out report.md
 *
 * Options: `--workspace FILE` (required), `--out FILE` (default: print to stdout).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, inFlight, withRun, type Workspace } from '../../pipeline/index.ts';

type Row = Record<string, unknown>;

/** The report's sections, as queries: title → SQL (null: the section is skipped when its tables do not exist). */
const SECTIONS: readonly { title: string; sql: (workspace: Workspace) => Promise<string | null> }[] = [
  { title: 'Runs', sql: async () => `SELECT stage, status, count(*) AS runs, min(started_at) AS first, max(started_at) AS last FROM runs WHERE stage <> 'report' GROUP BY stage, status ORDER BY first` },
  {
    title: 'Staged records',
    sql: async (workspace) => {
      const tables = await workspace.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_name LIKE 'raw\\_%' ESCAPE '\\' ORDER BY name`);
      return tables.length ? tables.map((t) => `SELECT '${t.name.slice(4)}' AS family, count(*) AS records, max(_extracted_at) AS last_extracted FROM ${t.name}`).join(' UNION ALL ') + ' ORDER BY family' : null;
    },
  },
  { title: 'Quarantined, by kind of reason', sql: async () => `SELECT family, reason_kind, records FROM quarantine_summary ORDER BY family, records DESC, reason_kind` },
  { title: 'Written to Intercom (the ledger)', sql: async () => `SELECT object_type, operation, status, count(*) AS writes FROM ledger GROUP BY ALL ORDER BY object_type, operation, status` },
  { title: 'Reconciliation (latest verify)', sql: async () => `SELECT object_type, staged, written, read_back, missing, unexpected, with_mismatches, status, mode FROM reconciliation_summary ORDER BY object_type` },
];

/**
 * The report of the workspace at `path`, as Markdown.
 *
 * @example
 * const markdown = await workspaceReport('migration.duckdb');
 */
export async function workspaceReport(path: string): Promise<string> {
  if (!existsSync(path)) throw new ConfigError(`--workspace ${path}: no such workspace`);
  return withRun(path, 'report', { via: 'examples/workspace-report' }, async (workspace) => {
    const parts = [`# Migration report: ${path}`, `Generated ${new Date().toISOString()}.`];
    for (const section of SECTIONS) {
      const sql = await section.sql(workspace);
      const rows = sql === null ? [] : await workspace.query<Row>(sql);
      parts.push(`## ${section.title}`, rows.length ? table(rows) : '_Nothing yet._');
    }
    const unsettled = await inFlight(workspace);
    parts.push('## In flight', unsettled.length
      ? `${unsettled.length} writes were sent without an answer recorded (a run was stopped); the next import settles them first:\n\n` +
        table(unsettled.slice(0, 20).map((w) => ({ object_type: w.objectType, khoros_key: w.khorosKey, operation: w.operation, recorded_at: w.recordedAt })))
      : 'None: every write the ledger holds is settled.');
    return `${parts.join('\n\n')}\n`;
  });
}

/** Rows as a Markdown table (column order of the first row). */
function table(rows: Row[]): string {
  const columns = Object.keys(rows[0]);
  const cell = (value: unknown) => (value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`)].join('\n');
}

/**
 * The command line; answers the exit code (2: fix the command).
 *
 * @example
 * process.exitCode = await main(['--workspace', 'migration.duckdb', '--out', 'report.md']);
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { workspace: { type: 'string' }, out: { type: 'string' } } });
    if (!values.workspace) throw new ConfigError('--workspace FILE is required');
    const markdown = await workspaceReport(values.workspace);
    if (values.out) await writeFile(values.out, markdown);
    else process.stdout.write(markdown);
    return 0;
  } catch (error) {
    process.stderr.write(`workspace-report: ${(error as Error).message}\n`);
    return error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
