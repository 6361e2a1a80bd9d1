/**
 * The download step against nock: files come only from allowed hosts (a URL elsewhere is
 * refused before any request, a redirect elsewhere is not followed), within the size cap
 * whether the server declares an honest Content-Length, none, or a false one (the stream
 * stops at the cap and the partial file is removed; HTTP reads no more than a false length
 * declares), and every refusal is a row of
 * `refused_downloads` with its reason.
 */
import { expect } from 'chai';
import nock from 'nock';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Config } from '../../../pipeline/config.ts';
import { downloadFiles } from '../../../pipeline/export/download-files.ts';
import { DEFAULT_DOWNLOAD_LIMITS } from '../../../pipeline/export/store-download.ts';
import { createKhorosClients } from '../../../pipeline/khoros/create-khoros-clients.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

const FILES = 'https://files.acme.example';
const CDN = 'https://cdn.example';
const EVIL = 'https://evil.example';
const CAP = 100;
const CONFIG: Config['khoros'] = { care: 'https://acme.response.lithium.com', files: FILES, username: 'api-user', password: 'hunter2-secret', allowedHosts: ['cdn.example'] };
const UNLIMITED = { care: null, careOther: null, analytics: null, community: null, marketing: null, crm: null, files: null };

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** A body of `n` bytes sent in 10-byte chunks, with no Content-Length. */
function chunked(n: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      sent += 10;
      this.push(sent > n ? null : Buffer.alloc(10, 'a'));
    },
  });
}

