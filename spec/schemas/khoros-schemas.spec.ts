import { expect } from 'chai';
import { from, lastValueFrom, toArray } from 'rxjs';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { EDGE_CASES } from '../../simulators/dataset/edge-cases.ts';
import type { Dataset } from '../../simulators/dataset/types.ts';
import { startKhorosSimulator, type KhorosSimulator } from '../../simulators/khoros/server.ts';
import { loadKhorosSchemas } from '../../schemas/khoros/load-khoros-schemas.ts';
import { validateRecords } from '../../operators/validate-records.ts';
import { normalizeCaseIds, type CaseIdCollision } from '../../operators/normalize-case-ids.ts';
import type { ValidatedPage } from '../../operators/validated-page.ts';
import type { SourcePage } from '../../pipeline/khoros/source-page.ts';
import { kbCrmFixture } from '../simulators/khoros/fixture-kb-crm.ts';
import { fetchServedRecords, type ServedRecords } from './fetch-served-records.ts';

const validatorFor = loadKhorosSchemas();
const ID_KEYS = ['id', 'lswUuid', 'uuid', 'tagId', 'conversationId', 'authorId', 'agentId', 'name'];
const keyOf = (_family: string, r: Record<string, unknown>) => {
  const k = ID_KEYS.find((key) => r[key] !== undefined && r[key] !== null);
  return k === undefined ? null : String(r[k]);
};

/** Edge cases that are custom-field misfits: left to the mapping stage, so the record stays valid. */
const FIELD_LEVEL_EDGE_CASES = ['custom-field-text-in-number-field', 'custom-field-option-not-in-list', 'custom-field-malformed-date'];

function pagesOf(served: ServedRecords): SourcePage[] {
  return Object.entries(served).map(([family, records]) => ({ family, stream: family, endpoint: `simulator ${family}`, records, checkpoint: { done: true } }));
}

async function validate(served: ServedRecords): Promise<ValidatedPage[]> {
  return lastValueFrom(from(pagesOf(served)).pipe(validateRecords(validatorFor, keyOf), toArray()));
}

function serve(dataset: Dataset, body: (served: () => ServedRecords) => void) {
  let sim: KhorosSimulator;
  let served: ServedRecords;
  before(async () => {
    sim = await startKhorosSimulator({ dataset, quotaScale: 1000, analyticsJobMs: 0, analyticsMaxWindowMs: Number.MAX_SAFE_INTEGER });
    served = await fetchServedRecords(sim, Date.parse('2100-01-01T00:00:00Z'));
  });
  after(() => sim.close());
  body(() => served);
}

