import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntercomRequestError, IntercomWriteUncertainError } from '../../../pipeline/errors.ts';
import {
  inFlight, lastWrite, lastWrites, LedgerError, ledgered, recordDone, recordFailed, recordIntent, writesOf,
} from '../../../pipeline/workspace/ledger.ts';
import { canonicalJson, payloadHash } from '../../../pipeline/workspace/ledger-hash.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const HASH = payloadHash({ name: 'VIP' });

describe('write ledger', () => {
  describe('payloadHash', () => {
    it('hashes the canonical JSON: key order, whitespace and undefined fields do not matter', () => {
      const a = { name: 'VIP', users: [{ id: '1', untag: undefined }], meta: { b: 2, a: 1 } };
      const b = JSON.parse('{ "meta": { "a": 1, "b": 2 }, "users": [ { "id": "1" } ], "name": "VIP" }');
      expect(canonicalJson(a)).to.equal('{"meta":{"a":1,"b":2},"name":"VIP","users":[{"id":"1"}]}');
      expect(payloadHash(a)).to.equal(payloadHash(b));
      expect(payloadHash(a)).to.match(/^[0-9a-f]{64}$/);
    });

    it('tells different payloads apart, array order included', () => {
      expect(payloadHash({ options: ['a', 'b'] })).to.not.equal(payloadHash({ options: ['b', 'a'] }));
      expect(payloadHash({ n: 1 })).to.not.equal(payloadHash({ n: '1' }));
    });

    it('writes values as JSON does (dates, non-finite numbers, undefined in arrays) and refuses cycles', () => {
      expect(canonicalJson([undefined, NaN, new Date('2025-01-01T00:00:00Z'), 10n])).to.equal('[null,null,"2025-01-01T00:00:00.000Z",10]');
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      expect(() => canonicalJson(cycle)).to.throw(TypeError, /cycle/);
    });
  });

  describe('in a workspace', () => {
    let workspace: Workspace;
    beforeEach(async () => {
      workspace = await openWorkspace(':memory:', { runId: 'run-1', stage: 'import' });
    });
    afterEach(() => workspace.close());

    it('records an intent, then its outcome, on the same row', async () => {
      const seq = await recordIntent(workspace, { objectType: 'tag', khorosKey: 'VIP', operation: 'create', payloadHash: HASH, endpoint: 'POST /tags' });
      const [intent] = await inFlight(workspace);
      expect(intent).to.deep.include({ seq, runId: 'run-1', objectType: 'tag', khorosKey: 'VIP', operation: 'create', endpoint: 'POST /tags',
        payloadHash: HASH, status: 'intent', intercomId: null, beforeImage: null, error: null, settledAt: null });
      expect(intent.recordedAt).to.be.instanceOf(Date);
      const done = await recordDone(workspace, seq, { intercomId: '6000010' });
      expect(done).to.deep.include({ seq, status: 'done', intercomId: '6000010' });
      expect(done.settledAt).to.be.instanceOf(Date);
      expect(await inFlight(workspace)).to.deep.equal([]);
      expect(await workspace.query('SELECT seq, status, intercom_id FROM ledger')).to.deep.equal([{ seq, status: 'done', intercom_id: '6000010' }]);
    });

    it('keeps a before-image given with the intent, and takes one given when done', async () => {
      const first = await recordIntent(workspace, { objectType: 'data_attribute', khorosKey: 'account_tier', operation: 'update', payloadHash: HASH,
        beforeImage: { options: ['bronze', 'silver'] } });
      expect((await recordDone(workspace, first, { intercomId: '12' })).beforeImage).to.deep.equal({ options: ['bronze', 'silver'] });
      const second = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C1', operation: 'update', payloadHash: HASH });
      expect((await recordDone(workspace, second, { intercomId: 'abc', beforeImage: { name: 'Old', email: null } })).beforeImage).to.deep.equal({ name: 'Old', email: null });
    });

    it('lists in-flight intents oldest first, by object type if asked', async () => {
      const a = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C1', operation: 'create', payloadHash: HASH });
      const b = await recordIntent(workspace, { objectType: 'conversation', khorosKey: '00004711', operation: 'create', payloadHash: HASH });
      const c = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C2', operation: 'create', payloadHash: HASH });
      await recordDone(workspace, a, { intercomId: 'x1' });
      await recordFailed(workspace, c, new Error('refused'));
      expect((await inFlight(workspace)).map((w) => w.seq)).to.deep.equal([b]);
      expect(await inFlight(workspace, 'contact')).to.deep.equal([]);
      expect((await inFlight(workspace, 'conversation')).map((w) => w.khorosKey)).to.deep.equal(['00004711']);
    });

    it('answers the last write of a key, of one operation if asked, whatever its status', async () => {
      expect(await lastWrite(workspace, 'contact', 'C1')).to.equal(null);
      const create = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C1', operation: 'create', payloadHash: HASH });
      await recordDone(workspace, create, { intercomId: 'x1' });
      const update = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C1', operation: 'update', payloadHash: HASH });
      expect(await lastWrite(workspace, 'contact', 'C1')).to.deep.include({ seq: update, status: 'intent' });
      expect(await lastWrite(workspace, 'contact', 'C1', 'create')).to.deep.include({ seq: create, status: 'done', intercomId: 'x1' });
      expect(await lastWrite(workspace, 'contact', 'C2')).to.equal(null);
    });

    it('answers the last write of many keys in one query', async () => {
      const c1 = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C1', operation: 'create', payloadHash: HASH });
      await recordDone(workspace, c1, { intercomId: 'x1' });
      const c1update = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C1', operation: 'update', payloadHash: HASH });
      const c2 = await recordIntent(workspace, { objectType: 'contact', khorosKey: 'C2', operation: 'create', payloadHash: HASH });
      await recordIntent(workspace, { objectType: 'conversation', khorosKey: 'C3', operation: 'create', payloadHash: HASH });
      const all = await lastWrites(workspace, 'contact', ['C1', 'C2', 'C3', "it's"]);
      expect([...all].map(([k, w]) => [k, w.seq, w.status]).sort()).to.deep.equal([['C1', c1update, 'intent'], ['C2', c2, 'intent']]);
      const creates = await lastWrites(workspace, 'contact', ['C1', 'C2'], 'create');
      expect(creates.get('C1')).to.deep.include({ seq: c1, status: 'done', intercomId: 'x1' });
      expect((await lastWrites(workspace, 'contact', [])).size).to.equal(0);
    });

    it('commits concurrent calls together, each settling once its own row is in', async () => {
      const keys = Array.from({ length: 50 }, (_, i) => `K${i}`);
      const seqs = await Promise.all(keys.map((khorosKey) => recordIntent(workspace, { objectType: 'contact', khorosKey, operation: 'create', payloadHash: HASH })));
      expect(new Set(seqs).size).to.equal(50);
      const rows = await workspace.query<{ seq: number; khoros_key: string }>('SELECT seq, khoros_key FROM ledger ORDER BY seq');
      expect(rows.map((r) => [r.seq, r.khoros_key])).to.deep.equal(keys.map((k, i) => [seqs[i], k]));
      // Dones in flight together; one seq twice with the same id is fine, with another id it is refused.
      const settled = await Promise.allSettled([
        ...seqs.map((seq, i) => recordDone(workspace, seq, { intercomId: `id${i}` })),
        recordDone(workspace, seqs[0], { intercomId: 'id0' }),
        recordDone(workspace, seqs[1], { intercomId: 'other' }),
      ]);
      expect(settled.slice(0, 51).every((s) => s.status === 'fulfilled')).to.equal(true);
      expect(settled[51]).to.have.property('status', 'rejected');
      expect((settled[51] as PromiseRejectedResult).reason).to.be.instanceOf(LedgerError);
      expect(await workspace.query(`SELECT count(*) AS n FROM ledger WHERE status = 'done' AND intercom_id = 'id' || (seq - $1)`, [seqs[0]])).to.deep.equal([{ n: 50 }]);
      expect(await inFlight(workspace)).to.deep.equal([]);
    });

    it('lists the writes of a run newest first, in pages', async () => {
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) seqs.push(await recordIntent(workspace, { objectType: 'tag', khorosKey: `t${i}`, operation: 'create', payloadHash: HASH }));
      await recordIntent(workspace, { runId: 'run-2', objectType: 'tag', khorosKey: 'other', operation: 'create', payloadHash: HASH });
      const first = await writesOf(workspace, 'run-1', { limit: 3 });
      expect(first.map((w) => w.seq)).to.deep.equal(seqs.slice(2).reverse());
      const second = await writesOf(workspace, 'run-1', { limit: 3, beforeSeq: first.at(-1)!.seq });
      expect(second.map((w) => w.seq)).to.deep.equal(seqs.slice(0, 2).reverse());
      expect(await writesOf(workspace)).to.have.length(6);
    });

    it('settles idempotently, refuses to settle a done write otherwise, and names unknown writes', async () => {
      const seq = await recordIntent(workspace, { objectType: 'tag', khorosKey: 'VIP', operation: 'create', payloadHash: HASH });
      await recordDone(workspace, seq, { intercomId: '1' });
      expect(await recordDone(workspace, seq, { intercomId: '1' })).to.deep.include({ status: 'done', intercomId: '1' });
      const other = await recordDone(workspace, seq, { intercomId: '2' }).catch((e: unknown) => e);
      expect(other).to.be.instanceOf(LedgerError).and.have.property('code', 'ledger_already_settled');
      const failing = await recordFailed(workspace, seq, 'late').catch((e: unknown) => e);
      expect(failing).to.be.instanceOf(LedgerError);
      const unknown = await recordDone(workspace, 999, { intercomId: '1' }).catch((e: unknown) => e);
      expect(unknown).to.be.instanceOf(LedgerError).and.have.property('code', 'ledger_unknown_write');
    });

    it('lets a failed write be found done later (a lookup found it in Intercom)', async () => {
      const seq = await recordIntent(workspace, { objectType: 'tag', khorosKey: 'VIP', operation: 'create', payloadHash: HASH });
      expect(await recordFailed(workspace, seq, new Error('HTTP 503'))).to.deep.include({ status: 'failed', error: 'Error: HTTP 503' });
      expect(await recordDone(workspace, seq, { intercomId: '7' })).to.deep.include({ status: 'done', error: null, intercomId: '7' });
    });

    it('refuses malformed intents before writing anything', async () => {
      await recordIntent(workspace, { objectType: 'tag', khorosKey: 'VIP', operation: 'create', payloadHash: 'abc' }).then(() => expect.fail('accepted'), (e: unknown) => {
        expect(e).to.be.instanceOf(TypeError);
      });
      await recordIntent(workspace, { objectType: '', khorosKey: 'VIP', operation: 'create', payloadHash: HASH }).then(() => expect.fail('accepted'), (e: unknown) => {
        expect(e).to.be.instanceOf(TypeError);
      });
      expect(await workspace.query('SELECT count(*) AS n FROM ledger')).to.deep.equal([{ n: 0 }]);
    });

    it('ledgered: done on success, failed on a refusal, still in flight when the outcome is unknown', async () => {
      const ok = await ledgered(workspace, {
        objectType: 'tag', khorosKey: 'VIP', operation: 'create', endpoint: 'POST /tags', payload: { name: 'VIP' },
        send: async () => ({ id: '10' }), settle: (answer) => ({ intercomId: answer.id }),
      });
      expect(ok.answer).to.deep.equal({ id: '10' });
      expect(ok.entry).to.deep.include({ status: 'done', intercomId: '10', payloadHash: HASH });

      const refused = new IntercomRequestError({ method: 'POST', path: '/tags', attempts: 1, status: 400, errors: [{ code: 'parameter_invalid' }] });
      const failed = await ledgered(workspace, {
        objectType: 'tag', khorosKey: 'bad', operation: 'create', payload: { name: '' }, send: () => Promise.reject(refused), settle: () => ({ intercomId: 'x' }),
      }).catch((e: unknown) => e);
      expect(failed).to.equal(refused);
      expect(await lastWrite(workspace, 'tag', 'bad')).to.deep.include({ status: 'failed' });

      const uncertain = new IntercomWriteUncertainError({ method: 'POST', path: '/tags', attempts: 1, reason: 'server-error', status: 503, detail: 'HTTP 503', lookedUp: false });
      await ledgered(workspace, {
        objectType: 'tag', khorosKey: 'maybe', operation: 'create', payload: { name: 'maybe' }, send: () => Promise.reject(uncertain), settle: () => ({ intercomId: 'x' }),
      }).catch(() => undefined);
      expect((await inFlight(workspace)).map((w) => w.khorosKey)).to.deep.equal(['maybe']);
    });
  });

  describe('in a workspace file', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'k2i-ledger-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('keeps intents and outcomes across closing and reopening the file', async () => {
      const path = join(dir, 'reopen.duckdb');
      const first = await openWorkspace(path, { runId: 'run-1', stage: 'import' });
      const done = await recordIntent(first, { objectType: 'contact', khorosKey: 'C1', operation: 'create', payloadHash: HASH });
      await recordDone(first, done, { intercomId: 'abc' });
      const open = await recordIntent(first, { objectType: 'contact', khorosKey: 'C2', operation: 'create', payloadHash: HASH });
      await first.close();

      const second = await openWorkspace(path, { runId: 'run-2', stage: 'import' });
      try {
        expect(await lastWrite(second, 'contact', 'C1')).to.deep.include({ seq: done, status: 'done', intercomId: 'abc', runId: 'run-1' });
        expect((await inFlight(second)).map((w) => [w.seq, w.khorosKey, w.runId])).to.deep.equal([[open, 'C2', 'run-1']]);
        // The next run reconciles it: the sequence goes on after the earlier run's rows.
        await recordDone(second, open, { intercomId: 'def' });
        expect(await recordIntent(second, { objectType: 'contact', khorosKey: 'C3', operation: 'create', payloadHash: HASH })).to.be.greaterThan(open);
      } finally {
        await second.close();
      }
    });

    it('keeps every committed call when the process is killed (SIGKILL) right after it', async function () {
      this.timeout(60_000);
      const path = join(dir, 'killed.duckdb');
      // A child records an intent, settles it, records a second intent, says so, and waits to be killed.
      const script = `
        const { openWorkspace } = await import(${JSON.stringify(join(root, 'pipeline/workspace/open-workspace.ts'))});
        const ledger = await import(${JSON.stringify(join(root, 'pipeline/workspace/ledger.ts'))});
        const ws = await openWorkspace(${JSON.stringify(path)}, { runId: 'killed-run', stage: 'import' });
        const a = await ledger.recordIntent(ws, { objectType: 'conversation', khorosKey: '00004711', operation: 'create', payloadHash: '${HASH}' });
        await ledger.recordDone(ws, a, { intercomId: '9001' });
        const b = await ledger.recordIntent(ws, { objectType: 'conversation', khorosKey: '00004712', operation: 'create', payloadHash: '${HASH}' });
        process.stdout.write('recorded ' + a + ' ' + b + '\\n');
        setInterval(() => {}, 1000);
      `;
      const seqs = await new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        let recorded: number[] = [];
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /recorded (\d+) (\d+)/.exec(out);
          if (match && recorded.length === 0) {
            recorded = [Number(match[1]), Number(match[2])];
            child.kill('SIGKILL');
          }
        });
        child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
        child.on('error', reject);
        child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(recorded) : reject(new Error(`child exited with ${code}: ${err}`))));
      });
      const ws = await openWorkspace(path, { runId: 'after-kill', stage: 'import' });
      try {
        expect(await lastWrite(ws, 'conversation', '00004711')).to.deep.include({ seq: seqs[0], status: 'done', intercomId: '9001', runId: 'killed-run' });
        expect((await inFlight(ws, 'conversation')).map((w) => [w.seq, w.khorosKey])).to.deep.equal([[seqs[1], '00004712']]);
      } finally {
        await ws.close();
      }
    });
  });
});
