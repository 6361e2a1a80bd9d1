/**
 * Streams a generated dataset to a file or a writable stream in bounded memory: records are
 * generated, serialized and written one at a time, in chunks of about 64 KB, waiting for
 * `'drain'` whenever the stream's buffer is full.
 */
import { createWriteStream } from 'node:fs';
import { datasetLayout, type LayoutNode } from './dataset-layout.ts';
import { planFor, type DatasetOptions } from './generate-dataset.ts';

/** What `writeDataset` wrote. */
export interface WriteResult {
  /** Bytes written (UTF-8). */
  bytes: number;
  /** Records written per family, the same keys and numbers as `meta.counts`. */
  counts: Record<string, number>;
}

const CHUNK = 64 * 1024;

/**
 * Writes the dataset of `options` to `out` (a path, created or truncated, or a stream that
 * is left open, e.g. `process.stdout`).
 *
 * The serialization is fixed, so the same seed and scale always give the same bytes:
 * compact JSON (`JSON.stringify` without spacing, keys in generation order) in which every
 * record array of the document (`khoros.customers`, `khoros.cases`, `khoros.kb.articles`,
 * `intercom.contacts`, … — every array directly under `khoros`, `khoros.kb` and `intercom`)
 * puts each element on its own line, and the file ends with one newline:
 *
 * ```
 * {"version":1,"meta":{...},"khoros":{"instance":{...},"customFields":{...},"customers":[
 * {"id":"C0000001",...},
 * {"id":"C0000002",...}
 * ],"authors":[
 * ...
 * ],"kb":{"categories":[
 * ...
 * ]},...},"intercom":{"workspace":{...},"admins":[
 * ...
 * ],...}}
 * ```
 *
 * An empty array is written `[]`. Nested arrays (a case's `interactions`) stay inline in
 * their record's line, so a line-oriented reader can take one record per line after the
 * line that opens its array. `JSON.parse` of the file deep-equals `generateDataset(options)`.
 *
 * @example
 * const { bytes, counts } = await writeDataset({ seed: 1, scale: 'large' }, 'large.json');
 * await writeDataset({ seed: 1, scale: 'tiny' }, process.stdout);
 */
export async function writeDataset(options: DatasetOptions, out: NodeJS.WritableStream | string): Promise<WriteResult> {
  const plan = planFor(options);
  const file = typeof out === 'string' ? createWriteStream(out) : undefined;
  const stream: NodeJS.WritableStream = file ?? (out as NodeJS.WritableStream);
  const counts: Record<string, number> = {};
  let bytes = 0;
  let buffer = '';
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  stream.on('error', onError);

  const flush = async () => {
    if (failure) throw failure;
    if (!buffer) return;
    // Encode here: the stream then holds off-heap bytes while the write is in flight, and
    // the string dies young instead of being promoted into old space as garbage.
    const chunk = Buffer.from(buffer, 'utf8');
    buffer = '';
    bytes += chunk.length;
    if (!stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('error', done);
          stream.off('close', done);
          if (failure) reject(failure);
          else resolve();
        };
        stream.on('drain', done);
        stream.on('error', done);
        stream.on('close', done);
      });
    }
  };

  const walk = async (node: LayoutNode): Promise<void> => {
    if (node.kind === 'value') {
      buffer += JSON.stringify(node.value);
      return;
    }
    if (node.kind === 'object') {
      buffer += '{';
      for (const [n, [key, child]] of node.entries.entries()) {
        buffer += `${n ? ',' : ''}${JSON.stringify(key)}:`;
        await walk(child);
      }
      buffer += '}';
      return;
    }
    let written = 0;
    let nested = 0;
    buffer += '[';
    for (const record of node.records()) {
      buffer += `${written ? ',' : ''}\n${JSON.stringify(record)}`;
      written++;
      if (node.nested) nested += node.nested.count(record);
      if (buffer.length >= CHUNK) await flush();
    }
    buffer += written ? '\n]' : ']';
    counts[node.family] = written;
    if (node.nested) counts[node.nested.family] = nested;
  };

  try {
    await walk(datasetLayout(plan));
    buffer += '\n';
    await flush();
    if (file) {
      await new Promise<void>((resolve, reject) => {
        file.once('error', reject);
        file.end(() => resolve());
      });
    }
  } catch (error) {
    // A file we opened is closed on any failure; a stream we were given is the caller's.
    file?.destroy();
    throw error;
  } finally {
    stream.off('error', onError);
  }
  if (failure) throw failure;
  return { bytes, counts };
}
