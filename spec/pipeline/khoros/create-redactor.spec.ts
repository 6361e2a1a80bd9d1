import { expect } from 'chai';
import { createRedactor, secretForms } from '../../../pipeline/khoros/create-redactor.ts';

const SECRET = `0123456789abcdef"\\/+=&%~!:'tail`;

describe('createRedactor', () => {
  it('masks a secret in each form a request or an echoing error body gives it', () => {
    const redact = createRedactor([SECRET]);
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      new URLSearchParams({ p: SECRET }).toString().slice(2),
      JSON.stringify(SECRET).slice(1, -1),
      JSON.stringify(SECRET).slice(1, -1).replaceAll('/', '\\/'),
      Buffer.from(SECRET).toString('base64'),
      Buffer.from(SECRET).toString('base64url'),
    ];
    expect(secretForms(SECRET)).to.have.members(forms);
    for (const form of forms) expect(redact.text(`before ${form} after`), form).to.equal('before *** after');
  });

  it('masks a text that ends inside a secret (a body read up to a byte limit), not a mere shared letter', () => {
    const redact = createRedactor([SECRET]);
    expect(redact.text(`password=${SECRET.slice(0, 20)}`)).to.equal('password=***');
    expect(redact.text(`password=${encodeURIComponent(SECRET).slice(0, 22)}`)).to.equal('password=***');
    expect(redact.text('ends in 012')).to.equal('ends in 012');
  });

  it('cuts an excerpt after masking, so the cut never leaves the start of a secret', () => {
    const redact = createRedactor([SECRET]);
    const text = `${'x'.repeat(290)}user.password=${new URLSearchParams({ p: SECRET }).toString().slice(2)}`;
    expect(redact.excerpt(text, 300)).to.equal(`${'x'.repeat(290)}user.passw`);
    expect(redact.excerpt(text, 310)).to.equal(`${'x'.repeat(290)}user.password=***`);
  });

  it('masks what it learns later, and URLs lose user info and secret parameters', () => {
    const redact = createRedactor([]);
    redact.add('session-key-0123456789');
    expect(redact.text('li-api-session-key: session-key-0123456789')).to.equal('li-api-session-key: ***');
    expect(redact.url(`https://u:${encodeURIComponent(SECRET)}@h/x?companyKey=abc&offset=1`)).to.equal('https://h/x?companyKey=***&offset=1');
  });
});
