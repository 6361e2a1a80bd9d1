import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig, type Config } from '../../../pipeline/config.ts';
import { ConfigError } from '../../../pipeline/errors.ts';
import { runImport } from '../../../pipeline/import.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { confirmMap } from '../../../pipeline/mapping/confirm-map.ts';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import { runMigrate } from '../../../pipeline/migrate.ts';
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';
import { withRun } from '../../../pipeline/workspace/with-run.ts';
import { importRedacted, main, redactText } from '../../../scripts/examples/import-redacted.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { Dataset } from '../../../simulators/dataset/types.ts';
import { startSimulators, type Simulators } from '../../../simulators/start-simulators.ts';
import { captureStderr } from '../../support/capture-stderr.ts';
import { checkMigration } from '../../support/check-migration.ts';

type Obj = Record<string, any>;

const VISA = '4111 1111 1111 1111';
const MASTERCARD = '5500-0000-0000-0004';
const AMEX = '3782 822463 10005';
const NOT_A_CARD = '1234 5678 9012 3456';
const EMAIL = 'jane.doe@example.com';

/** Every body of a conversation in the Intercom simulator: the opening message and every part. */
function bodies(conversation: Obj): string[] {
  return [conversation.source?.body, ...(conversation.conversation_parts?.conversation_parts ?? []).map((p: Obj) => p.body)].filter((b): b is string => typeof b === 'string');
}

/** The dataset as the redaction leaves it: what Intercom must hold. */
function redacted(dataset: Dataset): Dataset {
  const copy = structuredClone(dataset);
  for (const kase of copy.khoros.cases) for (const i of kase.interactions) i.body = redactText(i.body);
  for (const conversation of copy.khoros.conversations ?? []) {
    for (const m of conversation.messages) {
      if (typeof m.text === 'string') m.text = redactText(m.text);
      if (typeof m.postContent === 'string') m.postContent = redactText(m.postContent);
    }
    for (const n of conversation.notes ?? []) n.note = redactText(n.note);
  }
  return copy;
}

