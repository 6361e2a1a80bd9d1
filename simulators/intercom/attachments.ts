/**
 * Attachments on conversation parts. The 2.16 description offers two inputs and no upload
 * endpoint: `attachment_files` (`{content_type, data (base64), name}`, at most 10) and
 * `attachment_urls` (at most 10 URLs Intercom fetches). Either way Intercom re-hosts the file
 * and the part shows a `part_attachment` `{type, name, url, content_type, filesize, width,
 * height}` pointing at its own copy. The simulator keeps the bytes in `state.uploads` and
 * serves them at `{baseUrl}/_files/{key}/{name}` (see `routes/files.ts`).
 *
 * Simulator choices: `type` is `"upload"`; `width`/`height` are given for PNG, GIF and JPEG
 * images only; an URL that cannot be fetched answers 400 `parameter_invalid` (set the hook
 * `{"fetchAttachmentUrls": false}` to keep such URLs as given, without fetching).
 */
import { IntercomError, type SimState } from './context.ts';

type Obj = Record<string, any>;

/** Most files or URLs one request may attach (2.16 description). */
export const MAX_ATTACHMENTS = 10;

const TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf',
  txt: 'text/plain', csv: 'text/csv', json: 'application/json', zip: 'application/zip', html: 'text/html',
};

function guessType(name: string): string {
  return TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/**
 * Pixel size of a PNG, GIF or JPEG; undefined for anything else.
 *
 * @example
 * imageSize(pngBytes); // { width: 1, height: 1 }
 */
export function imageSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (data.length >= 10 && data.toString('ascii', 0, 3) === 'GIF') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) {
    for (let i = 2; i + 9 < data.length;) {
      if (data[i] !== 0xff) return undefined;
      const marker = data[i + 1];
      const length = data.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: data.readUInt16BE(i + 7), height: data.readUInt16BE(i + 5) };
      }
      i += 2 + length;
    }
  }
  return undefined;
}

function store(state: SimState, name: string, contentType: string, data: Buffer): Obj {
  const key = state.nextId('upload');
  state.uploads.set(key, { name, contentType, data });
  return {
    type: 'upload',
    name,
    url: `${state.baseUrl}/_files/${key}/${encodeURIComponent(name)}`,
    content_type: contentType,
    filesize: data.length,
    ...imageSize(data),
  };
}

function checkCount(list: unknown, field: string): unknown[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new IntercomError(400, 'parameter_invalid', `${field} must be an array`, field);
  if (list.length > MAX_ATTACHMENTS) {
    throw new IntercomError(400, 'parameter_invalid', `You can include up to ${MAX_ATTACHMENTS} ${field}`, field);
  }
  return list;
}

/**
 * Decodes `attachment_files`, stores them and returns their `part_attachment`s.
 *
 * @example
 * storeAttachmentFiles(state, [{ content_type: 'text/plain', data: 'aGk=', name: 'hi.txt' }]);
 * // [{ type: 'upload', name: 'hi.txt', url: '…/_files/1/hi.txt', content_type: 'text/plain', filesize: 2 }]
 */
export function storeAttachmentFiles(state: SimState, files: unknown): Obj[] {
  return checkCount(files, 'attachment_files').map((file, i) => {
    const f = (file ?? {}) as Obj;
    const field = `attachment_files.${i}`;
    if (typeof f.name !== 'string' || f.name.trim() === '') throw new IntercomError(400, 'parameter_invalid', `${field}.name must be a non-empty string`, field);
    if (typeof f.data !== 'string' || !/^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/.test(f.data)) {
      throw new IntercomError(400, 'parameter_invalid', `${field}.data must be base64-encoded`, field);
    }
    const contentType = typeof f.content_type === 'string' && f.content_type !== '' ? f.content_type : guessType(f.name);
    return store(state, f.name, contentType, Buffer.from(f.data, 'base64'));
  });
}

/**
 * Fetches `attachment_urls` (as Intercom does), stores the bytes and returns the attachments.
 *
 * @example
 * await fetchAttachmentUrls(state, ['http://127.0.0.1:4020/files/a.png']);
 */
export async function fetchAttachmentUrls(state: SimState, urls: unknown): Promise<Obj[]> {
  const out: Obj[] = [];
  for (const [i, raw] of checkCount(urls, 'attachment_urls').entries()) {
    const field = `attachment_urls.${i}`;
    let url: URL;
    try {
      url = new URL(String(raw));
    } catch {
      throw new IntercomError(400, 'parameter_invalid', `${field} must be a URL`, field);
    }
    const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '') || 'attachment';
    if (state.hooks.fetchAttachmentUrls === false) {
      out.push({ type: 'upload', name, url: url.href, content_type: guessType(name), filesize: 0 });
      continue;
    }
    const own = `${state.baseUrl}/_files/`;
    const key = url.href.startsWith(own) ? url.href.slice(own.length).split('/')[0] : undefined;
    const local = key ? state.uploads.get(key) : undefined;
    if (local) {
      out.push(store(state, local.name, local.contentType, local.data));
      continue;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const type = response.headers.get('content-type')?.split(';')[0] || guessType(name);
      out.push(store(state, name, type, Buffer.from(await response.arrayBuffer())));
    } catch (error) {
      throw new IntercomError(400, 'parameter_invalid', `${field} could not be fetched (${(error as Error).message})`, field);
    }
  }
  return out;
}
