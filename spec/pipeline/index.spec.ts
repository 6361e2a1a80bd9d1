import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, map, mergeMap, of, toArray } from 'rxjs';
import * as library from '../../pipeline/index.ts';
import {
  ConfigError, MigrationError, checkRequests, htmlToMarkdown, importCustomizer, keyOf, loadIntercomSchemas, loadKhorosSchemas, parseConfig,
  stagedChunks, toWorkspacePage, validateRecords, withRun, type SourcePage,
} from '../../pipeline/index.ts';

/** What the module comment of pipeline/index.ts promises, group by group. */
const PROMISED: Record<string, string[]> = {
  configuration: ['loadConfig', 'parseConfig'],
  sources: ['createKhorosClients', 'keyOf', 'customersSource', 'customFieldsSource', 'agentsSource', 'authorsSource', 'casesSource',
    'conversationsSource', 'initiativesSource', 'campaignsSource', 'brandsSource', 'tagsSource', 'teamsSource', 'workQueuesSource',
    'automationRulesSource', 'slasSource', 'kbCategoriesSource', 'kbBoardsSource', 'kbArticlesSource', 'kbImagesSource', 'loadKhorosSchemas'],
  operators: ['validateRecords', 'normalizeCaseIds', 'toIntercomRequests', 'parseCaseId', 'findRecordHazard'],
  transforms: ['transformContact', 'transformCase', 'transformConversation', 'transformArticle', 'plannedRequests', 'checkRequests',
    'loadIntercomSchemas', 'htmlToText', 'htmlToMarkdown', 'sanitizeIntercomHtml', 'khorosUrl'],
  workspace: ['openWorkspace', 'withRun', 'stagedChunks', 'ledgered', 'inFlight', 'lastWrite'],
  sinks: ['stageFamily', 'toWorkspacePage', 'createIntercomClient', 'paginateCursor', 'importCustomizer'],
  stages: ['runDiscover', 'runExport', 'runMapPropose', 'readProposalCatalog', 'readIntercomCatalog', 'confirmMap', 'requireConfirmedVersion',
    'runPlan', 'runProvision', 'runImport', 'runRetryFailed', 'runVerify', 'runDelta', 'runCutover', 'runRollback', 'runMigrate'],
  errors: ['MigrationError', 'ConfigError', 'RetriableError', 'FatalError', 'MappingError', 'IntercomRequestError', 'IntercomRateLimitError'],
};

describe('pipeline/index.ts (the library entry)', () => {
  it('exports every function its doc promises, group by group', () => {
    const exported = library as unknown as Record<string, unknown>;
    const missing = Object.entries(PROMISED).flatMap(([group, names]) => names.filter((n) => typeof exported[n] !== 'function').map((n) => `${group}: ${n}`));
    expect(missing).to.deep.equal([]);
    expect(library.exportOrder.map((e) => e.family)).to.include.members(['customers', 'cases', 'conversations', 'kb_articles']);
  });

  it('composes a source page through its operators into a workspace page, as a pipeline author would', async () => {
    const page: SourcePage = {
      family: 'customers', stream: 'customers', endpoint: 'GET /crm/customers', checkpoint: { done: true },
      records: [{ id: 'C1', email: 'a@b.example' }, { id: 42 }],
    };
    const [staged] = await lastValueFrom(of(page).pipe(validateRecords(loadKhorosSchemas(), keyOf), map(toWorkspacePage), toArray()));
    expect(staged.rows.map((r) => r.key)).to.deep.equal(['C1']);
    expect(staged.quarantined).to.have.length(1);
    expect(staged.quarantined[0].reason).to.match(/\/id must be string/);
  });

  it('runs a stage as a run of the workspace (withRun) and reads staged records back in chunks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2i-library-'));
    try {
      const path = join(dir, 'w.duckdb');
      await withRun(path, 'my-stage', { via: 'spec' }, (workspace) => workspace.writePage({
        family: 'customers', stream: 'customers', endpoint: 'GET /crm/customers', quarantined: [], checkpoint: { done: true },
        rows: [{ key: 'C2', payload: { id: 'C2' } }, { key: 'C1', payload: { id: 'C1' } }],
      }));
      const failed = await withRun(path, 'failing', {}, async () => { throw new RangeError('boom'); }).catch((error: unknown) => error);
      expect(failed).to.be.instanceOf(RangeError).with.property('message', 'boom');
      const { runs, keys } = await withRun(path, 'report', {}, async (workspace) => {
        const keys = await lastValueFrom(from(stagedChunks<{ id: string }>(workspace, 'customers', 1)).pipe(mergeMap((chunk) => chunk.map((r) => r.key)), toArray()));
        return { keys, runs: await workspace.query<{ stage: string; status: string }>(`SELECT stage, status FROM runs ORDER BY started_at, run_id`) };
      });
      expect(keys).to.deep.equal(['C1', 'C2']);
      expect(runs.map((r) => `${r.stage}:${r.status}`)).to.deep.equal(['my-stage:succeeded', 'failing:failed', 'report:running']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('hands out the body helpers, the request check and the import seam', () => {
    expect(htmlToMarkdown('<p>See <strong>Settings</strong></p>')).to.equal('See **Settings**');
    const customize = importCustomizer({ contact: (result) => ({ ...result, create: { ...result.create!, name: '' } }) });
    expect(typeof customize.conversation).to.equal('function');
    expect(checkRequests({ kind: 'contact', create: { role: 'user', external_id: 'C1' }, update: { external_id: 'C1' } } as never, loadIntercomSchemas())).to.deep.equal([]);
    expect(() => parseConfig({}, {})).to.throw(ConfigError).that.is.instanceOf(MigrationError);
  });
});
