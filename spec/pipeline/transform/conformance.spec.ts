/**
 * Conformance: every payload the transforms produce from a generated tiny dataset (staged-like
 * records built directly from `generateDataset`, and the fixture map) validates against the
 * official Intercom 2.16 description's request schema of its operation, read from ../shared
 * at run time as `simulators/intercom/openapi-description.ts` loads it. Skips, saying why,
 * when the description is absent.
 *
 * One documented deviation is allowed: conversation attribute values that are booleans or
 * decimals, which the description's `custom_attributes` schema omits although its own
 * example sends `true` and `155.5` (the simulator's REQUEST_PATCHES, "custom_attributes").
 * Such a payload must then pass the patched schema, and its strict errors must all be
 * under `/custom_attributes/`.
 */
import { expect } from 'chai';
import { Ajv, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';
import type { Mapping } from '../../../pipeline/mapping/mapping.ts';
import type { IntercomSchemaName } from '../../../pipeline/transform/payload-types.ts';
import { conversationTags } from '../../../pipeline/transform/conversation-tags.ts';
import { plannedRequests, type PlannedRequest, type TransformResult } from '../../../pipeline/transform/planned-requests.ts';
import { transformArticle } from '../../../pipeline/transform/transform-article.ts';
import { caseDraft, transformCase } from '../../../pipeline/transform/transform-case.ts';
import { transformContact } from '../../../pipeline/transform/transform-contact.ts';
import { transformConversation } from '../../../pipeline/transform/transform-conversation.ts';
import type { StagedKbArticle } from '../../../pipeline/transform/staged-article.ts';
import { INTERCOM_SCHEMA_OPERATIONS, loadIntercomSchemas } from '../../../schemas/intercom/load-intercom-schemas.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import type { Dataset, KbArticle } from '../../../simulators/dataset/types.ts';
import { DEFAULT_DESCRIPTION_PATH, loadIntercomDescription, type IntercomDescription } from '../../../simulators/intercom/openapi-description.ts';
import { datasetLookups } from './dataset-lookups.ts';
import { fixtureMapping } from './fixture-mapping.ts';

const addFormats: (ajv: Ajv) => void = ((formatsModule as any).default?.default ?? (formatsModule as any).default) as any;

/** The operation's request schema, as documented (`strict`) or with the simulator's patches (`lenient`). */
function officialValidators(description: IntercomDescription): (operationId: string, lenient: boolean) => ValidateFunction {
  const engines = new Map<boolean, Ajv>();
  const compiled = new Map<string, ValidateFunction>();
  return (operationId, lenient) => {
    const key = `${operationId}|${lenient}`;
    const found = compiled.get(key);
    if (found) return found;
    let ajv = engines.get(lenient);
    if (!ajv) {
      // As simulators/intercom/openapi-validator.ts: `uuid` covers 24-hex contact ids, `uri` relative URLs.
      ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
      addFormats(ajv);
      ajv.addFormat('uuid', true);
      ajv.addFormat('uri', ajv.formats['uri-reference'] as never);
      ajv.addFormat('timestamp', true);
      ajv.addSchema(lenient ? description.requestComponents : description.strictComponents);
      engines.set(lenient, ajv);
    }
    const op = description.operations.get(operationId);
    const schema = lenient ? op?.lenientRequestSchema : op?.requestSchema;
    if (!schema) throw new Error(`the description has no request schema for ${operationId}`);
    const validate = ajv.compile(schema);
    compiled.set(key, validate);
    return validate;
  };
}

/** The served shape of a TKB article (`simulators/khoros/families/community/items.ts`), built from the dataset record. */
function stagedArticle(a: KbArticle, dataset: Dataset): StagedKbArticle {
  const host = `https://${dataset.khoros.instance?.communityHost ?? 'community.example.com'}`;
  return {
    type: 'message', id: a.id, href: `/messages/${a.id}`, view_href: `${host}/t5/${a.boardId}/x/ta-p/${a.id}`,
    subject: a.subject, body: a.body, teaser: a.teaser ?? '', board: { id: a.boardId }, visibility: a.visibility, language: a.language,
    post_time: a.post_time, ...(a.author ? { author: a.author } : {}), current_revision: { last_edit_time: a.last_edit_time ?? a.post_time },
  };
}

/** Every result of the dataset under one map (and article lookups for a first or second pass). */
function transformAll(dataset: Dataset, mapping: Mapping, migratedArticles: 'none' | 'all'): { results: TransformResult[]; tags: string[] } {
  const lookups = datasetLookups(dataset, { migratedArticles });
  const context = { mapping, lookups, now: Math.floor(Date.now() / 1000) };
  const k = dataset.khoros;
  const results: TransformResult[] = [
    ...k.customers.map((c) => transformContact(c, context)),
    ...k.cases.map((c) => transformCase(c, context)),
    ...(k.conversations ?? []).map((c) => transformConversation(c, context)),
    ...(k.kb?.articles ?? []).map((a) => transformArticle(stagedArticle(a, dataset), context)),
  ];
  return { results, tags: k.cases.flatMap((c) => conversationTags(caseDraft(c, context))) };
}

describe('conformance of the transforms\' payloads to the official 2.16 description', function () {
  this.timeout(120_000);
  let description: IntercomDescription | null = null;
  let official: ReturnType<typeof officialValidators>;
  const dataset = generateDataset({ seed: 1, scale: 'tiny' });

  before(function () {
    description = loadIntercomDescription(DEFAULT_DESCRIPTION_PATH);
    if (!description) {
      console.log(`    (skipped: the Intercom 2.16 description is not at ${DEFAULT_DESCRIPTION_PATH})`);
      this.skip();
    }
    official = officialValidators(description!);
  });

  const runs: [string, Mapping, 'none' | 'all'][] = [
    ['noEmail lead, first article pass', fixtureMapping({ noEmail: 'lead' }), 'none'],
    ['noEmail placeholder, second article pass', fixtureMapping({ noEmail: 'placeholder', placeholderEmail: 'khoros-{id}@invalid.example' }), 'all'],
    ['noEmail skip, draft articles', { ...fixtureMapping({ noEmail: 'skip' }), objects: { ...fixtureMapping().objects, kb_articles: { ...fixtureMapping().objects.kb_articles, state: 'draft' } } }, 'none'],
  ];

  for (const [label, mapping, pass] of runs) {
    it(`validates every payload (${label})`, () => {
      const ours = loadIntercomSchemas();
      const { results, tags } = transformAll(dataset, mapping, pass);
      const requests: (PlannedRequest & { source: string })[] = [
        ...results.flatMap((r) => plannedRequests(r).map((req) => ({ ...req, source: `${r.source.family}/${r.source.id}` }))),
        ...[...new Set(tags)].map((name) => ({ schema: 'create-tag' as const, path: 'tag', payload: { name }, source: 'tags' })),
      ];
      const failures: string[] = [];
      const patched = new Set<string>();
      for (const request of requests) {
        const validateOurs = ours(request.schema);
        if (!validateOurs(request.payload)) failures.push(`${request.source} ${request.path} (our ${request.schema}): ${JSON.stringify(validateOurs.errors)}`);
        const operationId = INTERCOM_SCHEMA_OPERATIONS[request.schema];
        const strict = official(operationId, false);
        if (strict(request.payload)) continue;
        const onlyAttributes = (strict.errors ?? []).every((e) => e.instancePath.startsWith('/custom_attributes/'));
        if (request.schema === 'update-conversation' && onlyAttributes && official(operationId, true)(request.payload)) {
          patched.add(request.source);
          continue;
        }
        failures.push(`${request.source} ${request.path} (${operationId}): ${JSON.stringify(strict.errors).slice(0, 800)}`);
      }
      expect(failures, failures.slice(0, 5).join('\n')).to.deep.equal([]);
      const schemas = new Set(requests.map((r) => r.schema));
      const expected: IntercomSchemaName[] = ['create-contact', 'update-contact', 'create-conversation', 'reply-conversation', 'manage-conversation', 'update-conversation', 'tag-conversation', 'create-tag', 'create-article', 'create-internal-article'];
      expect([...schemas].sort()).to.deep.equal([...expected].sort());
      expect(requests.length).to.be.greaterThan(500);
      // The deviation is the decimal refund amount and the boolean escalation flag, nothing else.
      expect(patched.size).to.be.at.most(dataset.khoros.cases.length);
    });
  }

  it('covers the planted edge cases that shape payloads', () => {
    const { results } = transformAll(dataset, fixtureMapping(), 'none');
    const edge = dataset.meta.edgeCases ?? {};
    const find = (id: string) => results.find((r) => r.source.id === id)!;
    for (const id of edge['case-without-interactions'] ?? []) expect(find(id).findings.map((f) => f.rule), id).to.include('conversation-without-opening-message');
    for (const id of edge['case-with-over-500-interactions'] ?? []) {
      const result = find(id);
      expect(result.kind === 'conversation' && result.parts.length, id).to.be.at.most(500);
      expect(result.findings.map((f) => f.rule), id).to.include('parts-over-500');
    }
    for (const id of edge['custom-field-malformed-date'] ?? []) expect(find(id).quarantined.map((q) => q.field), id).to.include('followUpDate');
    for (const id of edge['custom-field-option-not-in-list'] ?? []) expect(find(id).quarantined.map((q) => q.field), id).to.include('productLine');
    for (const id of edge['custom-field-text-in-number-field'] ?? []) expect(find(id).quarantined.map((q) => q.field), id).to.include('loyaltyNumber');
    for (const id of edge['customer-without-email'] ?? []) expect(find(id).queue, id).to.deep.include({ rule: 'customer-without-email' });
    for (const id of edge['script-in-article-body'] ?? []) {
      const result = find(id);
      expect(result.kind === 'article' && result.article?.body, id).to.not.match(/<script|onerror|onload|onclick/);
    }
  });
});
