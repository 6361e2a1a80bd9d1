/**
 * Validates every record of every source page against its family's JSON Schema and splits
 * the page into valid and quarantined records.
 */
import { map, type OperatorFunction } from 'rxjs';
import type { ValidateFunction } from 'ajv';
import type { SourcePage } from '../pipeline/khoros/source-page.ts';
import { findRecordHazard } from './find-record-hazard.ts';
import { renderAjvErrors } from './render-ajv-errors.ts';
import type { QuarantinedRecord, ValidatedPage, ValidRecord } from './validated-page.ts';

/**
 * Emits each page with `valid` and `quarantined` beside its untouched `records`: every
 * record lands in exactly one of the two lists, in source order, so nothing is dropped and
 * the quarantine can be counted. A record is quarantined, with a reason, when it:
 * - is not an object (null, an array, a string...): `/ record is null, not an object`;
 * - holds a hazard (a `__proto__` key, nesting deeper than `maxDepth`, a cycle, a lone
 *   surrogate, a bigint; see `findRecordHazard`): such a record never reaches the validator;
 * - makes the validator throw: `/ the validator threw: ...`;
 * - fails its schema: the ajv errors, one `instancePath message` line each (compile the
 *   schemas with `allErrors` to get them all, as `loadKhorosSchemas` does).
 *
 * `validatorFor(page.family)` is asked once per page; an unknown family is a programming
 * error, so its throw errors the stream, as does a throwing `keyOf`. Payloads are the source
 * objects themselves (nothing is copied): treat them as immutable.
 *
 * @param validatorFor the compiled schema of a family (see `loadKhorosSchemas`)
 * @param keyOf the key of an object record, or null when it has none; asked for valid and
 *   quarantined objects alike
 * @param options.maxDepth deepest nesting allowed (@default 64)
 * @example
 * const validatorFor = loadKhorosSchemas();
 * source.pipe(validateRecords(validatorFor, (_family, r) => (typeof r.id === 'string' ? r.id : null)));
 */
export function validateRecords(
  validatorFor: (family: string) => ValidateFunction,
  keyOf: (family: string, record: Record<string, unknown>) => string | null,
  options: { maxDepth?: number } = {},
): OperatorFunction<SourcePage, ValidatedPage> {
  const { maxDepth = 64 } = options;
  return map((page) => {
    const validate = validatorFor(page.family);
    const valid: ValidRecord[] = [];
    const quarantined: QuarantinedRecord[] = [];
    for (const record of page.records) {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        quarantined.push({ key: null, reason: `/ record is ${describe(record)}, not an object`, payload: record });
        continue;
      }
      const payload = record as Record<string, unknown>;
      const key = keyOf(page.family, payload);
      const reason = findRecordHazard(payload, maxDepth) ?? check(validate, payload);
      if (reason === null) valid.push({ key, payload });
      else quarantined.push({ key, reason, payload });
    }
    return { ...page, valid, quarantined };
  });
}

/** Null when valid, else the reason. */
function check(validate: ValidateFunction, payload: Record<string, unknown>): string | null {
  try {
    return validate(payload) ? null : renderAjvErrors(validate.errors);
  } catch (error) {
    return `/ the validator threw: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return value === undefined ? 'undefined' : `a ${typeof value}`;
}
