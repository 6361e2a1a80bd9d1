/**
 * `migrate`: every stage end to end, composed from the stages themselves: export → map
 * propose (only when the map file does not exist yet, so a person's edits are kept) →
 * confirmation → provision → import → verify (`--sample`: the hardest records read back and
 * compared; its verdict is the result's, the reports go beside the workspace). Without `autoConfirm` it stops before anything is
 * written to Intercom when the map is not confirmed (or was edited, or the source drifted
 * since), answering `awaiting-confirmation`: a person reviews the map and its report, runs
 * `map confirm`, and runs `migrate` again (the export resumes from its checkpoints).
 * Each stage runs as its own run of the workspace, as the separate commands would.
 *
 * `sample: N` makes it a sample migration (`migrate --sample N`): the same stages, but the
 * import writes only N conversations chosen among the hardest staged records, seeded
 * (`migrate/choose-migration-sample.ts`), and the contacts they need; no KB articles (a
 * Help Center is public, and a part of a KB would keep its links to the articles left out).
 * Every run it makes carries `{"sample": N, "seed": S}` in `runs.args`: `rollback --sample`
 * undoes them, and delta must never take a watermark from them (the sample's export staged
 * everything, its import wrote N).
 */
import { existsSync } from 'node:fs';
import type { Config } from './config.ts';
import { ConfigError, MappingError } from './errors.ts';
import { runExport, type ExportEvent, type ExportOptions, type ExportSummary } from './export.ts';
import { runImport, type ImportProgress, type ImportSummary } from './import.ts';
import { runVerify } from './verify.ts';
import type { VerifyResult } from './verify/verify-types.ts';
import { createIntercomClient } from './intercom/create-intercom-client.ts';
import type { IntercomClient } from './intercom/intercom-api.ts';
import { confirmMap } from './mapping/confirm-map.ts';
import { readIntercomCatalog } from './mapping/confirm-read-catalog.ts';
import type { ConfirmedMapVersion } from './mapping/mapping-versions.ts';
import { readProposalCatalog } from './mapping/read-intercom-catalog.ts';
import { requireConfirmedVersion } from './mapping/require-confirmed-map.ts';
import { runMapPropose } from './mapping/run-map-propose.ts';
import { runProvision, type ProvisionReport } from './provision.ts';
import { chooseMigrationSample, type MigrationSample } from './migrate/choose-migration-sample.ts';
import { DEFAULT_SEED } from './verify/select-sample.ts';
import { withRun } from './workspace/with-run.ts';
import type { Workspace } from './workspace/workspace.ts';

/** Options of `runMigrate`. */
export interface RunMigrateOptions {
  config: Config;
  /** The workspace file. @default config.workspace */
  workspacePath?: string;
  /** The field map; proposed here when the file does not exist. */
  mappingPath: string;
  /** Confirm the map without a person's review (demos and tests). @default false */
  autoConfirm?: boolean;
  /** Run `verify --sample` after the import. @default true */
  verify?: boolean;
  /** Passed to `runExport` (clients, sources, downloads, families). */
  exportOptions?: Pick<ExportOptions, 'clients' | 'sources' | 'downloads' | 'families'>;
  /** The Intercom client of provision and import. @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
  /** Who confirms when `autoConfirm`. @default 'migrate --auto-confirm' */
  confirmedBy?: string;
  onProgress?: (event: MigrateEvent) => void;
  /** A sample migration: import only this many conversations (the hardest, seeded) and their contacts, no articles. @default every record */
  sample?: number;
  /** The sample's seed (same seed, same staged data: same sample). @default DEFAULT_SEED (1) */
  seed?: number;
}

/** What a sample migration chose (`MigrateResult.sample`). */
export type MigrateSample = Omit<MigrationSample, 'keys'> & { articles: 'not migrated' };

/** A progress event: a stage starting, or a stage's own progress. */
export type MigrateEvent =
  | { type: 'stage'; stage: MigrateStage; detail?: string }
  | { type: 'export'; event: ExportEvent }
  | { type: 'import'; progress: ImportProgress };

