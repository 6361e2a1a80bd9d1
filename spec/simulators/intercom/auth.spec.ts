import { expect } from 'chai';
import { startIntercomSimulator, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { callApi } from './call-api.ts';
import { smallWorkspace } from './small-workspace.ts';

describe('Intercom simulator: auth and API version', () => {
  let sim: IntercomSimulator;
  before(async () => {
    sim = await startIntercomSimulator({ workspace: smallWorkspace(), token: 'secret-token' });
  });
  after(() => sim.close());

  it('answers 401 "Access Token Invalid" without a token, and no rate-limit headers', async () => {
    const response = await fetch(`${sim.url}/contacts`);
    expect(response.status).to.equal(401);
    expect(await response.json()).to.deep.include({ type: 'error.list', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] });
    expect(response.headers.get('x-ratelimit-limit')).to.equal(null);
    expect(response.headers.get('x-ratelimit-remaining')).to.equal(null);
  });

  it('answers 401 for a wrong token, with a request_id', async () => {
    const { status, headers, body } = await callApi({ url: sim.url, token: 'wrong' }, 'GET', '/me');
    expect(status).to.equal(401);
    expect(body.request_id).to.match(/^[0-9a-f-]{36}$/);
    expect(headers.get('x-ratelimit-reset')).to.equal(null);
  });

  it('accepts every documented Intercom-Version and defaults to 2.16', async () => {
    for (const version of ['1.0', '2.11', '2.14', '2.16', 'Unstable']) {
      expect((await callApi(sim, 'GET', '/me', undefined, { 'Intercom-Version': version })).status, version).to.equal(200);
    }
    await fetch(`${sim.url}/me`, { headers: { Authorization: 'Bearer secret-token' } });
    expect(sim.requests.entries.at(-1)).to.include({ path: '/me', version: '2.16', status: 200 });
  });

  it('answers 400 intercom_version_invalid for an unknown version', async () => {
    const { status, body, headers } = await callApi(sim, 'GET', '/me', undefined, { 'Intercom-Version': '3.7' });
    expect(status).to.equal(400);
    expect(body.errors[0].code).to.equal('intercom_version_invalid');
    expect(headers.get('x-ratelimit-limit')).to.equal('1667');
  });

  it('answers 400 parameter_invalid for a body that is not JSON', async () => {
    const { status, body } = await callApi(sim, 'POST', '/contacts', '{"email": ', { 'Content-Type': 'application/json' });
    expect(status).to.equal(400);
    expect(body.errors[0].code).to.equal('parameter_invalid');
  });

  it('answers 404 not_found for unknown paths and methods', async () => {
    for (const [method, path] of [['GET', '/nothing/here'], ['PATCH', '/contacts']]) {
      const { status, body } = await callApi(sim, method, path);
      expect(status).to.equal(404);
      expect(body.errors[0]).to.deep.equal({ code: 'not_found', message: 'Resource Not Found' });
    }
  });
});
