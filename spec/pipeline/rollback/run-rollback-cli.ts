/**
 * The rollback verb as a program of its own, for the specs that drive it in a child process
 * (and SIGKILL it): the CLI's yargs setup (`scripts/cli.ts`: strict, exit 2 on a bad
 * command line) with just `rollbackCommand` registered.
 *
 * @example
 * spawn(process.execPath, ['--import', 'tsx', ROLLBACK_CLI, 'rollback', '--config', path, '--all']);
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { rollbackCommand } from '../../../scripts/commands/rollback.ts';

await yargs(hideBin(process.argv))
  .scriptName('khoros2intercom')
  .command(rollbackCommand)
  .demandCommand(1)
  .strict()
  .fail((message, error) => {
    process.stderr.write(`khoros2intercom: ${error?.message ?? message}\n`);
    process.exit(2);
  })
  .parseAsync();
