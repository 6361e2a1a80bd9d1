/**
 * Loads and validates the configuration once: every problem is reported at once, naming
 * the option and the value; secrets given as `{"env": NAME}` are read from the
 * environment passed in (components never read `process.env` themselves); the result is
 * frozen.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../schemas/config.schema.json' with { type: 'json' };
import { ConfigError } from './errors.ts';
import { WORKSPACE_MEMORY_LIMIT } from './workspace/memory-limit.ts';

type Secret = string | { env: string };

/** The configuration as written in the file. */
export interface ConfigFile {
  khoros: {
    care: string; username: string; password: Secret;
    analytics?: string; companyKey?: Secret; community?: string; marketing?: string; marketingToken?: Secret;
    environment?: string; companyId?: string; crm?: string; files?: string; admin?: string; allowedHosts?: string[];
  };
  intercom: { url: string; token: Secret; version?: string; inspect?: string };
  workspace?: string;
  duckdb?: { memoryLimit?: string; threads?: number };
  import?: { concurrency?: number; chunkSize?: number; searchLagSeconds?: number; assetBaseUrl?: string };
  verify?: Partial<VerifyConfig>;
}

/** The `verify` section with its defaults: the thresholds (strict unless set) and the sample sizes. */
export interface VerifyConfig {
  maxMissing: number;
  maxUnexpected: number;
  maxFieldMismatchRate: number;
  maxPartCountMismatches: number;
  sampleConversations: number;
  sampleContacts: number;
  concurrency: number;
}

/** The `verify` defaults: every threshold 0 (nothing missing, nothing unexpected, no mismatch). */
export const VERIFY_DEFAULTS: Readonly<VerifyConfig> = Object.freeze({
  maxMissing: 0, maxUnexpected: 0, maxFieldMismatchRate: 0, maxPartCountMismatches: 0, sampleConversations: 25, sampleContacts: 50, concurrency: 8,
});

/** The configuration with secrets resolved to strings and defaults filled. */
export type Config = Readonly<{
  khoros: Readonly<Omit<ConfigFile['khoros'], 'password' | 'companyKey' | 'marketingToken'> & { password: string; companyKey?: string; marketingToken?: string }>;
  intercom: Readonly<{ url: string; token: string; version: string; inspect?: string }>;
  workspace: string;
  /** The workspace's DuckDB: its `memory_limit` (default WORKSPACE_MEMORY_LIMIT) and `threads` (unset: one per core). Pass it to `openWorkspace` and `withRun`. */
  duckdb: Readonly<{ memoryLimit: string; threads?: number }>;
  import: Readonly<{ concurrency: number; chunkSize: number; searchLagSeconds: number; assetBaseUrl?: string }>;
  verify: Readonly<VerifyConfig>;
}>;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile<ConfigFile>(schema);

/**
 * Validates a parsed configuration and resolves its secrets.
 *
 * @example
 * const config = parseConfig(JSON.parse(text), process.env, 'sim.config.json');
 */
export function parseConfig(data: unknown, env: Record<string, string | undefined>, source = 'config'): Config {
  if (!validate(data)) throw new ConfigError(`${source} is invalid:\n${describe(validate.errors ?? [], data)}`);
  const problems: string[] = [];
  const secret = (path: string, value: Secret | undefined): string | undefined => {
    if (value === undefined || typeof value === 'string') return value;
    const resolved = env[value.env];
    if (!resolved) problems.push(`- ${path}: environment variable ${value.env} is not set`);
    return resolved;
  };
  const { khoros, intercom } = data;
  const config: Config = {
    khoros: Object.freeze({
      ...khoros,
      password: secret('khoros.password', khoros.password) ?? '',
      companyKey: secret('khoros.companyKey', khoros.companyKey),
      marketingToken: secret('khoros.marketingToken', khoros.marketingToken),
    }),
    intercom: Object.freeze({ ...intercom, token: secret('intercom.token', intercom.token) ?? '', version: intercom.version ?? '2.16' }),
    workspace: data.workspace ?? './migration.duckdb',
    duckdb: Object.freeze({ ...data.duckdb, memoryLimit: data.duckdb?.memoryLimit ?? WORKSPACE_MEMORY_LIMIT }),
    import: Object.freeze({ ...data.import, concurrency: data.import?.concurrency ?? 32, chunkSize: data.import?.chunkSize ?? 500, searchLagSeconds: data.import?.searchLagSeconds ?? 180 }),
    verify: Object.freeze({ ...VERIFY_DEFAULTS, ...data.verify }),
  };
  if (problems.length) throw new ConfigError(`${source} is invalid:\n${problems.join('\n')}`);
  return Object.freeze(config);
}

/**
 * Reads, validates and resolves a configuration file.
 *
 * @example
 * const config = await loadConfig('sim.config.json', process.env);
 */
export async function loadConfig(path: string, env: Record<string, string | undefined>): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--config ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--config ${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(data, env, path);
}

/** One line per ajv error: the option's path, what is wrong, and the value found (never a secret). */
function describe(errors: ErrorObject[], data: unknown): string {
  const lines = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
    const option = e.keyword === 'additionalProperties' ? `${path === '(top level)' ? '' : `${path}.`}${(e.params as { additionalProperty: string }).additionalProperty}` : path;
    const value = e.keyword === 'additionalProperties' ? undefined : valueAt(data, e.instancePath);
    const shown = /password|token|companyKey/i.test(option) ? '(hidden)' : shownValue(value);
    lines.add(`- ${option}: ${e.keyword === 'additionalProperties' ? 'is not a known option' : e.message}${value === undefined ? '' : `; found ${shown}`}`);
  }
  return [...lines].join('\n');
}

/**
 * A value as an error message shows it: a scalar as JSON; a list or an object only by its
 * shape, since it may hold a secret (the `khoros` object that misses `care` holds the
 * password).
 */
function shownValue(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return JSON.stringify(value);
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: any = data;
  for (const part of pointer.split('/').slice(1)) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  return node;
}
