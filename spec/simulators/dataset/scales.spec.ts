import { expect } from 'chai';
import { minimumInteractions } from '../../../simulators/dataset/case-slots.ts';
import { MINIMUM_COUNTS, parseScale, SCALES, scaleLabel } from '../../../simulators/dataset/scales.ts';

describe('parseScale', () => {
  it('accepts every scale name, in any letter case', () => {
    for (const name of ['tiny', 'small', 'medium', 'large'] as const) expect(parseScale(name)).to.deep.equal(SCALES[name]);
    expect(parseScale(' Small ')).to.deep.equal(SCALES.small);
  });

  it('accepts all four explicit counts in any order, with underscores as digit separators', () => {
    expect(parseScale('articles=40,interactions=3_000,cases=100,customers=50')).to.deep.equal({ customers: 50, cases: 100, interactions: 3000, articles: 40 });
  });

  it('derives missing counts in the proportions of medium', () => {
    const counts = parseScale('customers=10000');
    expect(counts).to.deep.equal({ customers: 10_000, cases: 20_000, interactions: 120_000, articles: 600 });
  });

  it('averages the factors of several given counts to derive the rest', () => {
    const counts = parseScale('customers=30000,interactions=200000');
    expect(counts.customers).to.equal(30_000);
    expect(counts.interactions).to.equal(200_000);
    expect(counts.cases).to.equal(Math.round(10_000 * ((6 + 200_000 / 60_000) / 2)));
  });

  it('raises derived counts to the minimum that holds every edge case', () => {
    const counts = parseScale('customers=16,cases=24');
    expect(counts.cases).to.equal(MINIMUM_COUNTS.cases);
    expect(counts.articles).to.equal(MINIMUM_COUNTS.articles);
    expect(counts.interactions).to.equal(minimumInteractions(MINIMUM_COUNTS.cases));
  });

  it('lowers derived cases to fit explicit interactions', () => {
    const counts = parseScale('interactions=700');
    expect(counts.interactions).to.equal(700);
    expect(minimumInteractions(counts.cases)).to.be.at.most(700);
  });

  it('rejects junk with a message naming --scale and the value', () => {
    for (const bad of ['huge', '', 'customers=', 'customers=-5', 'customers=1e3', 'users=10', 'customers=10,customers=20', 'customers=abc', '12']) {
      expect(() => parseScale(bad), bad).to.throw(/--scale/);
    }
    expect(() => parseScale('huge')).to.throw('--scale "huge"');
    expect(() => parseScale('users=10')).to.throw(/unknown count "users"/);
    expect(() => parseScale('customers=10,customers=20')).to.throw(/given twice/);
  });

  it('rejects explicit counts below the edge-case minimum, naming the minimum', () => {
    expect(() => parseScale('customers=3')).to.throw(/--scale "customers=3": customers=3 is below 16/);
    expect(() => parseScale('cases=24,interactions=100')).to.throw(/interactions=100 is below/);
  });
});

describe('scaleLabel', () => {
  it('names a named scale and spells out explicit counts', () => {
    expect(scaleLabel(SCALES.medium)).to.equal('medium');
    expect(scaleLabel({ customers: 50, cases: 100, interactions: 3000, articles: 40 })).to.equal('customers=50,cases=100,interactions=3000,articles=40');
  });
});
