/**
 * The shared body of the CLI verbs that work on an existing workspace under the confirmed
 * map (plan, provision, import, retry): load the config, refuse a workspace file that does
 * not exist (a typo must not start an empty migration), open it as a run of `stage`, run,
 * record the run's outcome, print the result as JSON on stdout and the rest on stderr, and
 * set the exit code by what the user should do next (see `exitCodeOf`).
 */
import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../pipeline/config.ts';
import { ConfigError } from '../pipeline/errors.ts';
import { openWorkspace } from '../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../pipeline/workspace/workspace.ts';
import { exitCodeOf } from './exit-code.ts';

/** What a verb's run answers. */
export interface VerbOutcome {
  /** Printed as one JSON line on stdout. */
  output: unknown;
  /** Printed on stderr before the JSON (a summary table). */
  stderr?: string;
  /** The run failed although it finished (exit code 1). */
  failed?: boolean;
}

/**
 * @example
 * handler: (args) => workspaceCommand('import', args, { stage: 'import', runArgs: { mapping: args.mapping } },
 *   async ({ config, workspace }) => ({ output: await runImport({ workspace, mappingPath: args.mapping, config }) })),
 */
export async function workspaceCommand(
  verb: string,
  args: { config: string; workspace?: string },
  options: { stage: string; runArgs: unknown },
  run: (context: { config: Config; workspace: Workspace }) => Promise<VerbOutcome>,
): Promise<void> {
  let workspace: Workspace | undefined;
  try {
    const config = await loadConfig(args.config, process.env);
    const path = args.workspace ?? config.workspace;
    if (!existsSync(path)) throw new ConfigError(`--workspace ${path}: no such workspace; run khoros2intercom export (or migrate) first`);
    workspace = await openWorkspace(path, { ...config.duckdb, stage: options.stage, args: options.runArgs });
    const outcome = await run({ config, workspace });
    await workspace.finishRun(outcome.failed ? 'failed' : 'succeeded');
    if (outcome.failed) process.exitCode = 1;
    if (outcome.stderr) process.stderr.write(outcome.stderr);
    process.stdout.write(`${JSON.stringify(outcome.output)}\n`);
  } catch (error) {
    await workspace?.finishRun('failed').catch(() => {});
    process.exitCode = exitCodeOf(error);
    process.stderr.write(`khoros2intercom ${verb}: ${(error as Error).message}\n`);
  } finally {
    await workspace?.close();
  }
}
