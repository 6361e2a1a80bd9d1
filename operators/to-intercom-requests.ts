/**
 * Transforms staged records into Intercom requests and checks every request body against
 * our Intercom request schemas (`schemas/intercom/*.json`) before any sink sees it.
 */
import { map, type OperatorFunction } from 'rxjs';
import type { ValidateFunction } from 'ajv';
import { checkRequests, type InvalidRequest } from '../pipeline/transform/check-requests.ts';
import type { IntercomSchemaName } from '../pipeline/transform/payload-types.ts';
import type { TransformResult } from '../pipeline/transform/planned-requests.ts';

export type { InvalidRequest } from '../pipeline/transform/check-requests.ts';

/** One record's transform, checked. */
export interface CheckedTransform<S, R extends TransformResult> {
  record: S;
  result: R;
  /** Empty when every request body is valid; otherwise the record must not be written. */
  invalid: InvalidRequest[];
}

/**
 * Maps each staged record through a pure transform (`transformContact`, `transformCase`,
 * `transformConversation`, `transformArticle`, bound to their context) and validates every
 * planned request body (`plannedRequests`) with `validatorFor` (see `loadIntercomSchemas`).
 * Emits one `CheckedTransform` per record, in order; a record whose payloads fail keeps
 * its result with the reasons in `invalid`, so the caller can quarantine it. A throwing
 * transform or validator errors the stream (the transforms do not throw: a throw is a bug).
 *
 * @param transform the record → result function
 * @param validatorFor compiled schemas by name
 * @example
 * const validatorFor = loadIntercomSchemas();
 * cases$.pipe(toIntercomRequests((c: Case) => transformCase(c, { mapping, lookups }), validatorFor))
 *   .subscribe(({ result, invalid }) => (invalid.length ? quarantine(result, invalid) : sink(result)));
 */
export function toIntercomRequests<S, R extends TransformResult>(
  transform: (record: S) => R,
  validatorFor: (name: IntercomSchemaName) => ValidateFunction,
): OperatorFunction<S, CheckedTransform<S, R>> {
  return map((record) => {
    const result = transform(record);
    return { record, result, invalid: checkRequests(result, validatorFor) };
  });
}
