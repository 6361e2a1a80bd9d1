/**
 * The files a staged record points at, as download jobs for the export's download stage:
 * a case's interaction attachments, a conversation's message media, a Community image.
 * Not a network listing: the links come with the records (cases, conversation details and
 * `kb_images` already carry `url`, type and size), so files cost no listing request, only
 * their downloads. Pure: the same record gives the same jobs.
 */
import type { FileOwner } from '../../workspace/workspace.ts';
import { keyOf } from './keys.ts';

/** One file to download. */
export interface DownloadJob {
  url: string;
  /** The record the file belongs to (its family and raw-table key). */
  owner: FileOwner;
  /** The attachment's own id (`ATT-…`, an image id), when it has one. */
  id: string | null;
  fileName: string | null;
  /** Content type and size the source declared (the download checks them). */
  declaredType: string | null;
  declaredSize: number | null;
}

/**
 * The download jobs of one record of `family`: `cases` → every interaction's
 * `attachments[]`, `conversations` → every message's `media[]`, `kb_images` → the image
 * itself; other families (and a record without a key) → none. A file without a `url` cannot
 * be downloaded and is left out (the simulator and the APIs always give one).
 *
 * @example
 * downloadJobsOf('cases', { id: '00010001', interactions: [{ attachments: [{ id: 'ATT-1', fileName: 'a.pdf', contentType: 'application/pdf', size: 10, url: 'http://…/a.pdf' }] }] });
 * // [{ url: 'http://…/a.pdf', owner: { family: 'cases', key: '00010001' }, id: 'ATT-1', fileName: 'a.pdf', declaredType: 'application/pdf', declaredSize: 10 }]
 */
export function downloadJobsOf(family: string, record: Record<string, unknown>): DownloadJob[] {
  const key = family in FILES ? keyOf(family, record) : null;
  if (key === null) return [];
  const owner = { family, key };
  return FILES[family](record).filter((f) => typeof f.url === 'string' && f.url !== '').map((f) => ({
    url: f.url as string,
    owner,
    id: text(f.id),
    fileName: text(f.fileName) ?? text(f.title),
    declaredType: text(f.contentType) ?? text(f.content_type),
    declaredSize: typeof f.size === 'number' && Number.isFinite(f.size) ? f.size : null,
  }));
}

type Item = Record<string, unknown>;

/** Where each family keeps its files. */
const FILES: Record<string, (record: Item) => Item[]> = {
  cases: (r) => list(r.interactions).flatMap((i) => list(i.attachments)),
  conversations: (r) => list(r.messages).flatMap((m) => list(m.media)),
  kb_images: (r) => [r],
};

function list(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((v): v is Item => v !== null && typeof v === 'object') : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
