/**
 * Fills in the bytes of a part's `attachment_files` just before it is sent: each file the
 * transform named (`attachmentIds`, index-aligned) is found in the staged record (its
 * download URL), then in the `files` table (the stored copy, by owner and URL), read and
 * base64-encoded. One part's files at a time (at most 10), so memory holds one part.
 */
import type { AttachmentFilePayload } from '../transform/payload-types.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { readStoredFile } from './read-stored-file.ts';

type Obj = Record<string, any>;

/** A part's files with data, and the ids of the ones not staged (left out). */
export interface FilledFiles {
  files: AttachmentFilePayload[];
  missing: string[];
}

/**
 * Attachment id → download URL of a staged case (`interactions[].attachments[]`) or Care
 * conversation (`messages[].media[]`).
 *
 * @example
 * attachmentUrls('cases', kase).get('ATT-1'); // 'http://127.0.0.1:4100/files/ATT-1'
 */
export function attachmentUrls(family: string, record: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
  const files = family === 'cases' ? list(record?.interactions).flatMap((i) => list(i.attachments)) : list(record?.messages).flatMap((m) => list(m.media));
  for (const f of files) if ((typeof f.id === 'string' || typeof f.id === 'number') && typeof f.url === 'string') out.set(String(f.id), f.url);
  return out;
}

/**
 * The part's `attachment_files` with `data`; files whose bytes were not staged are left out.
 *
 * @example
 * const { files, missing } = await fillAttachmentData(workspace, { family: 'cases', key }, urls, part.attachmentIds, payload.attachment_files);
 */
export async function fillAttachmentData(
  workspace: Workspace, owner: { family: string; key: string }, urls: ReadonlyMap<string, string>,
  ids: readonly string[], named: readonly AttachmentFilePayload[],
): Promise<FilledFiles> {
  const files: AttachmentFilePayload[] = [];
  const missing: string[] = [];
  for (let i = 0; i < named.length; i++) {
    const id = ids[i];
    const url = id === undefined ? undefined : urls.get(id);
    const [row] = url === undefined ? [] : await workspace.query<{ path: string }>(
      `SELECT path FROM files WHERE owner_family = $1 AND owner_key = $2 AND source_url = $3 LIMIT 1`, [owner.family, owner.key, url]);
    const bytes = row ? await readStoredFile(workspace, row.path) : null;
    if (!bytes) {
      missing.push(id ?? `#${i}`);
      continue;
    }
    files.push({ ...named[i], data: bytes.toString('base64') });
  }
  return { files, missing };
}
