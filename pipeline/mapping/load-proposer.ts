/**
 * The hook for a pluggable field proposer, such as one that asks a language model. Off by
 * default: with no `mapping.proposer` in the config, `map propose` uses the deterministic
 * proposer only and needs no network. When configured, the module is imported and its
 * `createProposer(options)` must return a `FieldProposer` (`field-proposer.ts`); the
 * module owns its credentials and network calls (typically in `prepare`, batched), and
 * answers `undefined` for fields it leaves to the deterministic proposer. Its rows go
 * through the same schema and `map confirm` checks as any other.
 *
 * Config shape (`mapping.proposer`; the config schema must list it before a file can set it):
 *
 * ```json
 * { "mapping": { "proposer": { "module": "./llm-proposer.ts", "options": { "model": "..." } } } }
 * ```
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import type { FieldProposer } from './field-proposer.ts';

/** `mapping.proposer` in the config. */
export interface ProposerConfig {
  /** Module path (relative to `baseDir`) or package name exporting `createProposer`. */
  module: string;
  /** Passed to `createProposer` as is. */
  options?: Record<string, unknown>;
}

/**
 * Loads the configured proposer, or undefined when none is configured.
 *
 * @example
 * const proposer = await loadProposer(undefined); // undefined: deterministic only
 */
export async function loadProposer(config: ProposerConfig | undefined, baseDir = process.cwd()): Promise<FieldProposer | undefined> {
  if (!config) return undefined;
  const specifier = config.module.startsWith('.') || config.module.startsWith('/') ? pathToFileURL(resolve(baseDir, config.module)).href : config.module;
  let loaded: { createProposer?: (options: Record<string, unknown>) => FieldProposer | Promise<FieldProposer> };
  try {
    loaded = await import(specifier);
  } catch (error) {
    throw new ConfigError(`mapping.proposer.module ${config.module}: cannot load it (${(error as Error).message})`, { cause: error });
  }
  if (typeof loaded.createProposer !== 'function') throw new ConfigError(`mapping.proposer.module ${config.module}: exports no createProposer(options)`);
  const proposer = await loaded.createProposer(config.options ?? {});
  if (!proposer || typeof proposer.propose !== 'function' || typeof proposer.name !== 'string') {
    throw new ConfigError(`mapping.proposer.module ${config.module}: createProposer did not return a proposer ({ name, propose(input), prepare?(inputs) })`);
  }
  return proposer;
}