export type MigrateStage = 'export' | 'map-propose' | 'map-confirm' | 'provision' | 'import' | 'verify';

/** One Intercom object family's tally, from Khoros to Intercom. */
export interface ObjectSummary {
  /** The Khoros families it comes from. */
  families: string[];
  /** Records Khoros answered (staged + refused at export). */
  source: number;
  /** Records in the workspace. */
  staged: number;
  /** Records quarantined (at export, or by Intercom at import; every run of the workspace). */
  quarantined: number;
  /** Created or updated in Intercom by this run. */
  written: number;
  /** Already in Intercom as the map says (this run). */
  skipped: number;
}

/** What `runMigrate` did. */
export interface MigrateResult {
  status: 'awaiting-confirmation' | 'completed';
  workspacePath: string;
  mappingPath: string;
  /** Whether this run proposed the map (false: an existing file was kept). */
  proposed: boolean;
  export: ExportSummary & { runId: string };
  /** The confirmed map version (existing or recorded by this run); null when awaiting confirmation. */
  confirmed: (Omit<ConfirmedMapVersion, 'mapping' | 'profileShape'> & { byThisRun: boolean }) | null;
  provision: ProvisionReport | null;
  import: ImportSummary | null;
  /** `verify --sample` after the import (the hardest records read back and compared); null when the run stopped earlier. */
  verify: VerifyResult | null;
  objects: Record<'contacts' | 'conversations' | 'articles', ObjectSummary>;
  /** A sample migration: what it chose (null: a full one, or it stopped before the import). */
  sample: MigrateSample | null;
  /** Why the run stopped (awaiting confirmation). */
  message?: string;
}

const OBJECTS = {
  contacts: { families: ['customers'], importFamily: 'import_contacts' },
  conversations: { families: ['cases', 'conversations'], importFamily: 'import_conversations' },
  /** An article's link rewrite (`updated`) is a second write of the same article: written counts the creates. */
  articles: { families: ['kb_articles'], importFamily: 'import_articles' },
} as const;

/**
 * Runs the migration end to end (or up to the confirmation step).
 *
 * @example
 * const result = await runMigrate({ config, mappingPath: 'mapping.yaml', autoConfirm: true });
 * result.objects.contacts.written; // 17
 */
