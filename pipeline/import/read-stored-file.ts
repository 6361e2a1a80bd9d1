/**
 * Reads a staged file's bytes from the path the `files` table records: absolute, or
 * relative to the workspace's files folder (or the folder beside it). Null when the file is
 * not there, so the caller records it as missing rather than failing the record.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Workspace } from '../workspace/workspace.ts';

/**
 * @example
 * const bytes = await readStoredFile(workspace, row.path); // Buffer, or null when absent
 */
export async function readStoredFile(workspace: Workspace, path: string): Promise<Buffer | null> {
  const candidates = isAbsolute(path) ? [path] : workspace.filesDir ? [join(workspace.filesDir, path), join(dirname(workspace.filesDir), path)] : [path];
  for (const candidate of candidates) {
    try {
      return await readFile(candidate);
    } catch {
      // try the next place
    }
  }
  return null;
}
