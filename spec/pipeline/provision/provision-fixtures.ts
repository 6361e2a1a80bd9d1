/**
 * Spec fixtures for provision: the tiny dataset staged from the Khoros simulator, its map
 * proposed and confirmed against the Intercom simulator (export → propose → confirm, the
 * real stages), then closed, so each case provisions a copy of the workspace file against a
 * fresh Intercom simulator of its own (with faults, if it asks).
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createIntercomClient, type IntercomClientOptions } from '../../../pipeline/intercom/create-intercom-client.ts';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import { confirmMap } from '../../../pipeline/mapping/confirm-map.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { readProposalCatalog } from '../../../pipeline/mapping/read-intercom-catalog.ts';
import { runMapPropose } from '../../../pipeline/mapping/run-map-propose.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';
import type { FaultRates } from '../../../simulators/intercom/faults.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { stageTiny, type StagedTiny } from '../mapping/confirm-fixtures.ts';

/** Fast retries: the table's shape with millisecond delays. */
const FAST = { baseMs: 1, capMs: 5 };
export const FAST_RETRY: IntercomClientOptions['retry'] = { 'server-error': FAST, network: FAST, 'connect-failed': FAST, malformed: FAST };

/** The tiny dataset staged, its proposed map confirmed; the workspace file is closed. */
export interface ConfirmedTiny {
  staged: StagedTiny;
  /** The dataset the simulators serve (seed 7, tiny). */
  dataset: Dataset;
  /** The confirmed map. */
  mappingPath: string;
  /** Copies the confirmed workspace to `<dir>/<name>.duckdb` and answers its path. */
  copy(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Stages tiny, proposes its map, lets `edit` change the YAML (a person's review), confirms it.
 *
 * @example
 * const tiny = await confirmTiny((yaml) => yaml.replace('de: de', 'de: it'));
 */
export async function confirmTiny(edit: (yaml: string) => string = (yaml) => yaml): Promise<ConfirmedTiny> {
  const staged = await stageTiny();
  try {
    const mappingPath = join(staged.dir, 'mapping.yaml');
    const workspace = await openWorkspace(staged.workspacePath, { stage: 'map-confirm' });
    try {
      const proposal = await runMapPropose({ workspace, intercom: await readProposalCatalog(staged.config.intercom), out: mappingPath });
      const { readFile } = await import('node:fs/promises');
      await writeFile(mappingPath, edit(await readFile(proposal.files.mapping, 'utf8')));
      await confirmMap({ workspace, mappingPath, intercom: await readIntercomCatalog(staged.config.intercom), by: 'spec' });
    } finally {
      await workspace.close();
    }
    return {
      staged, dataset: generateDataset({ seed: 7, scale: 'tiny' }), mappingPath,
      async copy(name) {
        const path = join(staged.dir, `${name}.duckdb`);
        await copyFile(staged.workspacePath, path);
        if (existsSync(`${staged.workspacePath}.wal`)) await copyFile(`${staged.workspacePath}.wal`, `${path}.wal`);
        return path;
      },
      close: () => staged.close(),
    };
  } catch (error) {
    await staged.close();
    throw error;
  }
}

/**
 * A fresh Intercom simulator on (a copy of) the dataset's workspace, and a paced client with
 * fast retries. The copy matters: the simulator's state shares objects with the seed it was
 * given, so a list option one simulator adds would show up in the next one.
 */
export async function freshIntercom(dataset: Dataset, faults?: FaultRates, seed = 5): Promise<{ sim: IntercomSimulator; client: IntercomClient }> {
  const sim = await startIntercomSimulator({ workspace: structuredClone(dataset.intercom), faults, seed });
  return { sim, client: createIntercomClient({ url: sim.url, token: sim.token, version: '2.16' }, { retry: FAST_RETRY }) };
}

/** The simulator's state (`GET /_sim/state`). */
export async function simState(sim: IntercomSimulator): Promise<Record<string, Record<string, any>[]>> {
  const response = await fetch(`${sim.inspectUrl}/state`);
  return (await response.json()) as Record<string, Record<string, any>[]>;
}
