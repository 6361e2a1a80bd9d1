/**
 * Example pipeline: the import with a transform of your own between the map's transform and
 * the sink: card numbers and email addresses are redacted from every message body before it
 * reaches Intercom (the opening message, replies, notes and transcript notes of cases and
 * Care conversations). The seam is `runImport`'s `transforms` option: your function gets each
 * record's transformed requests (and the staged record) and answers new ones; the import
 * validates them against the Intercom request schemas, quarantines a record they break,
 * and writes the rest through the ledger as usual (resumable, nothing doubled).
 *
 * A card number is 13 to 19 digits, alone or grouped by spaces or dashes, that passes the
 * Luhn check (so order numbers and phone numbers stay); an email is `name@domain.tld`.
 * Titles, attributes and contacts are left as they are; so are attachments.
 *
 * It imports from a workspace that is exported and whose map is confirmed; for example:
 *
 *   npx khoros2intercom sim --scale tiny                   # in another terminal: writes sim.config.json
 *   npx khoros2intercom migrate --config sim.config.json  # exports, proposes mapping.yaml, stops for review
 *   npx khoros2intercom map confirm --config sim.config.json --mapping mapping.yaml
 *   npx tsx scripts/examples/import-redacted.ts --config sim.config.json --mapping mapping.yaml
 *
 * It provisions what the map needs, then imports everything (contacts, conversations, KB
 * articles) with the redaction. Later changes must go through the same redaction: call
 * `runDelta` and `runRetryFailed` with the same `transforms` from a script like this one
 * (the CLI's `delta`, `retry` and `cutover` import without it).
 *
 * Options: `--config FILE` (required), `--workspace FILE` (default: the config's),
 * `--mapping FILE` (default: mapping.yaml beside the workspace). Prints a JSON summary on
 * stdout. Exit 2: fix the command, the config or the map; 3: rerun later (it resumes).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError, RetriableError, createIntercomClient, loadConfig, runImport, runProvision, withRun,
  type Config, type ImportSummary, type ImportTransforms, type IntercomClient, type ProvisionReport, type TransformedConversation, type Workspace,
} from '../../pipeline/index.ts';

/** How many of each were redacted. */
export interface Redactions {
  cards: number;
  emails: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, optionally grouped by single spaces or dashes, not inside a longer number. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/**
 * The text with card numbers and email addresses replaced by `[card redacted]` and
 * `[email redacted]`; `counts` (when given) is incremented.
 *
 * @example
 * redactText('Card 4111 1111 1111 1111, mail jane@example.com, order 1234 5678 9012 3456');
 * // 'Card [card redacted], mail [email redacted], order 1234 5678 9012 3456'
 */
export function redactText(text: string, counts?: Redactions): string {
  return text
    .replace(CARD, (digits) => {
      if (!luhn(digits.replace(/\D/g, ''))) return digits;
      if (counts) counts.cards += 1;
      return '[card redacted]';
    })
    .replace(EMAIL, () => {
      if (counts) counts.emails += 1;
      return '[email redacted]';
    });
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * The conversation with every message body redacted: a new result, the given one untouched.
 *
 * @example
 * const transforms: ImportTransforms = { conversation: (result) => redactConversation(result) };
 */
export function redactConversation(result: TransformedConversation, counts?: Redactions): TransformedConversation {
  const body = <T extends object>(payload: T): T =>
    ('body' in payload && typeof payload.body === 'string' ? { ...payload, body: redactText(payload.body, counts) } : payload);
  return {
    ...result,
    conversation: result.conversation && body(result.conversation),
    parts: result.parts.map((part) => ({ ...part, payload: body(part.payload) })),
  };
}

/** Options of `importRedacted`. */
export interface ImportRedactedOptions {
  config: Config;
  /** @default config.workspace */
  workspacePath?: string;
  /** The confirmed map. @default mapping.yaml beside the workspace */
  mappingPath?: string;
  /** @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
}

/** What `importRedacted` did. */
export interface ImportRedactedResult {
  provision: ProvisionReport['counts'];
  import: ImportSummary;
  /** Redactions made in the bodies this run wrote or checked (a rerun counts again what it skips). */
  redactions: Redactions;
}

/**
 * Provisions and imports with the redaction.
 *
 * @example
 * const result = await importRedacted({ config, mappingPath: 'mapping.yaml' });
 * result.redactions; // { cards: 2, emails: 5 }
 */
export async function importRedacted(options: ImportRedactedOptions): Promise<ImportRedactedResult> {
  const { config } = options;
  const path = options.workspacePath ?? config.workspace;
  const mappingPath = options.mappingPath ?? join(dirname(path), 'mapping.yaml');
  if (!existsSync(path)) throw new ConfigError(`--workspace ${path}: no such workspace; run khoros2intercom export (or migrate) first`);
  const intercom = options.intercom ?? createIntercomClient(config.intercom);
  const args = { mapping: mappingPath, via: 'examples/import-redacted' };
  // Each stage a run of the workspace, under the config's DuckDB settings (`duckdb.memoryLimit`, `duckdb.threads`).
  const run = <T>(stage: string, runArgs: object, body: (workspace: Workspace) => Promise<T>, status?: (value: T) => 'succeeded' | 'failed') =>
    withRun(path, stage, runArgs, body, status, config.duckdb);

  const provision = await run('provision', args, (workspace) => runProvision({ workspace, intercom, mappingPath }),
    (report) => (report.counts.failed > 0 ? 'failed' : 'succeeded'));
  if (provision.counts.failed > 0) throw new Error(`provision: Intercom refused ${provision.counts.failed} writes; run \`khoros2intercom provision\` for the report`);

  const redactions: Redactions = { cards: 0, emails: 0 };
  // The seam: after the map's transform, before validation and the sink.
  // `name` is what the run records (runs.args.transforms); an import without transforms is then refused on this workspace.
  const transforms: ImportTransforms = { name: 'redact-bodies', conversation: (result) => redactConversation(result, redactions) };
  const imported = await run('import', args,
    (workspace) => runImport({ workspace, intercom, config, mappingPath, transforms }));
  return { provision: provision.counts, import: imported, redactions };
}

/**
 * The command line: parses `argv`, runs, prints the summary; answers the exit code.
 *
 * @example
 * process.exitCode = await main(['--config', 'sim.config.json', '--mapping', 'mapping.yaml']);
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string' }, workspace: { type: 'string' }, mapping: { type: 'string' } } });
    if (!values.config) throw new ConfigError('--config FILE is required (npx khoros2intercom sim writes one)');
    const config = await loadConfig(values.config, process.env);
    const result = await importRedacted({ config, workspacePath: values.workspace, mappingPath: values.mapping });
    const c = result.import.conversations;
    process.stderr.write(`${c.created} conversations created, ${c.skipped} already there, ${c.quarantined} quarantined; ` +
      `redacted ${result.redactions.cards} card numbers and ${result.redactions.emails} email addresses\n`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`import-redacted: ${(error as Error).message}\n`);
    return error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : error instanceof RetriableError ? 3 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
