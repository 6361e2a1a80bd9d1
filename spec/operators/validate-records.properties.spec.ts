/**
 * Property tests: hostile records of every family the export validates (wrong types, huge
 * strings, deep nesting, lone surrogates, `__proto__` and `constructor` keys, HTML and
 * script, cycles, bigints, non-objects) never error the stream; each comes out exactly once,
 * valid or quarantined with a reason naming the path and the problem; and the real staging
 * path keeps every one of them in DuckDB (`raw_<family>` or `quarantine`).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { findRecordHazard } from '../../operators/find-record-hazard.ts';
import { validateRecords } from '../../operators/validate-records.ts';
import type { ValidatedPage } from '../../operators/validated-page.ts';
import { toWorkspacePage } from '../../pipeline/export/to-workspace-page.ts';
import type { SourcePage } from '../../pipeline/khoros/source-page.ts';
import { exportOrder, keyOf } from '../../pipeline/khoros/sources/index.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { storableJson } from '../../pipeline/workspace/storable-json.ts';
import type { Workspace } from '../../pipeline/workspace/workspace.ts';
import { loadKhorosSchemas } from '../../schemas/khoros/load-khoros-schemas.ts';
import { hostileRecord } from '../support/hostile-records.ts';

const validatorFor = loadKhorosSchemas();
const cleanText = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const FAMILIES = exportOrder.map((entry) => entry.family);
/** Every problem a reason line may name, after its JSON-pointer path. */
const PROBLEMS = /^\/.* (must .+|is a forbidden key|nests deeper than \d+ levels|is a circular reference|holds a lone surrogate \(\\u[0-9a-f]{4} at index \d+\)|is a key with a lone surrogate \(\\u[0-9a-f]{4} at index \d+\)|is an? (bigint|function|symbol), which JSON cannot hold|record is (null|undefined|an array|an? \w+), not an object)$/s;

const recordsOf = (family: string) => fc.array(hostileRecord(validatorFor(family).schema as object), { maxLength: 6 });
const pageOf = (family: string, records: unknown[], n: number): SourcePage =>
  ({ family, stream: `${family}-fuzz`, endpoint: `GET /fuzz/${family}/${n}`, records, checkpoint: { done: false, cursor: `c${n}` } });

async function validate(pages: SourcePage[]): Promise<ValidatedPage[]> {
  return lastValueFrom(from(pages).pipe(validateRecords(validatorFor, keyOf), toArray()));
}

/** Asserts every record of the page is in exactly one list, in source order, and each outcome is sound. */
function expectAccounted(family: string, page: ValidatedPage): void {
  let v = 0;
  let q = 0;
  for (const record of page.records) {
    const isObject = record !== null && typeof record === 'object' && !Array.isArray(record);
    if (v < page.valid.length && page.valid[v].payload === record) {
      // A valid record is one the raw table can hold and query: no hazard, plain JSON.
      const payload = page.valid[v++].payload;
      expect(validatorFor(family)(payload), family).to.equal(true);
      expect(findRecordHazard(payload)).to.equal(null);
      expect(storableJson(payload)).to.equal(JSON.stringify(payload));
    } else {
      expect(q, `record not found in either list: ${storableJson(record)?.slice(0, 200)}`).to.be.below(page.quarantined.length);
      const entry = page.quarantined[q++];
      expect(Object.is(entry.payload, record)).to.equal(true);
      expect(entry.key).to.equal(isObject ? keyOf(family, record as Record<string, unknown>) : null);
      for (const line of entry.reason.split('\n')) if (!/^… and \d+ more$/.test(line)) expect(line).to.match(PROBLEMS);
    }
  }
  expect([v, q]).to.deep.equal([page.valid.length, page.quarantined.length]);
}

describe('validateRecords on hostile records (fast-check)', function () {
  this.timeout(60_000);

  it('accounts for every record of every family exactly once: valid, or quarantined with a reason naming the path and the problem', async () => {
    const outcomes = { valid: 0, quarantined: 0 };
    for (const family of FAMILIES) {
      await fc.assert(fc.asyncProperty(fc.array(recordsOf(family), { minLength: 1, maxLength: 2 }), async (pages) => {
        const out = await validate(pages.map((records, n) => pageOf(family, records, n)));
        expect(out).to.have.length(pages.length);
        out.forEach((page, n) => {
          expect(page.records).to.equal(pages[n]);
          expectAccounted(family, page);
          outcomes.valid += page.valid.length;
          outcomes.quarantined += page.quarantined.length;
        });
      }), { numRuns: 15, seed: 8_2026 });
    }
    // Both outcomes happen often, so neither branch above passes unexercised.
    expect(outcomes.valid).to.be.above(100);
    expect(outcomes.quarantined).to.be.above(100);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  describe('through the real staging path into DuckDB', () => {
    let workspace: Workspace;
    before(async () => {
      workspace = await openWorkspace(':memory:');
    });
    after(() => workspace.close());

    it('stages each valid keyed record in raw_<family> and each other one in quarantine, payload kept as far as JSON holds it', async () => {
      let run = 0;
      let quarantineRows = 0;
      await fc.assert(fc.asyncProperty(fc.constantFrom(...FAMILIES).chain((family) => fc.tuple(fc.constant(family), recordsOf(family))), async ([family, records]) => {
        run += 1;
        const [validated] = await validate([pageOf(family, records, run)]);
        const page = toWorkspacePage(validated);
        await workspace.writePage(page);

        const raw = await workspace.query<{ key: string; payload: string }>(`SELECT key, payload::VARCHAR AS payload FROM raw_${family} WHERE _endpoint = ? ORDER BY key`, [page.endpoint]);
        const expectedRaw = new Map(page.rows.map((row) => [row.key, row.payload]));
        expect(raw.map((r) => r.key)).to.deep.equal([...expectedRaw.keys()].sort());
        for (const row of raw) expect(JSON.parse(row.payload)).to.deep.equal(JSON.parse(JSON.stringify(expectedRaw.get(row.key))));

        // The quarantine keeps one row per (key or payload, reason), as its primary key says.
        // DuckDB stores a lone surrogate of a key or reason (VARCHAR) as U+FFFD.
        const expected = new Map(page.quarantined.map((q) => [`${q.key === null ? storableJson(q.payload) : cleanText(q.key)}\u0000${cleanText(q.reason)}`, q]));
        const rows = await workspace.query<{ key: string | null; reason: string; payload: string | null }>(
          'SELECT key, reason, payload::VARCHAR AS payload FROM quarantine WHERE family = ? AND endpoint = ?', [family, page.endpoint]);
        expect(rows).to.have.length(expected.size);
        for (const q of expected.values()) {
          const row = rows.find((r) => r.reason === cleanText(q.reason) && (q.key === null ? r.key === null && r.payload === storableJson(q.payload) : r.key === cleanText(q.key)));
          expect(row, `no quarantine row for ${q.key}: ${q.reason}`).to.not.equal(undefined);
          expect(row!.payload === null ? null : JSON.parse(row!.payload)).to.deep.equal(q.payload === undefined ? null : JSON.parse(storableJson(q.payload)!));
        }
        quarantineRows += rows.length;
      }), { numRuns: 15, seed: 8_2026 });
      expect(quarantineRows).to.be.above(10);
    });
  });
});
