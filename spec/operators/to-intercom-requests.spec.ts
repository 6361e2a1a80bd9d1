import { expect } from 'chai';
import { EMPTY, from, lastValueFrom, of, Subject, take, throwError, toArray } from 'rxjs';
import { toIntercomRequests } from '../../operators/to-intercom-requests.ts';
import { transformCase } from '../../pipeline/transform/transform-case.ts';
import type { TransformedContact } from '../../pipeline/transform/transform-contact.ts';
import { loadIntercomSchemas } from '../../schemas/intercom/load-intercom-schemas.ts';
import type { Case } from '../../simulators/dataset/types.ts';
import { fixtureLookups, kase } from '../pipeline/transform/fixtures.ts';
import { fixtureMapping } from '../pipeline/transform/fixture-mapping.ts';

const validatorFor = loadIntercomSchemas();
const context = { mapping: fixtureMapping(), lookups: fixtureLookups() };
const toCase = (c: Case) => transformCase(c, context);

describe('toIntercomRequests', () => {
  it('emits each record with its transform result and no invalid payloads, in order', async () => {
    const out = await lastValueFrom(from([kase({ id: 'A' }), kase({ id: 'B' })]).pipe(toIntercomRequests(toCase, validatorFor), toArray()));
    expect(out.map((o) => [o.record.id, o.result.source.id, o.invalid])).to.deep.equal([['A', 'A', []], ['B', 'B', []]]);
    expect(out[0].result.parts.length).to.equal(5);
  });

  it('lists every payload that fails its schema with the path and the reason', async () => {
    const broken = (): TransformedContact => ({
      kind: 'contact', source: { family: 'customers', id: 'C1' }, findings: [], quarantined: [], queue: null,
      create: { role: 'user', external_id: '', email: 'x' } as never, update: { external_id: 'C1', custom_attributes: { 'a.b': 1 } },
    });
    const [checked] = await lastValueFrom(of('C1').pipe(toIntercomRequests(broken, validatorFor), toArray()));
    expect(checked.invalid.map((i) => [i.schema, i.path])).to.deep.equal([['create-contact', 'create'], ['update-contact', 'update']]);
    expect(checked.invalid[0].reason).to.contain('/external_id must NOT have fewer than 1 characters');
  });

  it('errors the stream when the transform throws (a bug), and passes source errors on', async () => {
    const boom = () => { throw new Error('transform bug'); };
    await expectReject(lastValueFrom(of(1).pipe(toIntercomRequests(boom, validatorFor))), 'transform bug');
    await expectReject(lastValueFrom(throwError(() => new Error('source down')).pipe(toIntercomRequests(toCase, validatorFor))), 'source down');
  });

  it('completes without emitting on an empty source', async () => {
    expect(await lastValueFrom(EMPTY.pipe(toIntercomRequests(toCase, validatorFor), toArray()))).to.deep.equal([]);
  });

  it('stops pulling when unsubscribed early', async () => {
    const source = new Subject<Case>();
    const seen: string[] = [];
    const done = lastValueFrom(source.pipe(toIntercomRequests((c: Case) => (seen.push(c.id), toCase(c)), validatorFor), take(1), toArray()));
    source.next(kase({ id: 'A' }));
    source.next(kase({ id: 'B' }));
    expect((await done).map((o) => o.record.id)).to.deep.equal(['A']);
    expect(seen).to.deep.equal(['A']);
    expect(source.observed).to.equal(false);
  });
});

async function expectReject(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.equal(message);
    return;
  }
  expect.fail('expected the stream to error');
}
