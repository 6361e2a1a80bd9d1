/**
 * The `provision` stage: makes the Intercom workspace ready for import under the confirmed
 * map. It creates what the API can create (contact data attributes, 2.16 conversation
 * attributes and their list options, tags, Help Center collections and sections for the KB
 * category tree) and checks what it cannot (admins, teams, brands, help-center locales),
 * listing each gap as a manual step with what to create and why.
 *
 * Idempotent: Intercom is listed once at the start and only what is missing is written, so a
 * second run writes nothing. Every write goes through the ledger (intent before the
 * request, done with the Intercom id after it); a run killed mid-write leaves an intent that
 * the next run settles against what Intercom has before writing again. The report is
 * stored in `provision_reports`, where import reads the Intercom ids it resolved.
 */
import { ConfigError } from './errors.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { requireConfirmedVersion } from './mapping/require-confirmed-map.ts';
import { checkPrerequisites, referencesTeams, type ChosenHelpCenter } from './provision/check-prerequisites.ts';
import { planTags } from './provision/plan-tags.ts';
import { plannedAttributes, provisionAttributes } from './provision/provision-attributes.ts';
import { planCollections, provisionCollections } from './provision/provision-collections.ts';
import { countActions, storeProvisionReport, type ProvisionObjectType, type ProvisionReport } from './provision/provision-report.ts';
import { pendingOperation, skipStep, stepKey, type ProvisionContext } from './provision/provision-step.ts';
import { provisionTags } from './provision/provision-tags.ts';
import { readIntercomSetup, type IntercomSetup } from './provision/read-intercom-setup.ts';
import { inFlight, type LedgerEntry } from './workspace/ledger.ts';
import type { Workspace } from './workspace/workspace.ts';

export type { ManualStep, ProvisionedObject, ProvisionReport } from './provision/provision-report.ts';

/** Options of `runProvision`. */
export interface RunProvisionOptions {
  /** The workspace, opened for this run (its run id stamps the ledger rows). */
  workspace: Workspace;
  /** The paced Intercom client of the run (`createIntercomClient`). */
  intercom: IntercomClient;
  /** The map file, which must be the confirmed one (`requireConfirmedMap`). */
  mappingPath: string;
  /** The help center that gets the collections. @default the default help center, else the first */
  helpCenterId?: string;
}

/** The ledger object types provision writes; their in-flight intents are settled here. */
const PROVISION_TYPES: ReadonlySet<ProvisionObjectType> = new Set(['data_attribute', 'conversation_attribute', 'conversation_attribute_option', 'tag', 'collection']);

/**
 * Runs provision and answers its report (also stored in the workspace).
 *
 * @example
 * const report = await runProvision({ workspace, intercom: createIntercomClient(config.intercom), mappingPath: 'mapping.yaml' });
 * for (const step of report.manual) console.error(`${step.missing}: ${step.action}`);
 */
export async function runProvision(options: RunProvisionOptions): Promise<ProvisionReport> {
  const { workspace, intercom, mappingPath } = options;
  const { version, mapping } = await requireConfirmedVersion({ workspace, mappingPath, stage: 'provision' });
  const requestsBefore = intercom.stats().requests;
  const setup = await readIntercomSetup(intercom, { teams: referencesTeams(mapping) });
  const helpCenter = chooseHelpCenter(setup, options.helpCenterId);

  const pending = new Map<string, LedgerEntry[]>();
  for (const write of await inFlight(workspace)) {
    if (!PROVISION_TYPES.has(write.objectType as ProvisionObjectType)) continue;
    const key = stepKey(write.objectType, write.khorosKey, pendingOperation(write));
    pending.set(key, [...(pending.get(key) ?? []), write]);
  }
  const context: ProvisionContext = { workspace, pending, objects: [] };

  const prerequisites = await checkPrerequisites(workspace, mapping, setup, helpCenter);
  const manual = [...prerequisites.manual];
  const notes = [...prerequisites.notes];

  manual.push(...await provisionAttributes(context, intercom, setup, plannedAttributes(mapping)));

  const tagPlan = await planTags(workspace, mapping, setup.brands);
  if (tagPlan.unresolved.length) notes.push(`records point at ids no staged record names, so their tags cannot be named: ${tagPlan.unresolved.join(', ')}`);
  await provisionTags(context, intercom, setup, tagPlan.tags);

  const tree = await planCollections(workspace);
  notes.push(...tree.notes);
  if (helpCenter) await provisionCollections(context, intercom, setup.collections, tree.nodes, helpCenter);
  else for (const node of tree.nodes) skipStep(context, { objectType: 'collection', key: node.key, name: node.name }, 'the workspace has no help center');

  for (const writes of context.pending.values()) {
    for (const write of writes) {
      notes.push(`write ${write.seq} of run ${write.runId} (${write.operation} ${write.objectType} ${JSON.stringify(write.khorosKey)}) is still in flight: ` +
        'the map no longer needs it, so it was not reconciled; check Intercom for it');
    }
  }

  const counts = countActions(context.objects);
  const report: ProvisionReport = {
    runId: workspace.runId, mapVersion: version,
    helpCenter: helpCenter ? { id: helpCenter.id, locales: helpCenter.locales } : null,
    objects: context.objects, manual, notes, counts,
    requests: intercom.stats().requests - requestsBefore,
    complete: manual.length === 0 && counts.failed === 0 && counts.skipped === 0,
  };
  await storeProvisionReport(workspace, report);
  return report;
}

function chooseHelpCenter(setup: IntercomSetup, id: string | undefined): ChosenHelpCenter {
  if (id !== undefined) {
    const chosen = setup.helpCenters.find((h) => h.id === String(id));
    if (!chosen) throw new ConfigError(`help center ${id}: Intercom has no such help center (it has ${setup.helpCenters.map((h) => h.id).join(', ') || 'none'})`);
    return chosen;
  }
  return setup.helpCenters.find((h) => h.default) ?? setup.helpCenters[0] ?? null;
}
