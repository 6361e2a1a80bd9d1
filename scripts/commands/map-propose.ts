/**
 * `khoros2intercom map propose`: profiles the staged data, matches every field to an
 * Intercom target (reading the workspace's attributes, admins, brands and help centers),
 * and writes the proposed field map (YAML) with its report (`.report.md`, `.report.json`).
 * Deterministic and offline apart from those reads; a configured proposer (`mapping.proposer`,
 * off by default) is asked first. A summary goes to stderr.
 */
import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { loadConfig, type Config } from '../../pipeline/config.ts';
import { ConfigError } from '../../pipeline/errors.ts';
import { loadProposer, type ProposerConfig } from '../../pipeline/mapping/load-proposer.ts';
import { readProposalCatalog } from '../../pipeline/mapping/read-intercom-catalog.ts';
import { runMapPropose } from '../../pipeline/mapping/run-map-propose.ts';
import { openWorkspace } from '../../pipeline/workspace/open-workspace.ts';
import { exitCodeOf } from '../exit-code.ts';

interface MapProposeArgs {
  config: string;
  workspace?: string;
  out: string;
  'fallback-admin'?: string;
  'attribute-prefix'?: string;
}

/** `mapping.proposer` of the config, once the config schema has it (absent until then: deterministic only). */
function proposerConfig(config: Config): ProposerConfig | undefined {
  return (config as Config & { mapping?: { proposer?: ProposerConfig } }).mapping?.proposer;
}

/** The yargs module of `map propose`. */
export const mapProposeCommand: CommandModule<object, MapProposeArgs> = {
  command: 'propose',
  describe: 'Profile the staged data and propose the field map (YAML) with its evidence report',
  builder: (y) =>
    y
      .option('config', { type: 'string', demandOption: true, describe: 'Config file (the Intercom token reads attributes, admins, brands and help centers)' })
      .option('workspace', { type: 'string', describe: 'Workspace file (default: the config\'s workspace)' })
      .option('out', { type: 'string', default: 'mapping.yaml', describe: 'Where the map goes; the report goes beside it (mapping.report.md, .json)' })
      .option('fallback-admin', { type: 'string', describe: 'Intercom admin id for agents without an admin (default: the first admin)' })
      .option('attribute-prefix', { type: 'string', describe: 'Prefix of the attributes the map creates (default khoros_)' }),
  handler: async (args) => {
    let workspace: Awaited<ReturnType<typeof openWorkspace>> | undefined;
    try {
      const config = await loadConfig(args.config, process.env);
      const path = args.workspace ?? config.workspace;
      if (!existsSync(path)) throw new ConfigError(`--workspace ${path}: no such workspace; run khoros2intercom export first`);
      const proposer = await loadProposer(proposerConfig(config));
      workspace = await openWorkspace(path, { ...config.duckdb, stage: 'map-propose', args: { out: args.out, fallbackAdmin: args['fallback-admin'] ?? null } });
      const intercom = await readProposalCatalog(config.intercom);
      const policies = {
        ...(args['fallback-admin'] ? { fallbackAdminId: args['fallback-admin'] } : {}),
        ...(args['attribute-prefix'] !== undefined ? { attributePrefix: args['attribute-prefix'] } : {}),
      };
      const { report, files } = await runMapPropose({ workspace, intercom, out: args.out, policies, proposer });
      await workspace.finishRun('succeeded');
      const s = report.summary;
      process.stderr.write(`proposed ${files.mapping}: ${s.rows} fields — ${s.standard} standard, ${s.existingAttributes} existing attributes, ` +
        `${s.newAttributes} new attributes, ${s.tags} tags, ${s.skipped} skipped; ${s.withFailingValues} with values that fail conversion\n` +
        `evidence: ${files.markdown}, ${files.json}\n` +
        (report.warnings.length ? `look at:\n${report.warnings.map((w) => `  - ${w}`).join('\n')}\n` : '') +
        `next: review ${files.mapping}, then khoros2intercom map confirm --config ${args.config} --mapping ${files.mapping}\n`);
    } catch (error) {
      await workspace?.finishRun('failed').catch(() => {});
      process.exitCode = exitCodeOf(error);
      process.stderr.write(`khoros2intercom map propose: ${(error as Error).message}\n`);
    } finally {
      await workspace?.close();
    }
  },
};
