/**
 * The root error of khoros2intercom and its kinds, grouped by what the runner should do:
 * fix the configuration, stop, retry, or skip the record.
 */

/** Root of every error the tool raises on purpose; `code` is stable. */
export class MigrationError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Bad configuration or bad command-line input: the message names the option and the value.
 *
 * @example
 * throw new ConfigError('--scale: "huge" is not a scale; use tiny, small, medium, large or counts');
 */
export class ConfigError extends MigrationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
  }
}
