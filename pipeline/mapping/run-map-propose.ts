/**
 * The `map propose` stage: profiles the staged source, reads the staged agents and brands,
 * proposes the map against the Intercom catalog, and writes the map (YAML) and its report
 * (`.report.md`, `.report.json`) beside it. Reads the workspace only.
 */
import type { FieldProposer } from './field-proposer.ts';
import type { Mapping, MappingPolicies } from './mapping.ts';
import { profileSource } from './profile-source.ts';
import { fieldProposalInputs, proposeMap, type ProposalCatalog, type ProposalReport } from './propose-map.ts';
import type { SourceProfile } from './source-profile.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { writeMapping } from './write-mapping.ts';
import { writeProposalReport } from './write-proposal-report.ts';

/** Options of `runMapPropose`. */
export interface RunMapProposeOptions {
  workspace: Workspace;
  intercom: ProposalCatalog;
  /** Where the map goes; the report goes beside it. */
  out: string;
  policies?: Partial<MappingPolicies>;
  /** A configured proposer (`loadProposer`), asked before the deterministic one. @default none */
  proposer?: FieldProposer;
}

/** What `runMapPropose` wrote. */
export interface MapProposal {
  mapping: Mapping;
  report: ProposalReport;
  profile: SourceProfile;
  files: { mapping: string; markdown: string; json: string };
}

/**
 * Runs the proposal and writes its files.
 *
 * @example
 * const { report, files } = await runMapPropose({ workspace, intercom: await readProposalCatalog(config.intercom), out: 'mapping.yaml' });
 */
export async function runMapPropose(options: RunMapProposeOptions): Promise<MapProposal> {
  const { workspace, intercom } = options;
  const profile = await profileSource(workspace);
  const agents = await workspace.query<{ email: string | null; name: string | null }>(`SELECT email, name FROM agents ORDER BY id`);
  const brands = await workspace.query<{ id: string; name: string }>(
    `SELECT key AS id, payload->>'name' AS name FROM raw_brands WHERE payload->>'name' IS NOT NULL ORDER BY key`).catch(() => []);
  const [run] = await workspace.query<{ run_id: string }>(
    // The export that staged the data: the last one that succeeded, else the last one at all (a stopped export staged rows too).
    `SELECT run_id FROM runs WHERE stage = 'export' ORDER BY status = 'succeeded' DESC, started_at DESC, run_id DESC LIMIT 1`);
  const input = { profile, intercom, agents, brands, options: { policies: options.policies, runId: run?.run_id } };
  if (options.proposer?.prepare) await options.proposer.prepare(fieldProposalInputs(input));
  const { mapping, report } = proposeMap({ ...input, options: { ...input.options, proposer: options.proposer } });
  await writeMapping(options.out, mapping);
  const written = await writeProposalReport(options.out, report);
  return { mapping, report, profile, files: { mapping: options.out, ...written } };
}
