/**
 * Downloads one file as a stream into the workspace's files folder, named by the sha256 of
 * its bytes, checking what it may be before and while it streams: its host (the client
 * refuses hosts that are not configured), its declared and served content type, and its
 * size against a cap. Nothing is buffered whole: the bytes go through the hash to a
 * temporary file, renamed once complete.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HostNotAllowedError, KhorosRequestError } from '../errors.ts';
import type { KhorosApi } from '../khoros/khoros-api.ts';
import type { DownloadJob } from '../khoros/sources/attachments.ts';
import type { StoredFile } from '../workspace/workspace.ts';

/** Download limits. */
export interface DownloadLimits {
  /** Largest file kept, in bytes. @default 50 MiB */
  maxBytes: number;
  /** Content types accepted (exact, or `type/*`). */
  allowedTypes: readonly string[];
}

/** Intercom takes these as attachments and images; anything else is refused and recorded. */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  maxBytes: 50 * 1024 * 1024,
  allowedTypes: [
    'image/*', 'text/plain', 'text/csv', 'application/pdf', 'application/zip', 'application/json',
    'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
};

/** The outcome: stored, or refused with the reason. */
export type DownloadOutcome = { stored: StoredFile } | { refused: string };

/**
 * @example
 * const outcome = await storeDownload(clients.files, job, workspace.filesDir!, DEFAULT_DOWNLOAD_LIMITS);
 * if ('stored' in outcome) await workspace.recordFile(outcome.stored);
 */
export async function storeDownload(api: KhorosApi, job: DownloadJob, filesDir: string, limits: DownloadLimits): Promise<DownloadOutcome> {
  if (job.declaredSize !== null && job.declaredSize > limits.maxBytes) return { refused: `declared size ${job.declaredSize} bytes is over the cap of ${limits.maxBytes}` };
  if (job.declaredType !== null && !allowed(job.declaredType, limits)) return { refused: `declared content type ${job.declaredType} is not allowed` };
  let response: Awaited<ReturnType<KhorosApi['download']>>;
  try {
    response = await api.download(job.url);
  } catch (error) {
    if (error instanceof HostNotAllowedError) return { refused: `host ${error.host} is not an allowed Khoros host` };
    // A 4xx (gone, forbidden) is the file's fate, not the run's: recorded, the export goes on.
    if (error instanceof KhorosRequestError && error.code === 'khoros_request_refused') return { refused: `the server refused the download: ${error.message}` };
    throw error;
  }
  const served = (response.contentType ?? '').split(';')[0].trim().toLowerCase();
  const refuse = (reason: string): DownloadOutcome => {
    response.body.destroy();
    return { refused: reason };
  };
  if (response.status !== 200) return refuse(`the server answered ${response.status}`);
  if (!served || !allowed(served, limits)) return refuse(`served content type ${served || '(none)'} is not allowed`);
  if (job.declaredType !== null && baseType(job.declaredType) !== served) return refuse(`served content type ${served} differs from the declared ${job.declaredType}`);
  if (response.contentLength !== undefined && response.contentLength > limits.maxBytes) return refuse(`content length ${response.contentLength} is over the cap of ${limits.maxBytes}`);

  await mkdir(join(filesDir, 'tmp'), { recursive: true });
  const temporary = join(filesDir, 'tmp', randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limits.maxBytes) return done(new SizeCapError(limits.maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(response.body, meter, createWriteStream(temporary));
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof SizeCapError) return { refused: error.message };
    throw error;
  }
  if (response.contentLength !== undefined && size !== response.contentLength) {
    await rm(temporary, { force: true });
    throw new Error(`download of ${job.url} ended after ${size} of ${response.contentLength} bytes`);
  }
  const sha256 = hash.digest('hex');
  const directory = join(filesDir, sha256.slice(0, 2));
  await mkdir(directory, { recursive: true });
  const path = join(directory, sha256);
  await rename(temporary, path);
  return { stored: { sha256, size, contentType: served, sourceUrl: job.url, owner: job.owner, fileName: job.fileName, path } };
}

class SizeCapError extends Error {
  constructor(cap: number) {
    super(`the file grew over the cap of ${cap} bytes while downloading`);
  }
}

function baseType(type: string): string {
  return type.split(';')[0].trim().toLowerCase();
}

function allowed(type: string, limits: DownloadLimits): boolean {
  const base = baseType(type);
  return limits.allowedTypes.some((a) => a === base || (a.endsWith('/*') && base.startsWith(a.slice(0, -1))));
}
