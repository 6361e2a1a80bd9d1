/**
 * `khoros2intercom map <subcommand>`: the field map's life cycle. `propose` writes a map
 * with its evidence from the staged data; a person reviews it; `confirm` records it.
 */
import type { CommandModule } from 'yargs';
import { mapProposeCommand } from './map-propose.ts';
import { mapConfirmCommand } from './map-confirm.ts';

/** The yargs module of `map`, with its subcommands. */
export const mapCommand: CommandModule = {
  command: 'map',
  describe: 'Propose and confirm the field map (Khoros fields → Intercom targets)',
  builder: (y) =>
    y
      .command(mapProposeCommand as CommandModule)
      .command(mapConfirmCommand as CommandModule)
      .demandCommand(1, 'Name a map subcommand; map --help lists them.'),
  handler: () => {},
};
