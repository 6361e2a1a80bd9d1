import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { rejects } from './rejects.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('workspace files, refused downloads and case-id collisions', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await openWorkspace(':memory:', { runId: 'run-f', now: () => new Date('2025-02-01T00:00:00Z') });
  });
  afterEach(() => ws.close());

  it('lists a stored file once per owner, however often it is recorded', async () => {
    const file = { sha256: sha('bytes'), size: 5, contentType: 'image/png', sourceUrl: 'https://files.example/a.png', owner: { family: 'cases', key: '00010001' }, fileName: 'a.png', path: `files/${sha('bytes')}` };
    await ws.recordFile(file);
    await ws.recordFile(file);
    await ws.recordFile({ ...file, owner: { family: 'kb_articles', key: '42' } });
    const rows = await ws.query('SELECT sha256, owner_family, owner_key, size, content_type, source_url, file_name, path, run_id FROM files ORDER BY owner_family');
    expect(rows).to.deep.equal([
      { sha256: file.sha256, owner_family: 'cases', owner_key: '00010001', size: 5, content_type: 'image/png', source_url: file.sourceUrl, file_name: 'a.png', path: file.path, run_id: 'run-f' },
      { sha256: file.sha256, owner_family: 'kb_articles', owner_key: '42', size: 5, content_type: 'image/png', source_url: file.sourceUrl, file_name: 'a.png', path: file.path, run_id: 'run-f' },
    ]);
    await rejects(ws.recordFile({ ...file, sha256: 'ABC' }), TypeError, 'sha256');
  });

  it('lists a refused download once per url and owner, with the latest reason', async () => {
    const refused = { url: 'https://evil.example/x.exe', owner: { family: 'cases', key: '1' }, reason: 'host evil.example is not allowed' };
    await ws.recordRefusedDownload(refused);
    await ws.recordRefusedDownload({ ...refused, reason: 'host evil.example is not allowed (again)' });
    expect(await ws.query('SELECT url, owner_family, owner_key, reason FROM refused_downloads')).to.deep.equal([
      { url: refused.url, owner_family: 'cases', owner_key: '1', reason: 'host evil.example is not allowed (again)' },
    ]);
  });

  it('merges collision reports that share a naive key', async () => {
    await ws.recordCaseIdCollision({ reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'], canonical: ['L-4711', 'N-4711'], naiveKey: '4711' });
    await ws.recordCaseIdCollision({ reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'], canonical: ['L-4711', 'N-4711'], naiveKey: '4711' });
    await ws.recordCaseIdCollision({ reason: 'same-canonical-id', ids: ['CASE-004711', 'CASE-0004711'], canonical: 'N-4711' });
    expect(await ws.query('SELECT naive_key, ids, canonical_ids, reasons, run_id FROM case_id_collisions')).to.deep.equal([
      { naive_key: '4711', ids: ['00004711', 'CASE-0004711', 'CASE-004711'], canonical_ids: ['L-4711', 'N-4711'], reasons: ['same-canonical-id', 'same-naive-key'], run_id: 'run-f' },
    ]);
  });
});
