/**
 * Reads a request body: JSON when it parses as JSON, else the raw text (form bodies,
 * LiQL), undefined when empty. Bodies over 16 MiB are refused.
 */
import type { IncomingMessage } from 'node:http';
import { KhorosHttpError } from './route.ts';

const MAX_BYTES = 16 * 1024 * 1024;

/**
 * @example
 * const body = await readBody(req); // { ops: [...] } for a JSON POST
 */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new KhorosHttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new KhorosHttpError(400, 'Error parsing HTTP body. The body is not valid JSON.');
    }
  }
  return text;
}
