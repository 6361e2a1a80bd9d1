import { expect } from 'chai';
import { EMPTY, Observable, Subject, concat, from, lastValueFrom, of, take, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ValidateFunction } from 'ajv';
import { validateRecords } from '../../operators/validate-records.ts';
import type { ValidatedPage } from '../../operators/validated-page.ts';
import { loadKhorosSchemas } from '../../schemas/khoros/load-khoros-schemas.ts';
import type { SourcePage } from '../../pipeline/khoros/source-page.ts';

const validatorFor = loadKhorosSchemas();
const keyOf = (_family: string, record: Record<string, unknown>) => (typeof record.id === 'string' ? record.id : null);

function page(family: string, records: unknown[], n = 1): SourcePage {
  return { family, stream: family, endpoint: `GET /crm/${family}?page=${n}`, records, checkpoint: { done: false, cursor: `c${n}` } };
}

const goodCase = (id: string) => ({
  id, customerId: 'C1', created: '2025-01-02T09:00:00Z', productLine: 'anything goes', followUpDate: '31/02/2025',
  interactions: [{ id: `${id}-i1`, created: '2025-01-02T09:00:00.123+02:00', body: 'Hello' }],
});

/** Builds `{"a":{"a":...{}}}` nested `depth` levels, as JSON.parse would. */
function nested(depth: number): Record<string, unknown> {
  return JSON.parse(`{"id":"deep","interactions":[],"x":${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}}`);
}

async function run(pages: SourcePage[]): Promise<ValidatedPage[]> {
  return lastValueFrom(from(pages).pipe(validateRecords(validatorFor, keyOf), toArray()));
}