export async function runMigrate(options: RunMigrateOptions): Promise<MigrateResult> {
  const { config, mappingPath } = options;
  const workspacePath = options.workspacePath ?? config.workspace;
  const progress = options.onProgress ?? (() => {});
  const size = options.sample;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1)) throw new ConfigError(`--sample ${size}: expected a positive integer (conversations to migrate)`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`--seed ${seed}: expected an integer`);
  // Every run of a sample migration says so: rollback --sample finds them, delta skips them.
  const mark = size === undefined ? {} : { sample: size, seed };
  const stage = <T>(name: string, args: object, body: (workspace: Workspace) => Promise<T>, status?: (value: T) => 'succeeded' | 'failed') =>
    withRun(workspacePath, name, { ...args, ...mark }, body, status, config.duckdb);
  const readOnly = <T>(body: (workspace: Workspace) => Promise<T>) => stage('migrate', { check: true }, body);

  progress({ type: 'stage', stage: 'export' });
  const exported = await stage('export', { via: 'migrate' }, async (workspace) => ({
    runId: workspace.runId,
    ...await runExport({ config, workspace, ...options.exportOptions, onProgress: (event) => progress({ type: 'export', event }) }),
  }));

  const proposed = !existsSync(mappingPath);
  if (proposed) {
    progress({ type: 'stage', stage: 'map-propose' });
    await stage('map-propose', { out: mappingPath, via: 'migrate' }, async (workspace) =>
      runMapPropose({ workspace, intercom: await readProposalCatalog(config.intercom), out: mappingPath }));
  } else {
    progress({ type: 'stage', stage: 'map-propose', detail: `kept ${mappingPath} (it exists)` });
  }

  // Is the map, as it is now, the confirmed one (same bytes, same source shape)?
  const current = await readOnly(async (workspace) => {
    try {
      return await requireConfirmedVersion({ workspace, mappingPath, stage: 'migrate' });
    } catch (error) {
      if (error instanceof MappingError) return null;
      throw error;
    }
  });

  let confirmed: ConfirmedMapVersion | null = current;
  if (!confirmed && !options.autoConfirm) {
    const objects = await readOnly((workspace) => tally(workspace, null));
    return {
      status: 'awaiting-confirmation', workspacePath, mappingPath, proposed, export: exported,
      confirmed: null, provision: null, import: null, verify: null, objects, sample: null,
      message: `review ${mappingPath} and its report (${reportPath(mappingPath)}), then run ` +
        `\`khoros2intercom map confirm --config FILE --workspace ${workspacePath} --mapping ${mappingPath}\` and \`khoros2intercom migrate\` again`,
    };
  }
  if (!confirmed) {
    progress({ type: 'stage', stage: 'map-confirm' });
    confirmed = await stage('map-confirm', { mapping: mappingPath, by: 'auto', via: 'migrate' }, async (workspace) =>
      confirmMap({ workspace, mappingPath, intercom: await readIntercomCatalog(config.intercom), by: options.confirmedBy ?? 'migrate --auto-confirm' }));
  } else {
    progress({ type: 'stage', stage: 'map-confirm', detail: `version ${confirmed.version} is confirmed` });
  }

  const intercom = options.intercom ?? createIntercomClient(config.intercom);
  progress({ type: 'stage', stage: 'provision' });
  const provision = await stage('provision', { mapping: mappingPath, via: 'migrate' },
    (workspace) => runProvision({ workspace, intercom, mappingPath }),
    (report) => (report.counts.failed > 0 ? 'failed' : 'succeeded'));
  if (provision.counts.failed > 0) {
    throw new ProvisionFailedError(`provision: Intercom refused ${provision.counts.failed} write${provision.counts.failed > 1 ? 's' : ''}; ` +
      'see `khoros2intercom provision` for the report, fix them and run migrate again', provision);
  }

  let sample: MigrationSample | null = null;
  if (size !== undefined) {
    const mapping = confirmed.mapping;
    sample = await readOnly((workspace) => chooseMigrationSample(workspace, { mapping, size, seed }));
    progress({ type: 'stage', stage: 'import', detail: `a sample: ${sample.conversations.length} conversation${sample.conversations.length === 1 ? '' : 's'} ` +
      `(the hardest, seed ${seed}) and their ${sample.customers.length} contact${sample.customers.length === 1 ? '' : 's'}; no articles` });
  } else progress({ type: 'stage', stage: 'import' });
  const chosen = sample ? { conversations: sample.conversations.map((c) => `${c.family}/${c.key}`), customers: sample.customers } : {};
  const imported = await stage('import', { mapping: mappingPath, via: 'migrate', ...chosen }, (workspace) =>
    runImport({
      workspace, intercom, config, mappingPath, onProgress: (p) => progress({ type: 'import', progress: p }),
      ...(sample ? { onlyKeys: sample.keys, articles: false } : {}),
    }));

  if (options.verify !== false) {
    progress({ type: 'stage', stage: 'verify', detail: sample ? 'the sample\'s records, read back from Intercom' : 'a seeded sample of the hardest records, read back from Intercom' });
  }
  const verified = options.verify === false ? null : await stage('verify', { mapping: mappingPath, mode: 'sample', via: 'migrate' },
    (workspace) => runVerify({ workspace, intercom, config, mappingPath, mode: 'sample', workspacePath, ...(sample ? { seed, records: sampleRecords(sample) } : {}) }),
    (result) => (result.pass ? 'succeeded' : 'failed'));

  const objects = await readOnly((workspace) => tally(workspace, imported));
  const { mapping: _mapping, profileShape: _shape, ...version } = confirmed;
  return {
    status: 'completed', workspacePath, mappingPath, proposed, export: exported,
    confirmed: { ...version, byThisRun: !current }, provision, import: imported, verify: verified, objects,
    sample: sample ? { size: sample.size, seed: sample.seed, conversations: sample.conversations, customers: sample.customers, passedOver: sample.passedOver, articles: 'not migrated' } : null,
  };
}

