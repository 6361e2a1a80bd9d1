/**
 * The `plan` stage: the dry run of import. From the workspace, the confirmed map, the write
 * ledger (when earlier import runs left one) and the Intercom workspace as it is now, it
 * says for every object what import would do with it: create, update (listing the fields
 * that change), skip (already migrated with the same payload, unchanged, or skipped by a
 * rule of the map) or queue for reconciliation, with the preflight findings, and for
 * conversations their parts and files. Every item goes to the `plans` table, the summary to
 * `plan_summaries`; nothing is written to Intercom (the plan sends GETs and searches only).
 *
 * Order, as import runs: what provision sets up (attributes, tags, collections, sections),
 * contacts, conversations (cases, then Care conversations: a conversation of a contact the
 * plan creates hangs on that planned contact), articles. Staged records are read in chunks
 * by key, so memory holds a chunk, not the dataset.
 *
 * Intercom requests: those of the lookups (`buildImportLookups`: 7 + pages of collections +
 * `ceil(Intercom contacts / 150)`), plus one search per chunk of cases or Care conversations
 * only when Intercom already has the attribute that keys them.
 */
import type { Config } from './config.ts';
import { createIntercomClient } from './intercom/create-intercom-client.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { requireConfirmedVersion } from './mapping/require-confirmed-map.ts';
import type { PlanContext, PlannedEntry } from './plan/plan-context.ts';
import { planArticles } from './plan/plan-articles.ts';
import { planContacts } from './plan/plan-contacts.ts';
import { planConversations } from './plan/plan-conversations.ts';
import { planProvisioning } from './plan/plan-provisioning.ts';
import { summaryCounter, type PlanSummary } from './plan/plan-summary.ts';
import { startPlan } from './plan/plan-writer.ts';
import { CHUNK_SIZE } from './plan/staged-chunks.ts';
import { buildImportLookups } from './transform/build-import-lookups.ts';
import { preflight } from './transform/preflight.ts';
import { readIntercomContacts } from './transform/read-intercom-contacts.ts';
import { readIntercomState } from './transform/read-intercom-state.ts';
import { countLedgerWrites, hasLedger } from './transform/read-ledger-state.ts';
import { newRunId } from './workspace/runs.ts';
import type { Workspace } from './workspace/workspace.ts';

export type { PlanSummary, ObjectSummary } from './plan/plan-summary.ts';
export type { PlanAction, PlanItem } from './plan/plan-item.ts';

/** Options of `runPlan`. */
export interface RunPlanOptions {
  workspace: Workspace;
  /** The confirmed map file (the gate checks it was not edited since). */
  mappingPath: string;
  /** The paced client. @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
  /** The configuration; needed only when `intercom` is not given. */
  config?: Config;
  /** Staged records per chunk. @default 500 */
  chunkSize?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Plans the import and stores the plan; answers its summary. Throws the gate's
 * `MappingError` when no map is confirmed, the file was edited, or the source drifted.
 *
 * @example
 * const summary = await runPlan({ workspace, mappingPath: 'mapping.yaml', config });
 * summary.objects.find((o) => o.objectType === 'contact')?.create; // 17
 */
export async function runPlan(options: RunPlanOptions): Promise<PlanSummary> {
  const { workspace, mappingPath } = options;
  const now = options.now ?? (() => new Date());
  const started = now();
  const { version, mapping } = await requireConfirmedVersion({ workspace, mappingPath, stage: 'plan' });
  const intercom = options.intercom ?? (options.config ? createIntercomClient(options.config.intercom) : undefined);
  if (!intercom) throw new TypeError('runPlan needs `intercom` (a client) or `config` (to build one)');
  const requestsBefore = intercom.stats().requests;

  const state = await readIntercomState(intercom);
  const contacts = await readIntercomContacts({ workspace, intercom, mapping });
  const ledger = await hasLedger(workspace);
  const ledgerWrites = await countLedgerWrites(workspace);
  const lookups = await buildImportLookups({ workspace, intercom, mapping, state, authors: 'none' });

  const planId = `plan-${newRunId(started)}`;
  const writer = await startPlan(workspace, { planId, mapVersion: version, startedAt: started });
  const counter = summaryCounter();
  const context: PlanContext = {
    workspace, intercom, mapping, lookups, state, contacts, ledger, planId,
    now: Math.floor(started.getTime() / 1000),
    chunkSize: options.chunkSize ?? CHUNK_SIZE,
    async record(entries: readonly PlannedEntry[]) {
      await writer.write(entries.map((e) => e.item));
      for (const e of entries) counter.add(e.item, e);
    },
  };
  try {
    await planProvisioning(context);
    await planContacts(context);
    await planConversations(context);
    await planArticles(context);
    const objects = counter.objects();
    const sum = (key: 'create' | 'update' | 'skip' | 'queue' | 'total') => objects.reduce((n, o) => n + o[key], 0);
    const mapFindings: Record<string, number> = {};
    for (const f of preflight({ kind: 'mapping', mapping }, { mapping, lookups })) mapFindings[f.rule] = (mapFindings[f.rule] ?? 0) + f.count;
    const summary: PlanSummary = {
      planId, runId: workspace.runId, mapVersion: version, startedAt: started.toISOString(), finishedAt: now().toISOString(), ledger, ledgerWrites,
      intercomRequests: intercom.stats().requests - requestsBefore,
      objects,
      totals: { create: sum('create'), update: sum('update'), skip: sum('skip'), queue: sum('queue'), total: sum('total') },
      mapFindings,
    };
    await writer.complete(summary);
    return summary;
  } catch (error) {
    await writer.fail().catch(() => {});
    throw error;
  } finally {
    await contacts.release();
  }
}
