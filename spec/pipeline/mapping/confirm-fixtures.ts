/**
 * Spec fixtures for `map confirm` and the import gate: a hand-written field map that is
 * valid for the tiny dataset (seed 7) staged from the Khoros simulator against the
 * Intercom simulator's seeded workspace, and a staging helper that keeps the workspace
 * path, so a spec can close the file, run the CLI on it and reopen it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../../pipeline/config.ts';
import { runExport } from '../../../pipeline/export.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { startSimulators, type Simulators } from '../../../simulators/start-simulators.ts';

/** A map as a person would write it: comments, flow style where a row is short. */
export const HAND_WRITTEN_MAP = `# Field map for the tiny Litware dataset, written by hand.
version: 1
source:
  profileHash: "${'0'.repeat(64)}"   # confirm records the profile it checks against
policies:
  noEmail: lead
  fallbackAdminId: "7200000"        # Head of Support takes over agents without an admin
  attributePrefix: khoros_
  caseIdAttribute: khoros_case_id
objects:
  customers:
    target: contacts
    fields:
      - { source: id, target: { standard: external_id }, conversion: { type: string }, lossy: false, default: null }
      - { source: email, target: { standard: email }, conversion: { type: email }, lossy: false, default: null }
      - { source: displayName, target: { standard: name }, conversion: { type: string, maxLength: 255 }, lossy: true, default: null }
      - { source: created, target: { standard: signed_up_at }, conversion: { type: date }, lossy: false, default: null }
      - source: loyaltyNumber
        target: { attribute: loyalty_id, dataType: integer, create: false }
        conversion: { type: integer }
        lossy: false
        default: null
      - source: accountTier
        target: { attribute: account_tier, dataType: options, options: [bronze, silver, gold], create: false }
        conversion: { type: valueMap, values: { bronze: bronze, silver: silver, gold: gold, platinum: gold } }
        lossy: true    # platinum folds into gold
        default: null
      - { source: vip, target: { attribute: khoros_vip, dataType: boolean, create: true }, conversion: { type: boolean }, lossy: false, default: null }
      - { source: region, target: { tag: "region: {value}" }, conversion: { type: string }, lossy: false, default: null }
      - { source: crmNotes, target: { skip: true, reason: free text stays in Khoros }, conversion: { type: string }, lossy: false, default: null }
  authors:
    target: contacts
    fields: []
  agents: { target: admins, match: email }
  cases:
    target: conversations
    fields:
      - { source: id, target: { attribute: khoros_case_id, dataType: string, create: true }, conversion: { type: string }, lossy: false, default: null }
      - { source: title, target: { standard: title }, conversion: { type: string, maxLength: 255 }, lossy: true, default: null }
      - source: status
        target: { standard: state }
        conversion: { type: valueMap, values: { open: open, pending: open, resolved: closed, closed: closed } }
        lossy: true
        default: null
      - source: productLine
        target: { attribute: Product line, dataType: options, options: [Hardware, Software, Subscriptions, Accessories], create: false }
        conversion: { type: valueMap, values: { hardware: Hardware, software: Software, subscriptions: Subscriptions, accessories: Accessories } }
        lossy: false
        default: null
      - { source: refundAmount, target: { attribute: khoros_refund_amount, dataType: float, create: true }, conversion: { type: float }, lossy: false, default: null }
      - { source: created, target: { standard: created_at }, conversion: { type: date }, lossy: false, default: null }
    parts: { orderBy: created, tieBreak: id, kinds: { message: comment, note: note, status_change: skip } }
  conversations:
    target: conversations
    fields:
      - { source: lswUuid, target: { attribute: khoros_conversation_id, dataType: string, create: true }, conversion: { type: string }, lossy: false, default: null }
      - { source: createDate, target: { standard: created_at }, conversion: { type: date, formats: [epoch-ms] }, lossy: false, default: null }
    parts: { orderBy: receiveDate, tieBreak: lswUuid, kinds: { message: comment } }
  brands: { target: brand_or_tag, tagRule: "brand: {name}" }
  initiatives: { target: tags, tagRule: "initiative: {name}" }
  campaigns: { target: tags, tagRule: "campaign: {name}" }
  kb_articles:
    target: articles
    visibility: { public: article, registered: article, agent-only: internal_article }
    state: published
    locales: { en: en, fr: fr, de: de }
  kb_categories: { target: collections }
  kb_boards: { target: sections }
  attachments: { target: attachment_files, maxPerPart: 10 }
`;

/** The tiny dataset staged in a workspace file, with both simulators running. */
export interface StagedTiny {
  sims: Simulators;
  config: Config;
  dir: string;
  workspacePath: string;
  /** A config file pointing at the simulators and the workspace. */
  configPath: string;
  /** Stages the given families again from scratch (their checkpoints dropped), into an open workspace. */
  reexport(workspace: Workspace, families: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts both simulators on the tiny dataset, exports it into `<dir>/tiny.duckdb` and
 * closes the workspace (open it with `openWorkspace(staged.workspacePath)`).
 *
 * @example
 * const staged = await stageTiny();
 * await staged.close();
 */
export async function stageTiny(): Promise<StagedTiny> {
  const sims = await startSimulators({ dataset: generateDataset({ seed: 7, scale: 'tiny' }), khoros: { quotaScale: 1000, analyticsJobMs: 10 } });
  const dir = await mkdtemp(join(tmpdir(), 'k2i-confirm-'));
  const workspacePath = join(dir, 'tiny.duckdb');
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify({ ...sims.config, workspace: workspacePath }));
  const config = parseConfig(sims.config, {});
  const exportInto = (workspace: Workspace, families?: string[]) => runExport({
    config, workspace, downloads: false, families,
    clients: { quotaScale: 1000 },
    sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } },
  });
  try {
    const workspace = await openWorkspace(workspacePath);
    try {
      await exportInto(workspace);
      await workspace.finishRun('succeeded');
    } finally {
      await workspace.close();
    }
  } catch (error) {
    await sims.close();
    throw error;
  }
  return {
    sims, config, dir, workspacePath, configPath,
    async reexport(workspace, families) {
      // What a delta run will do for these families: list them again from the start.
      for (const family of families) await workspace.query('DELETE FROM checkpoints WHERE family = $1', [family]);
      await exportInto(workspace, families);
    },
    close: () => sims.close(),
  };
}

/** Applies Khoros simulator mutations through its admin endpoint. */
export async function mutateKhoros(sims: Simulators, ops: unknown[]): Promise<void> {
  const response = await fetch(`${sims.ready.khoros.admin}/mutations`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ops }),
  });
  if (!response.ok) throw new Error(`mutations refused: ${response.status} ${await response.text()}`);
}