describe('validateRecords', () => {
  it('splits each page into valid and quarantined records, keeping the page, its records and their order', async () => {
    const records = [goodCase('00012345'), { id: 'CASE-012346', interactions: [] }, goodCase('CASE-012347')];
    const [out] = await run([page('cases', records)]);
    expect(out).to.include({ family: 'cases', stream: 'cases', endpoint: 'GET /crm/cases?page=1' });
    expect(out.checkpoint).to.deep.equal({ done: false, cursor: 'c1' });
    expect(out.records).to.equal(records);
    expect(out.valid.map((v) => v.key)).to.deep.equal(['00012345', 'CASE-012346', 'CASE-012347']);
    expect(out.valid[0].payload).to.equal(records[0]);
    expect(out.quarantined).to.deep.equal([]);
  });

  it('leaves custom field values to the mapping stage: a malformed declared date or an off-list option does not quarantine the case', async () => {
    const [out] = await run([page('cases', [goodCase('00010016')]), page('customers', [{ id: 'C20', email: null, loyaltyNumber: 'N/A' }])]);
    expect(out.valid).to.have.length(1);
  });

  it('quarantines records of the wrong types with every ajv error as an `instancePath message` line', async () => {
    const bad = {
      id: '00012345', created: 'yesterday',
      interactions: [{ id: 'i1', created: '2025-01-02T09:00:00Z', body: 'ok' }, { created: '2025-13-02T09:00:00Z', body: 7 }],
    };
    const [out] = await run([page('cases', [goodCase('00000001'), bad])]);
    expect(out.valid.map((v) => v.key)).to.deep.equal(['00000001']);
    expect(out.quarantined).to.have.length(1);
    expect(out.quarantined[0].key).to.equal('00012345');
    expect(out.quarantined[0].payload).to.equal(bad);
    expect(out.quarantined[0].reason.split('\n')).to.have.members([
      '/created must match format "date-time"',
      "/interactions/1 must have required property 'id'",
      '/interactions/1/created must match format "date-time"',
      '/interactions/1/body must be string',
    ]);
  });

  it('quarantines a customer without an id and one whose email is present but not a string', async () => {
    const [out] = await run([page('customers', [{ email: 'a@example.com' }, { id: 'C2', email: 42 }, { id: 'C3', email: null }])]);
    expect(out.valid.map((v) => v.key)).to.deep.equal(['C3']);
    expect(out.quarantined.map((q) => [q.key, q.reason])).to.deep.equal([
      [null, "/ must have required property 'id'"],
      ['C2', '/email must be string,null'],
    ]);
  });

  it('quarantines records that are not objects: null, an array, a string, a number, undefined', async () => {
    const records = [null, [{ id: 'C1' }], 'C1', 7, undefined];
    const [out] = await run([page('customers', records)]);
    expect(out.valid).to.deep.equal([]);
    expect(out.quarantined.map((q) => q.reason)).to.deep.equal([
      '/ record is null, not an object',
      '/ record is an array, not an object',
      '/ record is a string, not an object',
      '/ record is a number, not an object',
      '/ record is undefined, not an object',
    ]);
    expect(out.quarantined.map((q) => q.payload)).to.deep.equal(records);
    expect(out.quarantined.every((q) => q.key === null)).to.equal(true);
  });

  it('quarantines a record with a __proto__ key at any depth, without polluting any prototype', async () => {
    const top = JSON.parse('{"id":"C1","__proto__":{"polluted":true}}');
    const deep = JSON.parse('{"id":"00012345","interactions":[{"id":"i","created":"2025-01-02T09:00:00Z","body":"b","author":{"__proto__":{"x":1}}}]}');
    const [customers] = await run([page('customers', [top])]);
    const [cases] = await run([page('cases', [deep])]);
    expect(customers.quarantined[0]).to.include({ key: 'C1', reason: '/__proto__ is a forbidden key' });
    expect(cases.quarantined[0]).to.include({ key: '00012345', reason: '/interactions/0/author/__proto__ is a forbidden key' });
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('quarantines a record nested deeper than maxDepth, and a circular one, instead of overflowing the stack', async () => {
    const circular: Record<string, unknown> = { id: 'C9', interactions: [] };
    circular.self = { back: circular };
    const [out] = await run([page('cases', [nested(10), nested(100_000), circular])]);
    expect(out.valid.map((v) => v.key)).to.deep.equal(['deep']);
    expect(out.quarantined.map((q) => q.reason)).to.deep.equal([
      `/x${'/a'.repeat(64)} nests deeper than 64 levels`,
      '/self/back is a circular reference',
    ]);
    const shallow = await lastValueFrom(of(page('cases', [nested(10)])).pipe(validateRecords(validatorFor, keyOf, { maxDepth: 5 })));
    expect(shallow.quarantined[0].reason).to.match(/nests deeper than 5 levels$/);
  });

  it('quarantines a record that makes the validator throw, with the error as reason', async () => {
    const throwing = Object.assign(() => {
      throw new Error('boom');
    }, { errors: null }) as unknown as ValidateFunction;
    const out = await lastValueFrom(of(page('cases', [{ id: 'x' }])).pipe(validateRecords(() => throwing, keyOf)));
    expect(out.quarantined).to.deep.equal([{ key: 'x', reason: '/ the validator threw: boom', payload: { id: 'x' } }]);
  });

  it('caps a long reason at 50 lines', async () => {
    const interactions = Array.from({ length: 80 }, () => ({ created: 'never', body: 'b', id: 'i' }));
    const [out] = await run([page('cases', [{ id: '00000001', interactions }])]);
    const lines = out.quarantined[0].reason.split('\n');
    expect(lines).to.have.length(51);
    expect(lines[50]).to.equal('… and 30 more');
  });

  it('errors the stream for an unknown family (a programming error) and for a throwing keyOf', async () => {
    const err1 = await lastValueFrom(of(page('tickets', [{}])).pipe(validateRecords(validatorFor, keyOf))).catch((e: Error) => e);
    expect(err1).to.be.instanceOf(RangeError).with.property('message').that.matches(/No Khoros schema for family "tickets"/);
    const err2 = await lastValueFrom(of(page('cases', [{}])).pipe(validateRecords(validatorFor, () => {
      throw new Error('bad key');
    }))).catch((e: Error) => e);
    expect(err2).to.be.instanceOf(Error).with.property('message', 'bad key');
  });

  it('passes a source error through after the pages before it', async () => {
    const seen: ValidatedPage[] = [];
    const error = await new Promise((resolve) => {
      concat(of(page('customers', [{ id: 'C1' }])), throwError(() => new Error('source down')))
        .pipe(validateRecords(validatorFor, keyOf))
        .subscribe({ next: (p) => seen.push(p), error: resolve });
    });
    expect((error as Error).message).to.equal('source down');
    expect(seen).to.have.length(1);
  });

  it('completes without emitting on an empty source, and emits an empty page as a page with two empty lists', async () => {
    expect(await lastValueFrom(EMPTY.pipe(validateRecords(validatorFor, keyOf), toArray()))).to.deep.equal([]);
    const [out] = await run([{ ...page('customers', []), checkpoint: { done: true } }]);
    expect(out).to.deep.include({ valid: [], quarantined: [], checkpoint: { done: true } });
  });

  it('stops pulling and tears the source down on early unsubscribe', async () => {
    let torn = false;
    let emitted = 0;
    const source = new Observable<SourcePage>((subscriber) => {
      for (let n = 1; n <= 5 && !subscriber.closed; n++, emitted++) subscriber.next(page('customers', [{ id: `C${n}` }], n));
      return () => {
        torn = true;
      };
    });
    const out = await lastValueFrom(source.pipe(validateRecords(validatorFor, keyOf), take(2), toArray()));
    expect(out.map((p) => p.valid[0].key)).to.deep.equal(['C1', 'C2']);
    expect(emitted).to.equal(2);
    expect(torn).to.equal(true);

    const subject = new Subject<SourcePage>();
    const sub = subject.pipe(validateRecords(validatorFor, keyOf)).subscribe();
    sub.unsubscribe();
    expect(subject.observed).to.equal(false);
  });

  it('emits one page per source page at the same frames (marbles)', () => {
    new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    }).run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = page('customers', [{ id: 'C1' }]);
      const b = page('customers', [null], 2);
      const source = cold('-a--b-#', { a, b }, new Error('late'));
      expectObservable(source.pipe(validateRecords(validatorFor, keyOf))).toBe('-x--y-#', {
        x: { ...a, valid: [{ key: 'C1', payload: { id: 'C1' } }], quarantined: [] },
        y: { ...b, valid: [], quarantined: [{ key: null, reason: '/ record is null, not an object', payload: null }] },
      }, new Error('late'));
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });
});
