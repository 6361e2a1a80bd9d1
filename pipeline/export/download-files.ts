/**
 * The download step of the export: every file a staged record points at (interaction
 * attachments, message media, KB images), streamed into the files folder by content hash
 * and listed in `files`, or refused and listed in `refused_downloads` with the reason.
 * Records are read from the workspace in chunks and files already stored or refused are
 * skipped, so a rerun after a kill picks up where it stopped.
 */
import { from, lastValueFrom, mergeMap, defaultIfEmpty } from 'rxjs';
import type { KhorosClients } from '../khoros/khoros-api.ts';
import { downloadJobsOf, type DownloadJob } from '../khoros/sources/attachments.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { storeDownload, type DownloadLimits } from './store-download.ts';

/** Families whose records carry files. */
const FILE_FAMILIES = ['cases', 'conversations', 'kb_images'] as const;
const CHUNK = 500;

/** Counts of one download step. */
export interface DownloadSummary {
  stored: number;
  refused: number;
  skipped: number;
}

/**
 * @example
 * const summary = await downloadFiles(clients, workspace, { limits: DEFAULT_DOWNLOAD_LIMITS, concurrency: 4 });
 */
export async function downloadFiles(
  clients: KhorosClients,
  workspace: Workspace,
  options: { limits: DownloadLimits; concurrency?: number; onFile?: (outcome: 'stored' | 'refused') => void },
): Promise<DownloadSummary> {
  const filesDir = workspace.filesDir;
  if (!filesDir) throw new Error('downloads need a workspace file (an in-memory workspace has no files folder)');
  const summary: DownloadSummary = { stored: 0, refused: 0, skipped: 0 };
  for (const family of FILE_FAMILIES) {
    const tables = await workspace.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'raw_${family}'`);
    if (!tables[0]?.n) continue;
    for (let offset = 0; ; offset += CHUNK) {
      const rows = await workspace.query<{ key: string; payload: Record<string, unknown> }>(
        `SELECT key, payload FROM raw_${family} ORDER BY key LIMIT ${CHUNK} OFFSET ${offset}`,
      );
      if (rows.length === 0) break;
      const jobs = rows.flatMap((row) => downloadJobsOf(family, row.payload));
      const pending = await withoutDone(workspace, family, jobs);
      summary.skipped += jobs.length - pending.length;
      const api = family === 'kb_images' ? clients.community : clients.files;
      await lastValueFrom(
        from(pending).pipe(
          mergeMap(async (job) => {
            const outcome = await storeDownload(api, job, filesDir, options.limits);
            if ('stored' in outcome) {
              await workspace.recordFile(outcome.stored);
              summary.stored++;
              options.onFile?.('stored');
            } else {
              await workspace.recordRefusedDownload({ url: job.url, owner: job.owner, reason: outcome.refused });
              summary.refused++;
              options.onFile?.('refused');
            }
          }, options.concurrency ?? 4),
          defaultIfEmpty(undefined),
        ),
      );
    }
  }
  return summary;
}

/** The jobs of these records that are neither stored nor refused yet. */
async function withoutDone(workspace: Workspace, family: string, jobs: DownloadJob[]): Promise<DownloadJob[]> {
  if (jobs.length === 0) return jobs;
  const keys = [...new Set(jobs.map((j) => j.owner.key))];
  const placeholders = keys.map(() => '?').join(', ');
  const done = await workspace.query<{ url: string; key: string }>(
    `SELECT source_url AS url, owner_key AS key FROM files WHERE owner_family = ? AND owner_key IN (${placeholders})
     UNION SELECT url, owner_key FROM refused_downloads WHERE owner_family = ? AND owner_key IN (${placeholders})`,
    [family, ...keys, family, ...keys],
  );
  const seen = new Set(done.map((d) => `${d.key}\u0000${d.url}`));
  return jobs.filter((j) => !seen.has(`${j.owner.key}\u0000${j.url}`));
}
