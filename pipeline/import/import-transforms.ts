/**
 * The pipeline author's seam in the import: a function of their own that changes each
 * record's Intercom requests after the confirmed map's transform and before the sink
 * (redact card numbers from bodies, tag conversations by a rule, drop an attribute). What it
 * answers is validated against our Intercom request schemas (`checkRequests`) before
 * anything is sent: a record whose requests it broke is quarantined with the schema's
 * reasons (the rest go on), never sent half-valid. A transform that throws or answers
 * something that is not a result of the same kind is a bug in the author's code: the import
 * stops with an error naming the record (what was written is in the ledger; rerun once it
 * is fixed).
 *
 * Keep the function pure and deterministic: the ledger hashes the payloads, so a rerun
 * recognises what was written only when the same record gives the same requests. Only the
 * import calls it (`runImport`, and `runDelta` and `runRetryFailed`, which take the same
 * `transforms` option): `plan` shows the map's requests, and the CLI's `import`, `delta`,
 * `retry` and `cutover` know nothing of an author's transforms, so a workspace imported with
 * them is carried on by the author's scripts. The import records them on its run, and an
 * import without them on such a workspace is refused (`keep-transforms.ts`).
 */
import type { ValidateFunction } from 'ajv';
import { loadIntercomSchemas } from '../../schemas/intercom/load-intercom-schemas.ts';
import type { TransformedConversation } from '../transform/build-conversation.ts';
import { checkRequests } from '../transform/check-requests.ts';
import type { IntercomSchemaName } from '../transform/payload-types.ts';
import type { TransformResult } from '../transform/planned-requests.ts';
import type { TransformedContact } from '../transform/transform-contact.ts';

/** The staged record a result was made from, as the author's transform sees it. */
export interface StagedSource {
  /** `customers` for contacts; `cases` or `conversations` (Care) for conversations. */
  family: 'customers' | 'cases' | 'conversations';
  /** The record's key in `raw_<family>`. */
  key: string;
  /** The staged Khoros record (treat it as immutable). */
  payload: unknown;
}

/**
 * Functions an import applies to each record's transform result (return a new result;
 * do not mutate the one given).
 *
 * @example
 * const transforms: ImportTransforms = {
 *   conversation: (result) => ({ ...result, tags: [...result.tags, { name: 'migrated', request: null }] }),
 * };
 * await runImport({ workspace, mappingPath, config, transforms });
 */
export interface ImportTransforms {
  /** What the run records in `runs.args.transforms` (`keep-transforms.ts`). @default the names of the functions given */
  name?: string;
  /** A customer's contact requests (`create`, `update`). */
  contact?: (result: TransformedContact, source: StagedSource) => TransformedContact;
  /** A case's or Care conversation's requests (`conversation`, `parts`, `update`, `tags`). */
  conversation?: (result: TransformedConversation, source: StagedSource) => TransformedConversation;
}

/** A customized result, or why it cannot be sent (the quarantine reason). */
export type Customized<R> = { result: R; problem: null } | { result: R; problem: string };

/** What the import steps call: each applies the author's function (if any) and validates the requests it is left with, the map's own included. */
export interface ImportCustomizer {
  contact(result: TransformedContact, source: StagedSource): Customized<TransformedContact>;
  conversation(result: TransformedConversation, source: StagedSource): Customized<TransformedConversation>;
}

/**
 * The customizer of one import run (the schemas are compiled once, here).
 *
 * @example
 * const customize = importCustomizer({ conversation: redact });
 * const { result, problem } = customize.conversation(transformCase(kase, context), { family: 'cases', key: kase.id, payload: kase });
 */
export function importCustomizer(transforms: ImportTransforms, validatorFor: (name: IntercomSchemaName) => ValidateFunction = loadIntercomSchemas()): ImportCustomizer {
  return {
    contact: (result, source) => apply('contact', transforms.contact, result, source, validatorFor),
    conversation: (result, source) => apply('conversation', transforms.conversation, result, source, validatorFor),
  };
}

function apply<R extends TransformResult>(
  kind: R['kind'], transform: ((result: R, source: StagedSource) => R) | undefined, result: R, source: StagedSource,
  validatorFor: (name: IntercomSchemaName) => ValidateFunction,
): Customized<R> {
  // The map's own requests are checked too (transform → validate → sink): a body our
  // schemas refuse is a transform bug, quarantined with the reasons rather than sent.
  if (!transform) return checked(result, validatorFor, "the map's transform made requests the Intercom request schemas refuse (a bug of the tool: please report it)");
  const where = `transforms.${kind} on ${source.family} ${source.key}`;
  let customized: R;
  try {
    customized = transform(result, source);
  } catch (error) {
    throw new Error(`${where} threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (customized === null || typeof customized !== 'object' || customized.kind !== kind) {
    throw new TypeError(`${where} answered ${customized === null ? 'null' : typeof customized === 'object' ? `a result of kind ${JSON.stringify(customized.kind)}` : typeof customized}, not a ${kind} result`);
  }
  return checked(customized, validatorFor, `custom transform (transforms.${kind}) made invalid requests`);
}

/** The result, with `problem` (the heading, then one line per refused request) when a request fails its schema. */
function checked<R extends TransformResult>(result: R, validatorFor: (name: IntercomSchemaName) => ValidateFunction, heading: string): Customized<R> {
  const invalid = checkRequests(result, validatorFor);
  if (invalid.length === 0) return { result, problem: null };
  return { result, problem: `${heading}:\n${invalid.map((i) => `${i.schema} at ${i.path}: ${i.reason}`).join('\n')}` };
}
