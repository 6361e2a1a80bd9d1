/**
 * Writes the verify report next to the workspace (`<workspace>.verify/`, or `--out DIR`):
 * `verify.json`, `verify.md` and ONE standalone `verify.html`, for the latest run (what a CI
 * job picks up; every run's result also stays in the workspace, `verify_runs.result`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { VerifyResult } from './verify-types.ts';

/**
 * The default report folder of a workspace file.
 *
 * @example
 * reportDir('demo/migration.duckdb'); // '/abs/demo/migration.verify'
 */
export function reportDir(workspacePath: string): string {
  return `${resolve(workspacePath).replace(/\.duckdb$/, '')}.verify`;
}

/**
 * @example
 * const paths = await writeReports(result, 'demo/migration.verify');
 */
export async function writeReports(result: VerifyResult, dir: string): Promise<{ json: string; markdown: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const paths = { json: join(dir, 'verify.json'), markdown: join(dir, 'verify.md'), html: join(dir, 'verify.html') };
  const withPaths = { ...result, reports: paths };
  const files: [string, string][] = [
    ['json', `${JSON.stringify(withPaths, null, 2)}\n`], ['md', renderMarkdown(withPaths)], ['html', renderHtml(withPaths)],
  ];
  for (const [ext, text] of files) await writeFile(join(dir, `verify.${ext}`), text);
  return paths;
}
