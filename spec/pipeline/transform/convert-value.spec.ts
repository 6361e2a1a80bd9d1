import { expect } from 'chai';
import { convertValue, isEmpty } from '../../../pipeline/transform/convert-value.ts';
import { isEmail } from '../../../pipeline/transform/is-email.ts';

describe('convertValue (the map\'s conversion, never throwing)', () => {
  it('refuses "N/A" for an integer, with the value in the reason', () => {
    expect(convertValue('N/A', { type: 'integer' })).to.deep.equal({ ok: false, reason: '"N/A" is not an integer' });
    expect(convertValue('42', { type: 'integer' })).to.deep.equal({ ok: true, value: 42 });
    expect(convertValue(4.5, { type: 'integer' }).ok).to.equal(false);
    expect(convertValue('9007199254740993', { type: 'integer' }).ok).to.equal(false);
  });

  it('turns dates into Unix seconds and refuses days that are not on the calendar (31/02/2025)', () => {
    expect(convertValue('2025-02-28', { type: 'date' })).to.deep.equal({ ok: true, value: 1740700800 });
    expect(convertValue('2024-10-14T06:20:45.447+09:00', { type: 'date' })).to.deep.equal({ ok: true, value: 1728854445 });
    expect(convertValue(1674993305277, { type: 'date', formats: ['epoch-ms'] })).to.deep.equal({ ok: true, value: 1674993305 });
    expect(convertValue('28/02/2025', { type: 'date', formats: ['DD/MM/YYYY'] })).to.deep.equal({ ok: true, value: 1740700800 });
    expect(convertValue('31/02/2025', { type: 'date', formats: ['DD/MM/YYYY'] })).to.deep.equal({ ok: false, reason: '"31/02/2025" is not a real day (DD/MM/YYYY)' });
    expect(convertValue('31/02/2025', { type: 'date' }).ok).to.equal(false);
    expect(convertValue('2025-02-31', { type: 'date' }).ok, 'Date.parse would roll it over to March').to.equal(false);
    expect(convertValue('2024-02-29', { type: 'date' }).ok).to.equal(true);
  });

  it('reads booleans and the listed words', () => {
    expect(convertValue('TRUE', { type: 'boolean' })).to.deep.equal({ ok: true, value: true });
    expect(convertValue('ja', { type: 'boolean', true: ['ja'], false: ['nein'] })).to.deep.equal({ ok: true, value: true });
    expect(convertValue('maybe', { type: 'boolean' }).ok).to.equal(false);
  });

  it('maps values through a value map and refuses unlisted ones, including prototype names', () => {
    const conversion = { type: 'valueMap' as const, values: { pending: 'snoozed', resolved: 'closed' } };
    expect(convertValue('resolved', conversion)).to.deep.equal({ ok: true, value: 'closed' });
    expect(convertValue('archived', conversion).ok).to.equal(false);
    expect(convertValue('__proto__', conversion).ok).to.equal(false);
    expect(convertValue('toString', conversion).ok).to.equal(false);
  });

  it('gives text that is safe to send', () => {
    expect(convertValue('héllo wörld', { type: 'string', maxLength: 5 })).to.deep.equal({ ok: true, value: 'héllo' });
    expect(convertValue('a\uD800b\u0000', { type: 'string' })).to.deep.equal({ ok: true, value: 'a\uFFFDb' });
    expect(convertValue(' A.B@example.org ', { type: 'email' })).to.deep.equal({ ok: true, value: 'A.B@example.org' });
    expect(convertValue('not-an-email', { type: 'email' }).ok).to.equal(false);
  });

  it('passes empty values as null and never throws on odd input', () => {
    expect(convertValue(null, { type: 'integer' })).to.deep.equal({ ok: true, value: null });
    expect(convertValue('  ', { type: 'integer' })).to.deep.equal({ ok: true, value: null });
    expect(isEmpty([])).to.equal(true);
    expect(convertValue('x', { type: 'nope' } as never)).to.deep.equal({ ok: false, reason: 'unknown conversion "nope"' });
    const hostile = { get length() { throw new Error('boom'); } };
    expect(convertValue(hostile, { type: 'string' }).ok).to.equal(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(convertValue(cycle, { type: 'valueMap', values: {} }).ok).to.equal(false);
    expect(convertValue({ n: 1n }, { type: 'string' }).ok).to.equal(false);
  });
});

describe('isEmail', () => {
  it('asks for a dot in the domain, as our request schemas do', () => {
    expect(isEmail('a@b.example')).to.equal(true);
    expect(isEmail('a@b')).to.equal(false);
    expect(isEmail('a b@c.example')).to.equal(false);
  });
});
