/**
 * Writes the scope report: `discover.json` (the report object, for tools and the next
 * stages) and `discover.md` (for people), side by side in one folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { renderDiscoverMarkdown } from './render-markdown.ts';
import type { DiscoverReport } from './report.ts';

/** Where the two files went. */
export interface WrittenReport {
  json: string;
  markdown: string;
}

/**
 * The default folder: beside the workspace, named after it (`./migration.duckdb` →
 * `./migration.reports/`), as the files folder is (`migration.files/`).
 *
 * @example
 * defaultReportDir('/data/migration.duckdb'); // '/data/migration.reports'
 */
export function defaultReportDir(workspacePath: string): string {
  const absolute = resolve(workspacePath);
  return join(dirname(absolute), `${absolute.slice(dirname(absolute).length + 1).replace(/\.duckdb$/, '')}.reports`);
}

/**
 * Writes both files into `dir` (created if missing), replacing earlier ones.
 *
 * @example
 * const { json, markdown } = await writeDiscoverReport(report, defaultReportDir(config.workspace));
 */
export async function writeDiscoverReport(report: DiscoverReport, dir: string): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const written = { json: join(dir, 'discover.json'), markdown: join(dir, 'discover.md') };
  await writeFile(written.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(written.markdown, renderDiscoverMarkdown(report));
  return written;
}
