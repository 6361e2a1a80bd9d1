/**
 * Reads a dataset file (generated or hand-written) and validates it against the schema.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../pipeline/errors.ts';
import type { Dataset } from './types.ts';
import { validateDataset } from './validate-dataset.ts';

/**
 * Reads, parses and validates a dataset file. The whole file is parsed in memory
 * (`JSON.parse`), which suits every scale up to `medium`.
 *
 * @throws ConfigError when the file cannot be read or is not JSON;
 *   DatasetValidationError naming the JSON pointer and message of each schema problem.
 * @example
 * const dataset = await readDataset('datasets/small.json');
 */
export async function readDataset(path: string): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--dataset ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--dataset ${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return validateDataset(data, path);
}
