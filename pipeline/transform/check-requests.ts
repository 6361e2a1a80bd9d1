/**
 * Checks every request body of a transform result against our Intercom request schemas
 * (`schemas/intercom/*.json`), so that a body no sink should send is caught before it is
 * sent: `toIntercomRequests` does it in a stream, and the import does it after an author's
 * own transform (`ImportTransforms`).
 */
import type { ValidateFunction } from 'ajv';
import { renderAjvErrors } from '../../operators/render-ajv-errors.ts';
import type { IntercomSchemaName } from './payload-types.ts';
import { plannedRequests, type TransformResult } from './planned-requests.ts';

/** A payload that fails its schema: kept for quarantine rather than sent. */
export interface InvalidRequest {
  schema: IntercomSchemaName;
  /** Where in the result the payload sits (`parts/3/payload`). */
  path: string;
  reason: string;
}

/**
 * The request bodies of `result` that fail their schema (empty: every one is valid).
 *
 * @param validatorFor compiled schemas by name (`loadIntercomSchemas()`)
 * @example
 * checkRequests(transformContact(customer, context), loadIntercomSchemas()); // []
 */
export function checkRequests(result: TransformResult, validatorFor: (name: IntercomSchemaName) => ValidateFunction): InvalidRequest[] {
  const invalid: InvalidRequest[] = [];
  for (const request of plannedRequests(result)) {
    const validate = validatorFor(request.schema);
    if (!validate(request.payload)) invalid.push({ schema: request.schema, path: request.path, reason: renderAjvErrors(validate.errors) });
  }
  return invalid;
}
