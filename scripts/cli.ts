/**
 * The khoros2intercom command line: thin by design. Each verb lives in
 * `scripts/commands/<verb>.ts`, parses its flags, loads config and calls a stage.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { datasetCommand } from './commands/dataset.ts';
import { discoverCommand } from './commands/discover.ts';
import { simCommand } from './commands/sim.ts';
import { demoCommand } from './commands/demo.ts';
import { exportCommand } from './commands/export.ts';
import { mapCommand } from './commands/map.ts';
import { planCommand } from './commands/plan.ts';
import { provisionCommand } from './commands/provision.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { retryCommand } from './commands/retry.ts';
import { verifyCommand } from './commands/verify.ts';
import { rollbackCommand } from './commands/rollback.ts';
import { deltaCommand } from './commands/delta.ts';
import { cutoverCommand } from './commands/cutover.ts';
import { estimateCommand } from './commands/estimate.ts';

await yargs(hideBin(process.argv))
  .scriptName('khoros2intercom')
  .command(datasetCommand)
  .command(discoverCommand)
  .command(simCommand)
  .command(demoCommand)
  .command(exportCommand)
  .command(mapCommand)
  .command(planCommand)
  .command(provisionCommand)
  .command(importCommand)
  .command(migrateCommand)
  .command(retryCommand)
  .command(verifyCommand)
  .command(rollbackCommand)
  .command(deltaCommand)
  .command(cutoverCommand)
  .command(estimateCommand)
  .demandCommand(1, 'Name a command; --help lists them.')
  .strict()
  .help()
  .fail((message, error, argv) => {
    process.stderr.write(`khoros2intercom: ${error?.message ?? message}\n`);
    if (!error) process.stderr.write(`Run with --help for usage.\n`);
    process.exit(2);
  })
  .parseAsync();