/** Provision refused writes: the import does not run. */
export class ProvisionFailedError extends Error {
  constructor(message: string, readonly report: ProvisionReport) {
    super(message);
    this.name = 'ProvisionFailedError';
  }
}

/** The per-object summary as text lines (stderr). */
export function renderMigrateSummary(result: MigrateResult): string {
  const header = ['object', 'source', 'staged', 'quarantined', 'written', 'skipped'];
  const rows = Object.entries(result.objects).map(([name, o]) => [name, o.source, o.staged, o.quarantined, o.written, o.skipped].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const sample = result.sample;
  const table = `${sample ? renderSample(sample) : ''}${[line(header), ...rows.map(line)].join('\n')}\n`;
  const verify = result.verify;
  if (!verify) return table;
  const failed = verify.thresholds.filter((t) => !t.pass).map((t) => t.name);
  return `${table}\nverify (${verify.mode}): ${verify.pass ? 'pass' : `FAIL (${failed.join(', ')})`}; ${verify.totals.missing} missing, ` +
    `${verify.totals.fieldMismatches} of ${verify.totals.fieldChecks} fields differ${verify.reports ? `; report: ${verify.reports.html}` : ''}\n`;
}

/** What a sample migration's verify checks: every conversation it chose and their contacts; no articles. */
function sampleRecords(sample: MigrationSample): Map<string, Set<string>> {
  const records = new Map<string, Set<string>>([['cases', new Set()], ['conversations', new Set()], ['customers', new Set(sample.customers)]]);
  for (const c of sample.conversations) records.get(c.family)!.add(c.key);
  return records;
}

/** The sample's lines of the summary: what was chosen and why. */
function renderSample(sample: MigrateSample): string {
  const lines = [
    `SAMPLE migration (not a full one): ${sample.conversations.length} of the hardest conversations (asked ${sample.size}, seed ${sample.seed}), ` +
      `their ${sample.customers.length} contact${sample.customers.length === 1 ? '' : 's'}, no KB articles; undo it with \`khoros2intercom rollback --sample\``,
    ...sample.conversations.map((c) => `  ${c.family === 'cases' ? 'case' : 'Care conversation'} ${c.key} (contact ${c.customer}): ${c.reason}, score ${c.score}`),
  ];
  if (sample.passedOver.length) lines.push(`  passed over ${sample.passedOver.length} harder record${sample.passedOver.length === 1 ? '' : 's'} the map does not write (first: ${sample.passedOver[0].family} ${sample.passedOver[0].key}: ${sample.passedOver[0].reason})`);
  return `${lines.join('\n')}\n\n`;
}

async function tally(workspace: Workspace, imported: ImportSummary | null): Promise<MigrateResult['objects']> {
  const result = {} as MigrateResult['objects'];
  for (const [name, spec] of Object.entries(OBJECTS) as [keyof typeof OBJECTS, (typeof OBJECTS)[keyof typeof OBJECTS]][]) {
    let staged = 0;
    for (const family of spec.families) staged += await count(workspace, `SELECT count(*) AS n FROM raw_${family}`);
    const list = spec.families.map((f) => `'${f}'`).join(', ');
    const refused = await count(workspace, `SELECT count(DISTINCT family || chr(0) || dedupe_key) AS n FROM quarantine WHERE family IN (${list})`);
    const rejected = await count(workspace, `SELECT count(DISTINCT dedupe_key) AS n FROM quarantine WHERE family = '${spec.importFamily}'`);
    const counts = imported?.[name];
    result[name] = {
      families: [...spec.families], source: staged + refused, staged, quarantined: refused + rejected,
      written: counts ? counts.created + (name === 'articles' ? 0 : counts.updated) : 0, skipped: counts?.skipped ?? 0,
    };
  }
  return result;
}

async function count(workspace: Workspace, sql: string): Promise<number> {
  const rows = await workspace.query<{ n: number | bigint }>(sql).catch(() => [{ n: 0 }]);
  return Number(rows[0]?.n ?? 0);
}

function reportPath(mappingPath: string): string {
  return mappingPath.replace(/\.ya?ml$/i, '') + '.report.md';
}
