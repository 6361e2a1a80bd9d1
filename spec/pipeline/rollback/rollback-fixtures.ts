/**
 * Spec fixtures for rollback: a copy of the confirmed tiny workspace, provisioned and
 * imported (two runs) into a fresh Intercom simulator whose workspace already has contacts,
 * attributes and tags; the simulator's state before the migration; and the comparison of two
 * states up to what a rollback legitimately leaves different.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createIntercomClient } from '../../../pipeline/intercom/create-intercom-client.ts';
import type { IntercomClient } from '../../../pipeline/intercom/intercom-api.ts';
import { runImport } from '../../../pipeline/import.ts';
import { runProvision } from '../../../pipeline/provision.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import type { Workspace } from '../../../pipeline/workspace/workspace.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { FAST_RETRY, simState, type ConfirmedTiny } from '../provision/provision-fixtures.ts';

export type State = Record<string, Record<string, any>[]>;
type Obj = Record<string, any>;

/** A migrated copy of the tiny workspace. */
export interface Migrated {
  sim: IntercomSimulator;
  client: IntercomClient;
  /** The workspace file (closed). */
  path: string;
  /** A config file pointing at this simulator. */
  configPath: string;
  /** The simulator's state before provision and import. */
  before: State;
  provisionRun: string;
  importRun: string;
  /** Opens the workspace as a run of `stage`; the caller closes it. */
  open(stage: string): Promise<Workspace>;
}

/**
 * Provisions and imports a copy of the confirmed tiny workspace into a fresh simulator
 * (answering in 1–4 ms, so a kill can land mid-request).
 *
 * @example
 * const migrated = await migrate(tiny, 'rollback-all');
 */
export async function migrate(tiny: ConfirmedTiny, name: string): Promise<Migrated> {
  const sim = await startIntercomSimulator({ workspace: structuredClone(tiny.dataset.intercom), latency: { p50Ms: 1, p99Ms: 4 }, seed: 3 });
  const client = createIntercomClient({ url: sim.url, token: sim.token, version: '2.16' }, { retry: FAST_RETRY });
  const path = await tiny.copy(name);
  const before = await simState(sim);
  const open = (stage: string) => openWorkspace(path, { stage });
  const runs: string[] = [];
  for (const stage of ['provision', 'import'] as const) {
    const workspace = await open(stage);
    try {
      if (stage === 'provision') await runProvision({ workspace, intercom: client, mappingPath: tiny.mappingPath });
      else await runImport({ workspace, intercom: client, mappingPath: tiny.mappingPath, searchLagSeconds: 0 });
      await workspace.finishRun('succeeded');
      runs.push(workspace.runId);
    } finally {
      await workspace.close();
    }
  }
  const config = JSON.parse(await readFile(tiny.staged.configPath, 'utf8'));
  const configPath = join(tiny.staged.dir, `${name}.config.json`);
  await writeFile(configPath, JSON.stringify({ ...config, intercom: { url: sim.url, token: sim.token, version: '2.16' } }));
  return { sim, client, path, configPath, before, provisionRun: runs[0], importRun: runs[1], open };
}

/** What a rollback cannot take back, stated by `comparable`. */
export interface Leftovers {
  /** Attributes the migration created, still there archived (the API cannot delete them): `data_attributes:<name>`, `conversation_attributes:<name>`. */
  archivedAttributes: string[];
  /** List options the migration added to pre-existing conversation attributes, still there archived: `<attribute>/<label>`. */
  archivedOptions: string[];
  /** Pre-existing objects written (and written back): their `updated_at` moved. `<collection>:<id>`. */
  touched: string[];
}

const BY_ID = (a: Obj, b: Obj) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

/**
 * Both states with what legitimately differs after a rollback taken out, and what that was:
 *
 * - attributes (and list options) present after but not before, each `archived: true`:
 *   Intercom's API archives, never deletes, them; they are removed from `after` and listed;
 * - a custom attribute that is null equals one that is absent: a before-image puts back
 *   null where the contact had no value (the API cannot remove a key);
 * - `updated_at` of objects written since `since` (seconds): dropped from both, and listed.
 *
 * Anything else that differs (an object left behind, a field not written back, an attribute
 * not archived) is left in for the comparison to show.
 *
 * @example
 * const { before, after, leftovers } = comparable(migrated.before, await simState(sim), since);
 * expect(after).to.deep.equal(before);
 */