describe('Khoros record schemas', () => {
  describe('against what the simulator serves for the tiny generated dataset', () => {
    const dataset = generateDataset({ seed: 1, scale: 'tiny' });
    const edge = dataset.meta.edgeCases!;
    serve(dataset, (served) => {
      it('has every family served, none empty', () => {
        expect(Object.keys(served())).to.have.length(21);
        for (const [family, records] of Object.entries(served())) expect(records, family).to.not.be.empty;
        expect(served().cases).to.have.length(dataset.khoros.cases.length);
        expect(served().authors).to.have.length(dataset.khoros.authors!.length);
      });

      it('validates every served record: no planted edge case is invalid on purpose under the record schemas', async () => {
        const pages = await validate(served());
        const quarantined = pages.flatMap((p) => p.quarantined.map((q) => ({ family: p.family, key: q.key, reason: q.reason })));
        expect(quarantined).to.deep.equal([]);
        for (const p of pages) expect(p.valid.length, p.family).to.equal(p.records.length);
      });

      it('keeps every record that carries a Khoros-side edge case valid (each is a mapping or import concern)', async () => {
        const pages = await validate(served());
        const valid = new Set(pages.flatMap((p) => p.valid.map((v) => v.key)));
        for (const p of pages.filter((page) => page.family === 'cases')) {
          for (const { payload } of p.valid) {
            for (const i of payload.interactions as { id: string; attachments?: { id: string }[] }[]) {
              valid.add(i.id);
              for (const a of i.attachments ?? []) valid.add(a.id);
            }
          }
        }
        const khorosSide = EDGE_CASES.filter((e) => !e.family.startsWith('intercom.'));
        expect(khorosSide).to.have.length.above(15);
        for (const e of khorosSide) for (const id of edge[e.name]) expect(valid.has(id), `${e.name}: ${id}`).to.equal(true);
      });

      it('keeps the custom-field misfits valid, for the mapping stage to quarantine field by field', async () => {
        const pages = await validate(served());
        const validKeys = new Set(pages.flatMap((p) => p.valid.map((v) => v.key)));
        for (const name of FIELD_LEVEL_EDGE_CASES) for (const id of edge[name]) expect(validKeys.has(id), `${name} ${id}`).to.equal(true);
        const customer = served().customers.find((c: any) => c.id === edge['custom-field-text-in-number-field'][0]) as Record<string, unknown>;
        expect(customer.loyaltyNumber).to.equal('N/A');
      });

      it('quarantines a served record of every family once a required key is removed, naming that key', async () => {
        for (const [family, records] of Object.entries(served())) {
          const validate = validatorFor(family);
          const required = (validate.schema as { required: string[] }).required;
          for (const key of required) {
            const { [key]: _gone, ...broken } = records[0] as Record<string, unknown>;
            const [page] = await lastValueFrom(from([{ ...pagesOf({ [family]: [broken] })[0] }]).pipe(validateRecords(validatorFor, keyOf), toArray()));
            expect(page.quarantined[0]?.reason, `${family} without ${key}`).to.contain(`must have required property '${key}'`);
          }
        }
      });

      it('quarantines a served case whose created is not a date-time and whose interaction lost its id', async () => {
        const kase = served().cases.find((c: any) => c.interactions.length > 1) as any;
        const broken = { ...kase, created: '31/02/2025', interactions: [{ ...kase.interactions[0], id: undefined }, ...kase.interactions.slice(1)] };
        delete broken.interactions[0].id;
        const [page] = await validate({ cases: [broken] });
        expect(page.quarantined[0].reason.split('\n')).to.deep.equal(['/created must match format "date-time"', "/interactions/0 must have required property 'id'"]);
      });

      it('normalizes every served case id and reports the planted colliding pair exactly once, keeping both', async () => {
        const collisions: CaseIdCollision[] = [];
        const pages = await lastValueFrom(from(pagesOf({ cases: served().cases })).pipe(
          validateRecords(validatorFor, keyOf), normalizeCaseIds({ onCollision: (c) => collisions.push(c) }), toArray(),
        ));
        const pair = edge['case-ids-colliding-when-normalized'];
        expect(collisions).to.deep.equal([{ reason: 'same-naive-key', ids: pair, canonical: ['L-4711', 'N-4711'], naiveKey: '4711' }]);
        expect(pages[0].quarantined).to.deep.equal([]);
        const canonical = pages[0].valid.map((v) => v.payload.canonicalId as string);
        expect(canonical).to.have.length(dataset.khoros.cases.length);
        expect(new Set(canonical).size).to.equal(canonical.length);
        for (const id of edge['legacy-case-id']) expect(pages[0].valid.find((v) => v.key === id)?.payload.canonicalId).to.match(/^L-\d+$/);
        for (const id of edge['new-format-case-id']) expect(pages[0].valid.find((v) => v.key === id)?.payload.canonicalId).to.match(/^N-\d+$/);
      });
    });
  });

  describe('against what the simulator serves for the hand-written KB/CRM fixture', () => {
    serve(kbCrmFixture(), (served) => {
      it('validates every served record, the year-style new case id included', async () => {
        const pages = await validate(served());
        expect(pages.flatMap((p) => p.quarantined)).to.deep.equal([]);
        const cases = await lastValueFrom(from(pages.filter((p) => p.family === 'cases')).pipe(normalizeCaseIds({ onCollision: () => {} })));
        expect(cases.valid.map((v) => v.payload.canonicalId)).to.deep.equal(['L-12345', 'N-2025-123', 'L-12346', 'L-12347', 'L-12348']);
      });
    });
  });

  it('throws for an unknown family, and accepts schema names and snake_case family names alike', () => {
    expect(() => validatorFor('tickets')).to.throw(RangeError, /No Khoros schema for family "tickets"/);
    expect(validatorFor('work_queues')).to.equal(validatorFor('work-queue'));
    expect(validatorFor('plans')).to.equal(validatorFor('campaigns'));
  });

  it('checks dates as RFC 3339 date-times with a zone', () => {
    const validate = validatorFor('cases');
    const at = (created: string) => validate({ id: '00000001', created, interactions: [] });
    expect(['2025-01-02T09:00:00Z', '2025-01-02T09:00:00.123+09:00', '2024-02-29T23:59:59-07:00'].map(at)).to.deep.equal([true, true, true]);
    expect(['2025-02-30T09:00:00Z', '2025-01-02', '2025-01-02T09:00:00', '31/02/2025', ''].map(at)).to.deep.equal([false, false, false, false, false]);
  });
});
