import { expect } from 'chai';
import { matchAgents } from '../../../pipeline/discover/match-agents.ts';

describe('matchAgents', () => {
  const admins = [
    { id: '1', email: 'ann@example.com', name: 'Ann' },
    { id: '2', email: 'Bob.Smith@EXAMPLE.com', name: 'Bob' },
    { id: '3', email: 'bob.smith@example.com', name: 'Bob (exact)' },
    { id: '4', email: 'Cy@Example.com', name: 'Cy' },
  ];
  const match = matchAgents(admins);

  it('matches an identical email', () => {
    expect(match('ann@example.com')).to.deep.equal({ match: 'matched', admin: admins[0] });
  });

  it('prefers the exact email over one that differs only in case', () => {
    expect(match('bob.smith@example.com').admin?.id).to.equal('3');
    expect(match('BOB.SMITH@example.com')).to.deep.include({ match: 'matched-case-insensitive' });
  });

  it('matches case-insensitively when only case differs', () => {
    expect(match('cy@example.com')).to.deep.equal({ match: 'matched-case-insensitive', admin: admins[3] });
  });

  it('leaves an agent without email or without admin unmatched', () => {
    expect(match(null)).to.deep.equal({ match: 'unmatched', admin: null });
    expect(match('')).to.deep.equal({ match: 'unmatched', admin: null });
    expect(match('dee@example.com')).to.deep.equal({ match: 'unmatched', admin: null });
  });

  it('matches nothing when Intercom has no admins', () => {
    expect(matchAgents([])('ann@example.com').match).to.equal('unmatched');
  });
});
