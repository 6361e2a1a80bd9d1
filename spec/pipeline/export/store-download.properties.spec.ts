/**
 * Property test: whatever an attachment is called (`../../x`, `..\..\x`, absolute and drive
 * paths, NUL bytes, `.` and `..`, names over 255 bytes, RTL overrides, empty names), the
 * stored file lands inside the workspace's files folder under its sha256, nothing is
 * written anywhere else, and the name itself is kept only as data in `files.file_name`.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { DEFAULT_DOWNLOAD_LIMITS, storeDownload } from '../../../pipeline/export/store-download.ts';
import type { KhorosApi } from '../../../pipeline/khoros/khoros-api.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { StoredFile, Workspace } from '../../../pipeline/workspace/workspace.ts';

const HOSTILE_NAMES = [
  '../../x', '..\\..\\x', '../../../../../../etc/passwd', '/etc/passwd', '/tmp/x', 'C:\\x', 'C:x', '\\\\server\\share\\x', 'a\u0000b', '\u0000', '.', '..', '...',
  '', ' ', 'x'.repeat(300), 'é'.repeat(200), '😀'.repeat(80), '\u202Egnp.exe', 'invoice\u202Efdp.exe', 'con', 'NUL.txt', 'a/b/c', '~/x', '%2e%2e%2fx', 'file:///etc/passwd',
  '.bashrc', 'x\n../y', 'x\r\ny', '\uFEFFname', 'ᴀ'.repeat(100),
];
const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom('../', '..\\', '/', '\\', '.', '\u0000', '\u202E', 'C:'), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((p) => p.join('')) },
);

/** A KhorosApi whose downloads answer `body` as an allowed PDF. */
function fakeApi(body: Uint8Array): KhorosApi {
  return {
    family: 'files', baseUrl: 'https://files.acme.example',
    json: () => Promise.reject(new Error('not used')),
    download: async () => ({ status: 200, contentType: 'application/pdf', contentLength: body.length, body: Readable.from([Buffer.from(body)]) }),
  };
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

describe('storeDownload with hostile attachment names (fast-check)', function () {
  this.timeout(60_000);
  let root: string;
  let workspace: Workspace;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'k2i-names-'));
    workspace = await openWorkspace(':memory:');
  });
  after(async () => {
    await workspace.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stores every file inside the files folder under its sha256, writes nothing elsewhere, and keeps the name as data', async () => {
    // The files folder sits two levels down, so an escape upwards would land in `root` or `root/ws`.
    const filesDir = join(root, 'ws', 'ws.files');
    await mkdir(filesDir, { recursive: true });
    const expected = new Set<string>();
    let n = 0;
    await fc.assert(fc.asyncProperty(name, fc.uint8Array({ minLength: 1, maxLength: 64 }), async (fileName, bytes) => {
      n += 1;
      const job = { url: `https://files.acme.example/attachments/A${n}/${encodeURIComponent(fileName)}`, owner: { family: 'cases', key: `K${n}` }, id: `A${n}`, fileName, declaredType: 'application/pdf', declaredSize: null };
      const outcome = await storeDownload(fakeApi(bytes), job, filesDir, DEFAULT_DOWNLOAD_LIMITS);
      expect(outcome).to.have.property('stored');
      const stored = (outcome as { stored: StoredFile }).stored;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(stored.sha256).to.equal(sha256);
      expect(relative(filesDir, stored.path)).to.equal(join(sha256.slice(0, 2), sha256));
      expect(stored.path.startsWith(filesDir + sep)).to.equal(true);
      expect(Buffer.compare(await readFile(stored.path), Buffer.from(bytes))).to.equal(0);
      expected.add(join('ws', 'ws.files', sha256.slice(0, 2), sha256));

      // The name is data: the files row keeps it (DuckDB holds a lone surrogate as U+FFFD, and
      // its Node client drops a leading U+FEFF when it decodes the text it reads).
      await workspace.recordFile(stored);
      const [row] = await workspace.query<{ file_name: string; path: string }>('SELECT file_name, path FROM files WHERE owner_key = ?', [job.owner.key]);
      expect(row).to.deep.equal({ file_name: fileName.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').replace(/^\uFEFF/, ''), path: stored.path });
    }), { numRuns: 80, seed: 8_2026 });
    // Nothing else anywhere under root: no escaped name, no temporary file left behind.
    expect(await filesUnder(root)).to.deep.equal([...expected].sort());
    expect(n).to.be.at.least(80);
  });
});
