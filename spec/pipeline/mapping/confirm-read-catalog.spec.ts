import { expect } from 'chai';
import { FatalError } from '../../../pipeline/errors.ts';
import { readIntercomCatalog } from '../../../pipeline/mapping/confirm-read-catalog.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';

describe('readIntercomCatalog', () => {
  let sim: IntercomSimulator;

  before(async () => {
    sim = await startIntercomSimulator({ workspace: generateDataset({ seed: 7, scale: 'tiny' }).intercom });
  });
  after(() => sim?.close());

  it('reads contact and company attributes (archived too), conversation attributes, admins and brands with Intercom-Version 2.16', async () => {
    const catalog = await readIntercomCatalog({ url: sim.url, token: sim.token });
    const custom = catalog.dataAttributes.filter((a) => a.custom !== false);
    expect(custom.map((a) => `${a.model}.${a.name}${a.archived ? ' (archived)' : ''}`)).to.deep.equal([
      'contact.account_tier', 'contact.loyalty_id', 'contact.nps_score', 'contact.signup_source', 'contact.legacy_vip (archived)', 'company.contract_tier',
    ]);
    expect(catalog.dataAttributes.some((a) => a.custom === false && a.model === 'contact' && a.name === 'email')).to.equal(true);
    expect(catalog.conversationAttributes.map((a) => `${a.name}: ${a.data_type}`)).to.deep.equal(['Product line: list', 'Order number: string']);
    expect(catalog.admins.map((a) => a.id)).to.include('7200000');
    expect(catalog.brands.map((b) => b.id)).to.deep.equal(['9000001', '9000002', '9000003']);
    const requests = sim.requests.entries;
    expect(requests.map((r) => `${r.method} ${r.path} ${r.version} ${r.status}`).sort()).to.deep.equal([
      'GET /admins 2.16 200', 'GET /brands 2.16 200', 'GET /conversations/attributes 2.16 200', 'GET /data_attributes 2.16 200', 'GET /data_attributes 2.16 200',
    ]);
  });

  it('refuses with a fatal error naming the request and the token when Intercom refuses the token', async () => {
    const error = await readIntercomCatalog({ url: sim.url, token: 'wrong' }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(FatalError);
    expect((error as Error).message).to.match(/^intercom: GET \/[a-z_/?=&]+ was refused with 401: unauthorized Access Token Invalid\. Check intercom\.token in the config\.$/);
    expect((error as Error).message).not.to.include('wrong');
  });
});
