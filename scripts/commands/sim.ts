/**
 * `khoros2intercom sim`: starts both simulators, writes a config file, prints exactly one
 * JSON line on stdout when ready (a contract for outside tools), and stops cleanly on
 * SIGINT or SIGTERM. Everything meant for people goes to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { readDataset } from '../../simulators/dataset/read-dataset.ts';
import { startSimulators } from '../../simulators/start-simulators.ts';
import { splitFaultSpec } from '../../simulators/split-fault-spec.ts';

interface SimArgs {
  seed: number;
  scale: string;
  dataset?: string;
  host: string;
  'khoros-port': number;
  'intercom-port': number;
  faults?: string;
  'write-config': string;
  'quota-scale': number;
  'intercom-quota': number;
  'retry-after': 'seconds' | 'none';
  'analytics-job-ms': number;
}

/** The yargs module of `sim`. */
export const simCommand: CommandModule<object, SimArgs> = {
  command: 'sim',
  describe: 'Start the Khoros and Intercom simulators and print one JSON ready line',
  builder: (y) =>
    y
      .option('seed', { type: 'number', default: 1, describe: 'Dataset seed' })
      .option('scale', { type: 'string', default: 'small', describe: 'tiny, small, medium, large, or counts such as customers=50,cases=80' })
      .option('dataset', { type: 'string', describe: 'Serve this dataset file instead of generating one' })
      .option('host', { type: 'string', default: '127.0.0.1' })
      .option('khoros-port', { type: 'number', default: 0, describe: '0 picks a free port' })
      .option('intercom-port', { type: 'number', default: 0, describe: '0 picks a free port' })
      .option('faults', { type: 'string', describe: 'e.g. seed=7,5xx=0.05,reset=0.01,slow=0.02,slowMs=1500,plaintext=0.05,truncated=0.01,429=0.001,429Burst=10,intercom.5xx=0.02,intercom.5xxAfterWrite=0.01,intercom.429=0.001,intercom.429Ms=2000,intercom.slow=0.01,intercom.slowMs=1500,intercom.latency=150:800' })
      .option('write-config', { type: 'string', default: 'sim.config.json', describe: 'Where to write the config file for --config' })
      .option('quota-scale', { type: 'number', default: 1, describe: 'Multiply every Khoros quota (60/min Care, 20/min Analytics, ...)' })
      .option('intercom-quota', { type: 'number', default: 10_000, describe: 'Intercom calls per minute' })
      .option('analytics-job-ms', { type: 'number', default: 1500, describe: 'How long a Khoros Analytics report job stays RUNNING' })
      .option('retry-after', { choices: ['seconds', 'none'] as const, default: 'seconds' as const, describe: 'Khoros 429 signal: with or without Retry-After' }),
  handler: async (args) => {
    const faults = splitFaultSpec(args.faults);
    const dataset = args.dataset ? await readDataset(args.dataset) : generateDataset({ seed: args.seed, scale: args.scale });
    const sims = await startSimulators({
      dataset,
      host: args.host,
      khorosPort: args['khoros-port'],
      intercomPort: args['intercom-port'],
      khoros: { quotaScale: args['quota-scale'], retryAfter: args['retry-after'], analyticsJobMs: args['analytics-job-ms'], faults: faults.khoros },
      intercom: { ratePerMinute: args['intercom-quota'], ...faults.intercom },
    });
    const configPath = resolve(args['write-config']);
    await writeFile(configPath, `${JSON.stringify(sims.config, null, 2)}\n`, { mode: 0o600 });
    const meta = dataset.meta ?? {};
    process.stdout.write(`${JSON.stringify({ ...sims.ready, config: configPath, dataset: { seed: meta.seed ?? null, scale: meta.scale ?? null } })}\n`);
    process.stderr.write(
      [
        `Khoros simulator:   ${sims.khoros.url}  (Care ${sims.ready.khoros.care}, Basic ${sims.ready.khoros.username})`,
        `Intercom simulator: ${sims.intercom.url}  (Bearer token in the config; inspect ${sims.ready.intercom.inspect}/state)`,
        `Config written to ${configPath}: pass it to other commands with --config.`,
        `Try: curl -u ${sims.ready.khoros.username}:${sims.ready.khoros.password} ${sims.ready.khoros.care}/api/v2/authors`,
        'Stop with Ctrl-C.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void sims.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};
