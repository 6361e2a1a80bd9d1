/**
 * Example pipeline: migrate the CRM cases of one brand, and only the contacts they need,
 * composed from the library's stages: export (the families cases need) → map propose (when
 * the map file does not exist) → the confirmation gate → provision → import of just that
 * brand's keys (`onlyKeys`). Everything else stays staged in the workspace for later;
 * Care conversations and KB articles are left out (they carry no brand).
 *
 * Each stage runs as a run of the workspace (`withRun`), so a run stopped by a rate limit
 * resumes where it stopped, and the ledger keeps a rerun from writing anything twice. A
 * later full `migrate` or `import` on the same workspace skips what this wrote.
 *
 * Run it against the simulators (in another terminal, `npx khoros2intercom sim --scale tiny`
 * writes sim.config.json):
 *
 *   npx tsx scripts/examples/migrate-brand.ts --config sim.config.json --brand "Litware Labs"
 *   # review mapping.yaml and its report, confirm it (or pass --auto-confirm), and run it again:
 *   npx khoros2intercom map confirm --config sim.config.json --mapping mapping.yaml
 *   npx tsx scripts/examples/migrate-brand.ts --config sim.config.json --brand "Litware Labs"
 *
 * Options: `--config FILE` and `--brand NAME` (required; the Khoros brand's name, letter case
 * aside), `--workspace FILE` (default: the config's), `--mapping FILE` (default: mapping.yaml
 * beside the workspace), `--auto-confirm` (confirm the map without review: demos and tests),
 * `--quota-scale N` (multiply the Khoros quotas, as `sim --quota-scale N`). Prints a JSON
 * summary on stdout. Exit 2: fix the command, the config or the map; 3: rerun later.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ConfigError, MappingError, RetriableError, confirmMap, createIntercomClient, loadConfig, readIntercomCatalog, readProposalCatalog,
  requireConfirmedVersion, runExport, runImport, runMapPropose, runProvision, withRun,
  type Config, type ExportSummary, type ImportSummary, type IntercomClient, type KhorosClientOptions, type ProvisionReport, type Workspace,
} from '../../pipeline/index.ts';

/** The families a case import reads: the cases, their customers, agents (admins), authors (contact enrichment), field declarations, brands. */
export const BRAND_FAMILIES: readonly string[] = Object.freeze(['customers', 'custom_fields', 'agents', 'authors', 'cases', 'brands']);

/** Options of `migrateBrand`. */
export interface MigrateBrandOptions {
  config: Config;
  /** The Khoros brand's name (letter case aside). */
  brand: string;
  /** @default config.workspace */
  workspacePath?: string;
  /** @default mapping.yaml beside the workspace */
  mappingPath?: string;
  /** Confirm the map without a person's review. @default false */
  autoConfirm?: boolean;
  /** Khoros client options (quotas, retry). */
  clients?: KhorosClientOptions;
  /** Download the cases' attachments (import sends them as files). @default true */
  downloads?: boolean;
  /** The Intercom client. @default createIntercomClient(config.intercom) */
  intercom?: IntercomClient;
}

/** What `migrateBrand` did. */
export interface MigrateBrandResult {
  status: 'awaiting-confirmation' | 'completed';
  brand: { id: string; name: string };
  /** The brand's staged cases and the customers they reference. */
  cases: string[];
  customers: string[];
  /** Records staged by this run's export, per family (a resumed export stages only what is new). */
  export: ExportSummary['records'];
  provision: ProvisionReport['counts'] | null;
  import: ImportSummary | null;
  /** What to do next (awaiting confirmation). */
  message?: string;
}

/**
 * Migrates one brand's cases and their contacts.
 *
 * @example
 * const result = await migrateBrand({ config, brand: 'Litware Labs', autoConfirm: true });
 * result.import?.conversations.created; // 5
 */
export async function migrateBrand(options: MigrateBrandOptions): Promise<MigrateBrandResult> {
  const { config } = options;
  const path = options.workspacePath ?? config.workspace;
  const mappingPath = options.mappingPath ?? join(dirname(path), 'mapping.yaml');
  const args = { brand: options.brand, via: 'examples/migrate-brand' };
  // Each stage a run of the workspace, under the config's DuckDB settings (`duckdb.memoryLimit`, `duckdb.threads`).
  const run = <T>(stage: string, runArgs: object, body: (workspace: Workspace) => Promise<T>, status?: (value: T) => 'succeeded' | 'failed') =>
    withRun(path, stage, runArgs, body, status, config.duckdb);

  const exported = await run('export', { ...args, families: BRAND_FAMILIES },
    (workspace) => runExport({ config, workspace, families: BRAND_FAMILIES, clients: options.clients, downloads: options.downloads === false ? false : undefined }));

  // The map: proposed from the staged data when the file does not exist (a person's edits are kept).
  const proposed = !existsSync(mappingPath);
  if (proposed) {
    await run('map-propose', { ...args, out: mappingPath }, async (workspace) =>
      runMapPropose({ workspace, intercom: await readProposalCatalog(config.intercom), out: mappingPath }));
  }
  // The brand's keys, and whether the map as it is now is the confirmed one (read only).
  const { chosen, confirmed } = await run('migrate-brand', { ...args, check: true }, async (workspace) => ({
    chosen: await brandKeys(workspace, options.brand),
    confirmed: await requireConfirmedVersion({ workspace, mappingPath, stage: 'migrate-brand' }).then(() => true, (error) => {
      if (error instanceof MappingError) return false;
      throw error;
    }),
  }));
  const base = { brand: chosen.brand, cases: chosen.cases, customers: chosen.customers, export: exported.records };
  if (!confirmed && !options.autoConfirm) {
    return {
      status: 'awaiting-confirmation', ...base, provision: null, import: null,
      message: `${mappingPath} ${proposed ? 'was proposed' : 'is not the confirmed map (not confirmed yet, or edited since)'}: review it and its report, run ` +
        `\`khoros2intercom map confirm --config FILE --workspace ${path} --mapping ${mappingPath}\`, then run this script again`,
    };
  }
  if (!confirmed) {
    await run('map-confirm', { ...args, mapping: mappingPath, by: 'auto' }, async (workspace) =>
      confirmMap({ workspace, mappingPath, intercom: await readIntercomCatalog(config.intercom), by: 'examples/migrate-brand --auto-confirm' }));
  }

  const intercom = options.intercom ?? createIntercomClient(config.intercom);
  const provision = await run('provision', { ...args, mapping: mappingPath },
    (workspace) => runProvision({ workspace, intercom, mappingPath }), (report) => (report.counts.failed > 0 ? 'failed' : 'succeeded'));
  if (provision.counts.failed > 0) throw new Error(`provision: Intercom refused ${provision.counts.failed} writes; run \`khoros2intercom provision\` for the report`);

  // Only the brand's cases and their customers: `onlyKeys` is one set across families.
  const onlyKeys = new Set([...chosen.cases, ...chosen.customers]);
  const imported = await run('import', { ...args, mapping: mappingPath, cases: chosen.cases.length },
    (workspace) => runImport({ workspace, intercom, config, mappingPath, onlyKeys, articles: false }));
  return { status: 'completed', ...base, provision: provision.counts, import: imported };
}

