/**
 * The error a dataset that does not match `schemas/dataset.schema.json` raises: one problem
 * per schema violation, each with the JSON pointer of the offending value.
 */
import { ConfigError } from '../../pipeline/errors.ts';

/** One schema violation. */
export interface DatasetProblem {
  /** JSON pointer of the value (for a missing property: where it should be), `''` for the document. */
  pointer: string;
  /** What is wrong, in ajv's words. */
  message: string;
}

/**
 * A dataset failed validation; the message lists every problem as `pointer: message`.
 *
 * @example
 * try { validateDataset(doc); } catch (e) { if (e instanceof DatasetValidationError) console.log(e.problems); }
 */
export class DatasetValidationError extends ConfigError {
  constructor(
    readonly source: string,
    readonly problems: readonly DatasetProblem[],
  ) {
    super(`${source} is not a valid dataset (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `- ${p.pointer || '/'}: ${p.message}`).join('\n')}`);
  }
}