describe('example: import-redacted (tiny dataset, both simulators)', function () {
  this.timeout(180_000);
  let sims: Simulators;
  let config: Config;
  let dir: string;
  let dataset: Dataset;
  let planted: { caseId: string; careId: string };
  const paths = () => ({ workspacePath: join(dir, 'workspace.duckdb'), mappingPath: join(dir, 'mapping.yaml') });

  async function state(): Promise<Record<string, Obj[]>> {
    return (await (await fetch(`${sims.intercom.inspectUrl}/state`)).json()) as Record<string, Obj[]>;
  }

  before(async () => {
    dataset = generateDataset({ seed: 7, scale: 'tiny' });
    // Without the case of over 500 interactions: its ~500 writes would more than double the spec's time, and
    // transcript folding is migrate.spec's to check (the redaction treats a transcript part as any other part).
    dataset.khoros.cases = dataset.khoros.cases.filter((c) => c.interactions.length <= 500);
    // Card numbers and an email planted in a case (both sides) and in a Care conversation.
    const kase = dataset.khoros.cases.find((c) => c.interactions.length >= 2 && c.interactions.length < 20
      && c.interactions.some((i) => i.direction === 'inbound') && c.interactions.some((i) => i.direction === 'outbound'))!;
    // At the start of the body: the dataset check compares an item's first 24 characters.
    const inbound = kase.interactions.find((i) => i.direction === 'inbound')!;
    inbound.body = `My card is ${VISA}, write to ${EMAIL}. Order ${NOT_A_CARD}. ${inbound.body}`;
    kase.interactions.find((i) => i.direction === 'outbound')!.body += ` Card on file: ${MASTERCARD}.`;
    const care = dataset.khoros.conversations!.find((c) => c.messages.some((m) => m.network !== 'twitter' && typeof m.text === 'string' && !m.author.brandOwned))!;
    const message = care.messages.find((m) => m.network !== 'twitter' && typeof m.text === 'string' && !m.author.brandOwned)!;
    message.text += ` amex ${AMEX} and ${EMAIL}`;
    planted = { caseId: kase.id, careId: care.lswUuid };

    sims = await startSimulators({ dataset, khoros: { quotaScale: 1000, analyticsJobMs: 10 }, intercom: { ratePerMinute: 1_000_000 } });
    config = parseConfig(sims.config, {});
    dir = await mkdtemp(join(tmpdir(), 'k2i-redact-'));
    // What the example expects: an exported workspace (migrate stops at the confirmation step) and a confirmed map.
    const stopped = await runMigrate({
      config, ...paths(), autoConfirm: false,
      exportOptions: { downloads: false, clients: { quotaScale: 1000 }, sources: { since: '2023-01-01T00:00:00Z', report: { firstPollMs: 15 } } },
    });
    expect(stopped.status).to.equal('awaiting-confirmation');
  });
  after(async () => {
    await sims?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('redacts what looks like a card number (Luhn) or an email, and leaves other numbers', () => {
    const counts = { cards: 0, emails: 0 };
    expect(redactText(`a ${VISA} b ${MASTERCARD} c ${AMEX} d ${NOT_A_CARD} e ${EMAIL} f +1 555-123-4567`, counts))
      .to.equal(`a [card redacted] b [card redacted] c [card redacted] d ${NOT_A_CARD} e [email redacted] f +1 555-123-4567`);
    expect(counts).to.deep.equal({ cards: 3, emails: 1 });
    expect(redactText('<p>id 41111111111111112222 and <a href="mailto:x@y.example">x@y.example</a></p>'))
      .to.equal('<p>id 41111111111111112222 and <a href="mailto:[email redacted]">[email redacted]</a></p>');
  });

  it('refuses a map that is not confirmed (exit code 2), writing nothing', async () => {
    const configPath = join(dir, 'sim.config.json');
    await writeFile(configPath, JSON.stringify(sims.config));
    const { value: code, stderr } = await captureStderr(() => main(['--config', configPath, '--workspace', paths().workspacePath, '--mapping', paths().mappingPath]));
    expect(code).to.equal(2);
    expect(stderr).to.match(/import-redacted: .*no field map is confirmed/);
    expect((await state()).conversations.filter((c) => c.custom_attributes?.khoros_case_id)).to.deep.equal([]);
  });

  it('imports every record with the planted card numbers and emails redacted, and nothing else changed or lost', async () => {
    const { workspacePath, mappingPath } = paths();
    await withRun(workspacePath, 'map-confirm', {}, async (workspace) =>
      confirmMap({ workspace, mappingPath, intercom: await readIntercomCatalog(config.intercom), by: 'spec' }));
    const result = await importRedacted({ config, workspacePath, mappingPath });
    expect(result.import.inFlight).to.equal(0);
    expect(result.redactions.cards).to.be.at.least(3);
    expect(result.redactions.emails).to.be.at.least(2);

    const after = await state();
    const all = after.conversations.flatMap(bodies).join('\n');
    for (const secret of [VISA, MASTERCARD, AMEX, EMAIL]) expect(all, secret).to.not.include(secret);
    const byCase = after.conversations.find((c) => c.custom_attributes?.khoros_case_id === planted.caseId)!;
    const caseText = bodies(byCase).join('\n');
    expect(caseText.match(/\[card redacted\]/g)).to.have.length(2);
    expect(caseText).to.include('[email redacted]').and.include(NOT_A_CARD);
    const byCare = after.conversations.filter((c) => bodies(c).some((b) => b.includes(`amex [card redacted] and [email redacted]`)));
    expect(byCare, `Care conversation ${planted.careId}`).to.have.length(1);

    // Everything else is as a migration without the transform leaves it: checked against the dataset with the same redaction.
    const mapping = parse(await readFile(mappingPath, 'utf8')) as Mapping;
    const workspace = await openWorkspace(workspacePath, { stage: 'spec' });
    try {
      const check = await checkMigration({ dataset: redacted(dataset), workspace, mapping, state: after });
      expect(check.problems).to.deep.equal([]);
      expect(check.checked.conversations).to.equal(result.import.conversations.created);
      // The check sees bodies: against the dataset as it was, the planted records differ.
      const unredacted = (await checkMigration({ dataset, workspace, mapping, state: after })).problems;
      expect(unredacted.some((p) => p.startsWith(`case ${planted.caseId}:`))).to.equal(true);
    } finally {
      await workspace.close();
    }
  });

  it('records its transforms on the import run, so an import without them (the CLI\'s, a delta\'s) is refused instead of sending unredacted bodies', async () => {
    const { workspacePath, mappingPath } = paths();
    const writes = () => sims.intercom.requests.toNdjson().split('\n').filter((l) => /"method":"(POST|PUT|DELETE)"/.test(l)).length;
    const [writesBefore, before] = [writes(), await state()];
    const check = await openWorkspace(workspacePath, { stage: 'spec' });
    try {
      const runs = await check.query<{ t: string }>(`SELECT json_extract_string(args, '$.transforms') AS t FROM runs WHERE stage = 'import' AND status = 'succeeded'`);
      expect(runs.map((r) => r.t)).to.deep.equal(['redact-bodies']);
    } finally {
      await check.close();
    }
    let refused: unknown;
    await withRun(workspacePath, 'import', { mapping: mappingPath }, (workspace) => runImport({ workspace, config, mappingPath })).catch((error) => { refused = error; });
    expect(refused).to.be.instanceOf(ConfigError);
    expect((refused as Error).message).to.include('through the pipeline author\'s transforms redact-bodies');
    expect(writes()).to.equal(writesBefore);
    expect(await state()).to.deep.equal(before);
  });
});
