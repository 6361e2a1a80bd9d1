import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import schema from '../../../schemas/dataset.schema.json' with { type: 'json' };
import { DatasetValidationError } from '../../../simulators/dataset/dataset-validation-error.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { readDataset } from '../../../simulators/dataset/read-dataset.ts';
import { validateDataset } from '../../../simulators/dataset/validate-dataset.ts';
import { writeDataset } from '../../../simulators/dataset/write-dataset.ts';

const MINIMAL = { khoros: { customers: [{ id: 'c1', email: null }], cases: [{ id: '00000001', interactions: [] }] }, intercom: {} };

function problemsOf(value: unknown): { pointer: string; message: string }[] {
  try {
    validateDataset(value);
  } catch (error) {
    expect(error).to.be.instanceOf(DatasetValidationError);
    return [...(error as DatasetValidationError).problems];
  }
  throw new Error('expected the dataset to be invalid');
}

describe('readDataset and validateDataset', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k2i-read-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a written dataset back, valid and equal to the generated one', async () => {
    const file = join(dir, 'small.json');
    await writeDataset({ seed: 2, scale: 'small' }, file);
    expect(await readDataset(file)).to.deep.equal(generateDataset({ seed: 2, scale: 'small' }));
  });

  it('finds generated datasets valid for several seeds, with an explicit scale too', () => {
    for (const seed of [1, 7, 123456789]) validateDataset(JSON.parse(JSON.stringify(generateDataset({ seed, scale: 'tiny' }))));
    validateDataset(JSON.parse(JSON.stringify(generateDataset({ seed: 1, scale: 'customers=40,cases=60,interactions=900,articles=10' }))));
  });

  it('accepts a minimal hand-written dataset and fills version and meta', async () => {
    const file = join(dir, 'minimal.json');
    await writeFile(file, JSON.stringify(MINIMAL));
    const dataset = await readDataset(file);
    expect(dataset.version).to.equal(1);
    expect(dataset.meta).to.deep.equal({});
    expect(dataset.khoros).to.deep.equal(MINIMAL.khoros);
  });

  it('accepts custom fields of any type as extra properties of customers and cases', () => {
    validateDataset({ khoros: { customers: [{ id: 'c1', email: 'a@b.example', tier: 'gold', score: 3, vip: true }], cases: [{ id: 'x', interactions: [], followUp: '31/02/2025', refund: { odd: 1 } }] }, intercom: {} });
  });

  it('rejects a case without interactions, naming the JSON pointer', async () => {
    const broken = { khoros: { customers: [{ id: 'c1', email: null }], cases: [{ id: '00000001' }] }, intercom: {} };
    expect(problemsOf(broken)).to.deep.equal([{ pointer: '/khoros/cases/0/interactions', message: "must have required property 'interactions'" }]);
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    let error = undefined as Error | undefined;
    await readDataset(file).catch((e: Error) => (error = e));
    expect(error?.message).to.include(file).and.include("/khoros/cases/0/interactions: must have required property 'interactions'");
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      khoros: {
        customers: [{ id: 'c1' }, { id: 2, email: 'x@y.example' }],
        cases: [{ id: 'a', priority: 9, status: 'archived', interactions: [{ id: 'i1', created: 'yesterday' }] }],
      },
    });
    const pointers = problems.map((p) => p.pointer);
    expect(pointers).to.include.members([
      '/intercom',
      '/khoros/customers/0/email',
      '/khoros/customers/1/id',
      '/khoros/cases/0/priority',
      '/khoros/cases/0/status',
      '/khoros/cases/0/interactions/0/body',
      '/khoros/cases/0/interactions/0/created',
    ]);
    for (const p of problems) expect(p.message).to.be.a('string').and.not.empty;
  });

  it('rejects a file that is not JSON or cannot be read, naming the path', async () => {
    const file = join(dir, 'garbage.json');
    await writeFile(file, '{"khoros":');
    const garbage = await readDataset(file).then(() => undefined, (e: Error) => e);
    expect(garbage?.message).to.match(/^--dataset .*garbage\.json: not valid JSON/);
    const missing = await readDataset(join(dir, 'missing.json')).then(() => undefined, (e: Error) => e);
    expect(missing?.message).to.match(/missing\.json: cannot read the file \(ENOENT\)/);
  });

  it('describes the main properties, for the README', () => {
    const s = schema as any;
    expect(s.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(s.required).to.deep.equal(['khoros', 'intercom']);
    for (const key of ['version', 'meta']) expect(s.properties[key].description, key).to.be.a('string');
    for (const [key, property] of Object.entries<any>(s.definitions.khoros.properties)) expect(property.description ?? s.definitions[property.$ref?.split('/').pop()]?.description, `khoros.${key}`).to.be.a('string');
    for (const key of ['customer', 'case', 'interaction', 'author', 'conversation', 'kbArticle', 'intercom']) expect(s.definitions[key].description, key).to.be.a('string');
  });
});
