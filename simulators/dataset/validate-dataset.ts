/**
 * Validates a parsed dataset against `schemas/dataset.schema.json` (JSON Schema draft-07,
 * ajv with `allErrors`), so a hand-written dataset fails with every problem at once.
 */
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../schemas/dataset.schema.json' with { type: 'json' };
import { DatasetValidationError, type DatasetProblem } from './dataset-validation-error.ts';
import type { Dataset } from './types.ts';

// allowUnionTypes: the schema says `"type": ["string", "null"]` for nullable fields.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

function toProblem(error: ErrorObject): DatasetProblem {
  // For a missing property, point at where it should be rather than at its parent.
  const missing = error.keyword === 'required' ? `/${String((error.params as { missingProperty: string }).missingProperty).replaceAll('~', '~0').replaceAll('/', '~1')}` : '';
  return { pointer: `${error.instancePath}${missing}`, message: error.message ?? error.keyword };
}

/**
 * Returns the value typed as a `Dataset` when it matches the schema. `version` and `meta`,
 * optional in the schema so people can hand-write a dataset, default to `1` and `{}`.
 *
 * @throws DatasetValidationError listing the JSON pointer and message of each problem.
 * @example
 * const dataset = validateDataset(JSON.parse(text), 'my-dataset.json');
 */
export function validateDataset(value: unknown, source = 'dataset'): Dataset {
  if (validate(value)) return { version: 1, meta: {}, ...(value as object) } as Dataset;
  throw new DatasetValidationError(source, (validate.errors ?? []).map(toProblem));
}