export function comparable(beforeState: State, afterState: State, since: number): { before: State; after: State; leftovers: Leftovers } {
  const before: State = structuredClone(beforeState);
  const after: State = structuredClone(afterState);
  const leftovers: Leftovers = { archivedAttributes: [], archivedOptions: [], touched: [] };
  for (const collection of ['data_attributes', 'conversation_attributes']) {
    const known = new Set(before[collection].map((a) => String(a.id)));
    after[collection] = after[collection].filter((a) => {
      if (known.has(String(a.id)) || a.archived !== true) return true;
      leftovers.archivedAttributes.push(`${collection}:${a.name}`);
      return false;
    });
  }
  const labels = new Map(before.conversation_attributes.map((a) => [String(a.id), new Set((a.options ?? []).map((o: Obj) => o.label))]));
  for (const attribute of after.conversation_attributes) {
    if (!Array.isArray(attribute.options)) continue;
    attribute.options = attribute.options.filter((o: Obj) => {
      if (labels.get(String(attribute.id))?.has(o.label) || o.archived !== true) return true;
      leftovers.archivedOptions.push(`${attribute.name}/${o.label}`);
      return false;
    });
  }
  for (const state of [before, after]) {
    for (const contact of state.contacts) {
      contact.custom_attributes = Object.fromEntries(Object.entries(contact.custom_attributes ?? {}).filter(([, v]) => v !== null));
    }
  }
  for (const [collection, list] of Object.entries(after)) {
    const earlier = new Map(before[collection].map((o) => [String(o.id), o]));
    for (const object of list) {
      if (typeof object.updated_at !== 'number' || object.updated_at < since || !earlier.has(String(object.id))) continue;
      leftovers.touched.push(`${collection}:${object.id}`);
      delete object.updated_at;
      delete earlier.get(String(object.id))!.updated_at;
    }
  }
  for (const state of [before, after]) for (const list of Object.values(state)) list.sort(BY_ID);
  for (const list of Object.values(leftovers)) list.sort();
  return { before, after, leftovers };
}

/**
 * What `comparable` must find left over after rolling back everything, read from the ledger:
 * the attributes and options the migration created, and the pre-existing objects it wrote.
 *
 * @example
 * expect(comparable(before, after, since).leftovers).to.deep.equal(await expectedLeftovers(workspace));
 */
export async function expectedLeftovers(workspace: Workspace): Promise<Leftovers> {
  const rows = await workspace.query<{ object_type: string; khoros_key: string; operation: string; intercom_id: string }>(
    `SELECT object_type, khoros_key, operation, intercom_id FROM ledger
     WHERE status = 'done' AND operation IN ('create', 'update') AND object_type IN ('data_attribute', 'conversation_attribute', 'conversation_attribute_option', 'contact')`);
  const created = new Set(rows.filter((r) => r.operation === 'create').map((r) => `${r.object_type}:${r.intercom_id}`));
  const touched = new Set<string>();
  for (const r of rows) {
    // Updates of what the migration created (an attribute provision unarchived after a rollback) touch nothing pre-existing.
    if (r.operation !== 'update' || created.has(`${r.object_type}:${r.intercom_id}`)) continue;
    if (r.object_type === 'contact') touched.add(`contacts:${r.intercom_id}`);
    if (r.object_type === 'data_attribute') touched.add(`data_attributes:${r.intercom_id}`);
  }
  for (const r of rows) {
    if (r.object_type === 'conversation_attribute_option') touched.add(`conversation_attributes:${r.intercom_id.split('/')[0]}`);
  }
  const name = (r: { khoros_key: string }) => r.khoros_key;
  return {
    archivedAttributes: [
      ...rows.filter((r) => r.object_type === 'data_attribute' && r.operation === 'create').map((r) => `data_attributes:${name(r)}`),
      ...rows.filter((r) => r.object_type === 'conversation_attribute' && r.operation === 'create').map((r) => `conversation_attributes:${name(r)}`),
    ].sort(),
    archivedOptions: rows.filter((r) => r.object_type === 'conversation_attribute_option').map(name).sort(),
    touched: [...touched].sort(),
  };
}
