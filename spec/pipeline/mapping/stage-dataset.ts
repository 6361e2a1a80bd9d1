/**
 * Spec helper: stages a generated dataset in a workspace by running the real export
 * against both simulators, and leaves the Intercom simulator running so a spec can read
 * its attribute catalog.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../../pipeline/config.ts';
import { runExport } from '../../../pipeline/export.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { ScaleName } from '../../../simulators/dataset/scales.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';
import { startSimulators, type Simulators } from '../../../simulators/start-simulators.ts';

/** A staged dataset with the running simulators. */
export interface StagedDataset {
  dataset: Dataset;
  sims: Simulators;
  config: Config;
  workspace: Workspace;
  /** The workspace file. */
  path: string;
  /** Closes the workspace and both simulators. */
  close(): Promise<void>;
}

/**
 * Generates a dataset, starts the simulators and exports it (without downloads) into a
 * fresh workspace file.
 *
 * @example
 * const staged = await stageDataset('tiny');
 * await staged.close();
 */
export async function stageDataset(scale: ScaleName, seed = 7, dataset = generateDataset({ seed, scale })): Promise<StagedDataset> {
  const sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 10 } });
  let workspace: Workspace | undefined;
  try {
    const config = parseConfig(sims.config, {});
    const dir = await mkdtemp(join(tmpdir(), 'k2i-map-'));
    const path = join(dir, `${scale}.duckdb`);
    workspace = await openWorkspace(path);
    await runExport({
      config, workspace, downloads: false,
      clients: { quotaScale: 1000 },
      sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } },
    });
    await workspace.finishRun('succeeded');
    const ws = workspace;
    return { dataset, sims, config, workspace: ws, path, close: async () => { await ws.close(); await sims.close(); } };
  } catch (error) {
    await workspace?.close();
    await sims.close();
    throw error;
  }
}
