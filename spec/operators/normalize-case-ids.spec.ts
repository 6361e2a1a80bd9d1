import { expect } from 'chai';
import { EMPTY, Observable, concat, from, lastValueFrom, of, take, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { normalizeCaseIds, type CaseIdCollision } from '../../operators/normalize-case-ids.ts';
import type { ValidatedPage } from '../../operators/validated-page.ts';

const kase = (id: string, extra: Record<string, unknown> = {}) => ({ id, interactions: [], ...extra });

function casesPage(ids: string[], n = 1, family = 'cases'): ValidatedPage {
  const records = ids.map((id) => kase(id));
  return {
    family, stream: family, endpoint: `GET /crm/cases?page=${n}`, records, checkpoint: { done: false },
    valid: records.map((payload) => ({ key: payload.id, payload })),
    quarantined: [],
  };
}

async function run(pages: ValidatedPage[], seen?: Map<string, readonly string[]>) {
  const collisions: CaseIdCollision[] = [];
  const out = await lastValueFrom(from(pages).pipe(normalizeCaseIds({ onCollision: (c) => collisions.push(c), seen }), toArray()));
  return { out, collisions };
}

describe('normalizeCaseIds', () => {
  it('adds the canonical id of both formats to new payload objects, keeping keys and the source objects untouched', async () => {
    const input = casesPage(['00012345', 'CASE-012346', 'CASE-2025-000123']);
    const { out, collisions } = await run([input]);
    expect(out[0].valid.map((v) => [v.key, v.payload.canonicalId])).to.deep.equal([
      ['00012345', 'L-12345'], ['CASE-012346', 'N-12346'], ['CASE-2025-000123', 'N-2025-123'],
    ]);
    expect(out[0].valid[0].payload).to.not.equal(input.valid[0].payload);
    expect(input.valid[0].payload).to.not.have.property('canonicalId');
    expect(out[0].records).to.equal(input.records);
    expect(collisions).to.deep.equal([]);
  });

  it('reports the legacy/new pair that collides under naive normalization once, with both ids, and keeps both records', async () => {
    const { out, collisions } = await run([casesPage(['00004711', '00010001', 'CASE-004711'])]);
    expect(collisions).to.deep.equal([{ reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'], canonical: ['L-4711', 'N-4711'], naiveKey: '4711' }]);
    expect(out[0].valid.map((v) => v.payload.canonicalId)).to.deep.equal(['L-4711', 'L-10001', 'N-4711']);
  });

  it('detects collisions across pages, reports again when a third id joins, and says when ids share a canonical id', async () => {
    const { out, collisions } = await run([casesPage(['00004711'], 1), casesPage(['CASE-010001'], 2), casesPage(['CASE-004711'], 3), casesPage(['CASE-0004711'], 4)]);
    expect(collisions).to.deep.equal([
      { reason: 'same-naive-key', ids: ['00004711', 'CASE-004711'], canonical: ['L-4711', 'N-4711'], naiveKey: '4711' },
      { reason: 'same-canonical-id', ids: ['00004711', 'CASE-004711', 'CASE-0004711'], canonical: ['L-4711', 'N-4711', 'N-4711'], naiveKey: '4711' },
    ]);
    expect(out.flatMap((p) => p.valid.map((v) => v.key))).to.deep.equal(['00004711', 'CASE-010001', 'CASE-004711', 'CASE-0004711']);
  });

  it('does not report the same id seen twice (a case on two pages is no collision)', async () => {
    const { out, collisions } = await run([casesPage(['00004711'], 1), casesPage(['00004711'], 2)]);
    expect(collisions).to.deep.equal([]);
    expect(out.map((p) => p.valid.length)).to.deep.equal([1, 1]);
  });

  it('quarantines a case whose id has neither format, after the quarantine it already had', async () => {
    const input = casesPage(['case-4711', '00000042']);
    input.quarantined.push({ key: null, reason: '/ record is null, not an object', payload: null });
    input.valid.push({ key: null, payload: { id: 10n, interactions: [] } });
    const { out } = await run([input]);
    expect(out[0].valid.map((v) => v.key)).to.deep.equal(['00000042']);
    expect(out[0].quarantined.map((q) => [q.key, q.reason])).to.deep.equal([
      [null, '/ record is null, not an object'],
      ['case-4711', '/id "case-4711" is neither a legacy case id (00012345) nor a new one (CASE-012345)'],
      [null, '/id 10 is neither a legacy case id (00012345) nor a new one (CASE-012345)'],
    ]);
    expect(out[0].valid.length + out[0].quarantined.length).to.equal(4);
  });

  it('never overwrites a different canonicalId already in the payload (a custom field of that name)', async () => {
    const input = casesPage([]);
    input.valid.push({ key: '00000001', payload: kase('00000001', { canonicalId: 'gold' }) }, { key: '00000002', payload: kase('00000002', { canonicalId: 'L-2' }) });
    const { out } = await run([input]);
    expect(out[0].valid.map((v) => v.key)).to.deep.equal(['00000002']);
    expect(out[0].quarantined[0]).to.include({ key: '00000001', reason: '/canonicalId already holds "gold", not the canonical id L-1' });
  });

  it('is idempotent: re-normalizing its output changes nothing, and a shared seen store reports nothing new on a re-run', async () => {
    const seen = new Map<string, readonly string[]>();
    const first = await run([casesPage(['00004711', 'CASE-004711'])], seen);
    const again = await run(first.out, seen);
    expect(again.out).to.deep.equal(first.out);
    expect(first.collisions).to.have.length(1);
    expect(again.collisions).to.deep.equal([]);
    expect([...seen]).to.deep.equal([['4711', ['00004711', 'CASE-004711']]]);
  });

  it('starts a fresh seen map on every subscription when none is given', async () => {
    const collisions: CaseIdCollision[] = [];
    const normalized = of(casesPage(['00004711', 'CASE-004711'])).pipe(normalizeCaseIds({ onCollision: (c) => collisions.push(c) }));
    await lastValueFrom(normalized);
    await lastValueFrom(normalized);
    expect(collisions).to.have.length(2);
  });

  it('passes pages of other families through as they are', async () => {
    const other = casesPage(['not a case id'], 1, 'customers');
    const { out } = await run([other]);
    expect(out[0]).to.equal(other);
  });

  it('errors the stream when onCollision throws', async () => {
    const error = await lastValueFrom(of(casesPage(['00004711', 'CASE-004711'])).pipe(normalizeCaseIds({
      onCollision: () => {
        throw new Error('report full');
      },
    }))).catch((e: Error) => e);
    expect(error).to.be.instanceOf(Error).with.property('message', 'report full');
  });

  it('passes a source error through after the pages before it', async () => {
    const seen: ValidatedPage[] = [];
    const error = await new Promise((resolve) => {
      concat(of(casesPage(['00000001'])), throwError(() => new Error('source down')))
        .pipe(normalizeCaseIds({ onCollision: () => {} }))
        .subscribe({ next: (p) => seen.push(p), error: resolve });
    });
    expect((error as Error).message).to.equal('source down');
    expect(seen).to.have.length(1);
  });

  it('completes without emitting on an empty source', async () => {
    expect(await lastValueFrom(EMPTY.pipe(normalizeCaseIds({ onCollision: () => {} }), toArray()))).to.deep.equal([]);
  });

  it('stops pulling and tears the source down on early unsubscribe', async () => {
    let torn = false;
    let emitted = 0;
    const source = new Observable<ValidatedPage>((subscriber) => {
      for (let n = 1; n <= 5 && !subscriber.closed; n++, emitted++) subscriber.next(casesPage([`0000000${n}`], n));
      return () => {
        torn = true;
      };
    });
    const out = await lastValueFrom(source.pipe(normalizeCaseIds({ onCollision: () => {} }), take(1), toArray()));
    expect(out).to.have.length(1);
    expect(emitted).to.equal(1);
    expect(torn).to.equal(true);
  });

  it('reports a collision at the frame of the page that completes it, one page out per page in (marbles)', () => {
    const reportedAt: number[] = [];
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
    scheduler.run(({ cold, expectObservable, flush }) => {
      const a = casesPage(['00004711'], 1);
      const b = casesPage(['CASE-004711'], 2);
      const source = cold('-a---b|', { a, b });
      const normalized = source.pipe(normalizeCaseIds({ onCollision: () => reportedAt.push(scheduler.now()) }));
      const withCanonical = (p: ValidatedPage, canonicalId: string) => ({ ...p, valid: [{ key: p.valid[0].key, payload: { ...p.valid[0].payload, canonicalId } }] });
      expectObservable(normalized).toBe('-x---y|', { x: withCanonical(a, 'L-4711'), y: withCanonical(b, 'N-4711') });
      flush();
      expect(reportedAt).to.deep.equal([5]);
    });
  });
});
