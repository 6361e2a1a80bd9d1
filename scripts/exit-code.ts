/**
 * Exit codes of the CLI, by what the user should do next: 2 fix the command or config,
 * 3 rerun later (a rate limit or an outage stopped the stage; it resumes), 1 anything else.
 */
import { ConfigError, RetriableError } from '../pipeline/errors.ts';

/**
 * @example
 * process.exitCode = exitCodeOf(error); // 3 for a RateLimitError
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ConfigError) return 2;
  if (error instanceof RetriableError) return 3;
  return 1;
}
