import { expect } from 'chai';
import { classifyError, classifyStatus } from '../../../pipeline/khoros/classify-outcome.ts';

const err = (code: string, extra: object = {}) => Object.assign(new Error(code), { code, ...extra });

describe('classifyStatus and classifyError', () => {
  it('sorts statuses into the table\'s classes', () => {
    const rows: [number, string][] = [[200, 'ok'], [204, 'ok'], [302, 'client-error'], [400, 'client-error'], [401, 'unauthorized'],
      [403, 'unauthorized'], [404, 'client-error'], [429, 'rate-limited'], [500, 'server-error'], [503, 'server-error']];
    for (const [status, outcome] of rows) expect(classifyStatus(status), String(status)).to.equal(outcome);
  });

  it('tells a refused connection from a reset and a timeout after sending', () => {
    expect(classifyError(err('ECONNREFUSED'))).to.equal('connect-failed');
    expect(classifyError(err('ENOTFOUND'))).to.equal('connect-failed');
    expect(classifyError(err('ETIMEDOUT', { event: 'connect' }))).to.equal('connect-failed');
    expect(classifyError(err('ETIMEDOUT', { event: 'request' }))).to.equal('network');
    expect(classifyError(err('ECONNRESET'))).to.equal('network');
    expect(classifyError(new Error('socket hang up'))).to.equal('network');
  });

  it('calls a 2xx body cut short malformed, and keeps other statuses\' class', () => {
    expect(classifyError(err('ECONNRESET', { response: { statusCode: 200 } }))).to.equal('malformed');
    expect(classifyError(err('ECONNRESET', { response: { statusCode: 502 } }))).to.equal('server-error');
  });
});