/**
 * The brand by name, its staged cases and the staged customers they reference. Refuses a
 * name no staged brand has (listing them), and keys that another family also has (import
 * would write that record too).
 */
async function brandKeys(workspace: Workspace, name: string): Promise<{ brand: { id: string; name: string }; cases: string[]; customers: string[] }> {
  const brands = await workspace.query<{ id: string; name: string }>(`SELECT key AS id, payload->>'name' AS name FROM raw_brands ORDER BY name`);
  const matching = brands.filter((b) => b.name === name);
  const found = matching.length ? matching : brands.filter((b) => b.name?.toLowerCase() === name.toLowerCase());
  if (found.length !== 1) {
    throw new ConfigError(`--brand ${JSON.stringify(name)}: ${found.length ? `${found.length} brands have that name` : 'no staged brand has that name'}; ` +
      `the brands are ${brands.map((b) => JSON.stringify(b.name)).join(', ') || '(none staged)'}`);
  }
  const brand = found[0];
  const cases = await workspace.query<{ key: string; customer: string | null }>(
    `SELECT c.key, cu.key AS customer FROM raw_cases AS c LEFT JOIN raw_customers AS cu ON cu.key = (c.payload->>'customerId')
     WHERE (c.payload->>'brandId') = $1 ORDER BY c.key`, [brand.id]);
  const keys = { cases: cases.map((c) => c.key), customers: [...new Set(cases.flatMap((c) => (c.customer ? [c.customer] : [])))].sort() };
  const all = [...keys.cases, ...keys.customers];
  const tables = new Set((await workspace.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main'`)).map((t) => t.name));
  for (const [family, own] of [['customers', keys.customers], ['cases', keys.cases], ['conversations', []]] as const) {
    if (!tables.has(`raw_${family}`)) continue;
    const others = all.filter((k) => !(own as readonly string[]).includes(k));
    if (others.length === 0) continue;
    const clash = await workspace.query<{ key: string }>(`SELECT key FROM raw_${family} WHERE key IN (SELECT unnest(CAST(json($1) AS VARCHAR[]))) LIMIT 1`, [JSON.stringify(others)]);
    if (clash.length) throw new ConfigError(`--brand ${JSON.stringify(name)}: key ${clash[0].key} is also staged as one of ${family}; import would write that record too (import it by hand)`);
  }
  return { brand, ...keys };
}

/**
 * The command line: parses `argv`, runs, prints the result; answers the exit code (2: fix
 * the command, config or map, or confirm it; 3: rerun later; 1: anything else).
 *
 * @example
 * process.exitCode = await main(['--config', 'sim.config.json', '--brand', 'Litware Labs', '--auto-confirm']);
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv, strict: true,
      options: {
        config: { type: 'string' }, brand: { type: 'string' }, workspace: { type: 'string' }, mapping: { type: 'string' },
        'auto-confirm': { type: 'boolean', default: false }, 'quota-scale': { type: 'string' },
      },
    });
    if (!values.config) throw new ConfigError('--config FILE is required (npx khoros2intercom sim writes one)');
    if (!values.brand?.trim()) throw new ConfigError('--brand NAME is required: the Khoros brand whose cases to migrate');
    const quotaScale = values['quota-scale'] === undefined ? undefined : Number(values['quota-scale']);
    if (quotaScale !== undefined && !(quotaScale > 0)) throw new ConfigError(`--quota-scale ${JSON.stringify(values['quota-scale'])}: expected a positive number`);
    const config = await loadConfig(values.config, process.env);
    const result = await migrateBrand({
      config, brand: values.brand.trim(), workspacePath: values.workspace, mappingPath: values.mapping, autoConfirm: values['auto-confirm'],
      clients: quotaScale === undefined ? undefined : { quotaScale },
    });
    if (result.message) process.stderr.write(`${result.message}\n`);
    else {
      const c = result.import!.conversations;
      process.stderr.write(`brand ${result.brand.name}: ${result.cases.length} cases staged; ${c.created} conversations created, ${c.skipped} already there, ${c.quarantined} quarantined\n`);
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.status === 'completed' ? 0 : 2;
  } catch (error) {
    process.stderr.write(`migrate-brand: ${(error as Error).message}\n`);
    return error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : error instanceof RetriableError ? 3 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
