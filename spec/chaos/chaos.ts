/**
 * `npm run chaos`: the chaos suite. For each rising fault level (`chaos-levels.ts`), on the
 * `medium` dataset by default (`--scale` or `CHAOS_SCALE` for another), a migration through
 * the CLI against `sim --faults`, SIGKILLed at seeded points and rerun to the end, then
 * `verify --full`, no duplicates and every record checked against the dataset
 * (`run-chaos-level.ts`). Prints a table of the levels survived and failed, with the reason;
 * exits 1 when a level failed. Each level's folder (logs, workspace) is kept when it failed
 * or with `--keep`.
 *
 * @example
 * npm run chaos                                  # medium, every level
 * npm run chaos -- --scale tiny --levels 1%,20%  # two levels on tiny
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { chaosLevels } from './chaos-levels.ts';
import { killWindowsFor } from './kill-windows.ts';
import { renderChaosTable } from './render-chaos-table.ts';
import { runChaosLevel, type ChaosLevelResult } from './run-chaos-level.ts';

const args = await yargs(hideBin(process.argv))
  .scriptName('npm run chaos --')
  .option('scale', { type: 'string', default: process.env.CHAOS_SCALE ?? 'medium', describe: 'Dataset scale (or CHAOS_SCALE): tiny, small, medium, large' })
  .option('seed', { type: 'number', default: 1, describe: 'Dataset seed' })
  .option('fault-seed', { type: 'number', default: 1, describe: 'Seed of the faults and of the kill points' })
  .option('levels', { type: 'string', describe: 'Comma-separated level names (default: all): 1%, 3%, 10%, 20%' })
  .option('kills', { type: 'number', default: 3, describe: 'SIGKILLs to land in each migration' })
  .option('max-attempts', { type: 'number', default: 15, describe: 'Most migrate runs (and verify runs) per level' })
  .option('keep', { type: 'boolean', default: false, describe: 'Keep every level\'s folder, not only the failed ones\'' })
  .strict()
  .parseAsync();

const all = chaosLevels(args['fault-seed']);
const wanted = args.levels?.split(',').map((l) => l.trim()).filter(Boolean);
const unknown = wanted?.filter((name) => !all.some((l) => l.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`chaos: unknown level ${unknown.join(', ')}; use ${all.map((l) => l.name).join(', ')}\n`);
  process.exit(2);
}
if (!(Number.isInteger(args.kills) && args.kills >= 0)) {
  process.stderr.write(`chaos: --kills ${args.kills}: expected a whole number ≥ 0\n`);
  process.exit(2);
}
const levels = wanted ? all.filter((l) => wanted.includes(l.name)) : all;
const dataset = generateDataset({ seed: args.seed, scale: args.scale });
const root = await mkdtemp(join(tmpdir(), `k2i-chaos-${args.scale}-`));
const results: ChaosLevelResult[] = [];
process.stderr.write(`chaos: ${args.scale} (seed ${args.seed}), ${levels.length} level(s), ${args.kills} kills each; folders under ${root}\n`);
for (const [index, level] of levels.entries()) {
  process.stderr.write(`chaos: level ${level.name}: --faults ${level.faults}\n`);
  const result = await runChaosLevel({
    level, dataset, scale: args.scale, datasetSeed: args.seed, kills: args.kills, killSeed: args['fault-seed'] * 1000 + index,
    killWindows: killWindowsFor(args.scale), maxAttempts: args['max-attempts'], dir: join(root, level.name.replace('%', 'pct')),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  results.push(result);
  process.stderr.write(`chaos: level ${level.name}: ${result.survived ? 'survived' : `FAILED: ${result.reason}`} (${result.seconds} s)\n`);
  if (result.survived && !args.keep) await rm(result.dir, { recursive: true, force: true });
}
process.stdout.write(renderChaosTable(args.scale, results));
process.exitCode = results.every((r) => r.survived) ? 0 : 1;