describe('downloadFiles: allowed hosts and the size cap (nock)', () => {
  let root: string;
  let workspace: Workspace;
  before(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'k2i-downloads-'));
    workspace = await openWorkspace(join(root, 'ws.duckdb'));
  });
  afterEach(async () => {
    nock.cleanAll();
    await workspace.close();
    await rm(root, { recursive: true, force: true });
  });
  after(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  /** Stages one case whose interaction carries `attachments`, then runs the download step. */
  async function download(attachments: Record<string, unknown>[], config = CONFIG) {
    await workspace.writePage({
      family: 'cases', stream: 'cases', endpoint: 'GET /crm/cases', checkpoint: { done: true }, quarantined: [],
      rows: [{ key: '00010001', payload: { id: '00010001', interactions: [{ id: 'I1', created: '2025-01-02T09:00:00Z', body: 'b', attachments }] } }],
    });
    const clients = createKhorosClients(config, { quotas: UNLIMITED, sleep: async () => undefined, retry: { 'server-error': { maxRetries: 0 } } });
    const summary = await downloadFiles(clients, workspace, { limits: { ...DEFAULT_DOWNLOAD_LIMITS, maxBytes: CAP } });
    const refused = await workspace.query<{ url: string; reason: string }>('SELECT url, reason FROM refused_downloads ORDER BY url');
    const stored = await workspace.query<{ url: string; size: number; path: string }>('SELECT source_url AS url, size::INTEGER AS size, path FROM files ORDER BY url');
    return { summary, refused, stored, requests: clients.stats().requests.files ?? 0 };
  }

  const attachment = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, fileName: `${id}.pdf`, contentType: 'application/pdf', url, ...extra });

  it('refuses a URL on a host that is not allowed before any request, and stores one from an allowed host', async () => {
    const evil = nock(EVIL).get('/x.pdf').reply(200, '%PDF-evil', { 'Content-Type': 'application/pdf' });
    nock(FILES).get('/attachments/a1/a1.pdf').reply(200, '%PDF-1', { 'Content-Type': 'application/pdf', 'Content-Length': '6' });
    const out = await download([attachment('a1', `${FILES}/attachments/a1/a1.pdf`), attachment('a2', `${EVIL}/x.pdf`), 
      attachment('a3', 'https://files.acme.example.evil.example/y.pdf'), attachment('a4', 'https://files.acme.example@evil.example/z.pdf')]);
    expect(out.refused).to.deep.equal([
      { url: `${EVIL}/x.pdf`, reason: 'host evil.example is not an allowed Khoros host' },
      { url: 'https://files.acme.example.evil.example/y.pdf', reason: 'host files.acme.example.evil.example is not an allowed Khoros host' },
      { url: 'https://files.acme.example@evil.example/z.pdf', reason: 'host evil.example is not an allowed Khoros host' },
    ]);
    expect(out.stored.map((s) => [s.url, s.size])).to.deep.equal([[`${FILES}/attachments/a1/a1.pdf`, 6]]);
    expect(evil.isDone(), 'evil.example was requested').to.equal(false);
    expect(out.requests).to.equal(1);
  });

  it('does not follow a redirect to a host that is not allowed, and follows one to an allowed host', async () => {
    const evil = nock(EVIL).get('/stolen.pdf').reply(200, '%PDF-evil', { 'Content-Type': 'application/pdf' });
    nock(FILES)
      .get('/attachments/r1/r1.pdf').reply(302, '', { Location: `${EVIL}/stolen.pdf` })
      .get('/attachments/r2/r2.pdf').reply(301, '', { Location: `${CDN}/r2.pdf` });
    nock(CDN).get('/r2.pdf').reply(200, '%PDF-cdn', { 'Content-Type': 'application/pdf' });
    const out = await download([attachment('r1', `${FILES}/attachments/r1/r1.pdf`), attachment('r2', `${FILES}/attachments/r2/r2.pdf`)]);
    expect(out.refused).to.deep.equal([{ url: `${FILES}/attachments/r1/r1.pdf`, reason: 'host evil.example is not an allowed Khoros host' }]);
    expect(out.stored.map((s) => [s.url, s.size])).to.deep.equal([[`${FILES}/attachments/r2/r2.pdf`, 8]]);
    expect(evil.isDone(), 'the redirect to evil.example was followed').to.equal(false);
  });

  it('refuses a body over the cap whether Content-Length is declared or missing, keeps no more than a false one declares, and removes the partial file', async () => {
    nock(FILES)
      .get('/attachments/c1/c1.pdf').reply(200, Buffer.alloc(500, 'a'), { 'Content-Type': 'application/pdf', 'Content-Length': '500' })
      .get('/attachments/c2/c2.pdf').reply(200, () => chunked(100_000), { 'Content-Type': 'application/pdf' })
      .get('/attachments/c3/c3.pdf').reply(200, () => chunked(1000), { 'Content-Type': 'application/pdf', 'Content-Length': '10' })
      .get('/attachments/c4/c4.pdf').reply(200, Buffer.alloc(CAP, 'a'), { 'Content-Type': 'application/pdf' });
    const refusedBefore = nock(FILES).get('/attachments/c5/c5.pdf').reply(200, 'x', { 'Content-Type': 'application/pdf' });
    const out = await download([
      attachment('c1', `${FILES}/attachments/c1/c1.pdf`), attachment('c2', `${FILES}/attachments/c2/c2.pdf`),
      attachment('c3', `${FILES}/attachments/c3/c3.pdf`), attachment('c4', `${FILES}/attachments/c4/c4.pdf`),
      attachment('c5', `${FILES}/attachments/c5/c5.pdf`, { size: CAP + 1 }),
    ]);
    expect(out.refused).to.deep.equal([
      { url: `${FILES}/attachments/c1/c1.pdf`, reason: `content length 500 is over the cap of ${CAP}` },
      { url: `${FILES}/attachments/c2/c2.pdf`, reason: `the file grew over the cap of ${CAP} bytes while downloading` },
      { url: `${FILES}/attachments/c5/c5.pdf`, reason: `declared size ${CAP + 1} bytes is over the cap of ${CAP}` },
    ]);
    // A false Content-Length under the cap: HTTP reads no more than it declares, so no more is kept.
    // Exactly the cap is kept; the declared-size refusal sent no request.
    expect(out.stored.map((s) => [s.url, s.size])).to.deep.equal([[`${FILES}/attachments/c3/c3.pdf`, 10], [`${FILES}/attachments/c4/c4.pdf`, CAP]]);
    expect(refusedBefore.isDone()).to.equal(false);
    expect(out.requests).to.equal(4);
    const files = await filesUnder(workspace.filesDir!);
    expect(files).to.have.members(out.stored.map((s) => relative(workspace.filesDir!, s.path)));
    for (const file of files) expect(file).to.match(new RegExp(`^[0-9a-f]{2}\\${sep}[0-9a-f]{64}$`));
  });

  it('stops reading an endless body from a real server at the cap, refusing it and removing the partial file', async () => {
    let sent = 0;
    let closed = false;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      const pump = () => {
        while (!closed && res.write(Buffer.alloc(1024, 'a'))) sent += 1024;
      };
      res.on('drain', pump).on('close', () => { closed = true; });
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    nock.enableNetConnect('127.0.0.1');
    try {
      const out = await download([attachment('e1', `${origin}/endless.pdf`)], { ...CONFIG, files: origin });
      expect(out.refused).to.deep.equal([{ url: `${origin}/endless.pdf`, reason: `the file grew over the cap of ${CAP} bytes while downloading` }]);
      expect(out.stored).to.deep.equal([]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed, 'the connection was left open').to.equal(true);
      // The body never ends: only the refusal closing the connection stopped the server.
      expect(sent).to.be.above(CAP);
      expect(await filesUnder(workspace.filesDir!)).to.deep.equal([]);
    } finally {
      nock.disableNetConnect();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a rerun skips what was stored or refused and requests nothing', async () => {
    nock(FILES).get('/attachments/a1/a1.pdf').reply(200, '%PDF-1', { 'Content-Type': 'application/pdf' });
    const first = await download([attachment('a1', `${FILES}/attachments/a1/a1.pdf`), attachment('a2', `${EVIL}/x.pdf`)]);
    expect(first.summary).to.deep.equal({ stored: 1, refused: 1, skipped: 0 });
    const again = await download([attachment('a1', `${FILES}/attachments/a1/a1.pdf`), attachment('a2', `${EVIL}/x.pdf`)]);
    expect(again.summary).to.deep.equal({ stored: 0, refused: 0, skipped: 2 });
    expect(again.requests).to.equal(0);
  });
});
