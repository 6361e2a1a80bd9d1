import { expect } from 'chai';
import { parseCaseId } from '../../operators/parse-case-id.ts';
import { naiveCaseKey } from '../../simulators/dataset/edge-cases.ts';

describe('parseCaseId', () => {
  it('tags legacy 8-digit ids L- and drops the padding', () => {
    expect(parseCaseId('00012345')).to.deep.equal({ format: 'legacy', canonical: 'L-12345', naiveKey: '12345' });
    expect(parseCaseId('12345678')).to.deep.equal({ format: 'legacy', canonical: 'L-12345678', naiveKey: '12345678' });
    expect(parseCaseId('00000000')).to.deep.equal({ format: 'legacy', canonical: 'L-0', naiveKey: '' });
  });

  it('tags new CASE- ids N-, with or without a year, and drops the padding', () => {
    expect(parseCaseId('CASE-012345')).to.deep.equal({ format: 'new', canonical: 'N-12345', naiveKey: '12345' });
    expect(parseCaseId('CASE-1234567')).to.deep.equal({ format: 'new', canonical: 'N-1234567', naiveKey: '1234567' });
    expect(parseCaseId('CASE-2025-000123')).to.deep.equal({ format: 'new', canonical: 'N-2025-123', naiveKey: '2025000123' });
  });

  it('keeps the planted pair apart while its naive keys are equal, as the dataset defines them', () => {
    const legacy = parseCaseId('00004711')!;
    const fresh = parseCaseId('CASE-004711')!;
    expect(legacy.canonical).to.not.equal(fresh.canonical);
    expect(legacy.naiveKey).to.equal(fresh.naiveKey);
    for (const id of ['00004711', 'CASE-004711', 'CASE-2025-000123', '00000000']) expect(parseCaseId(id)!.naiveKey).to.equal(naiveCaseKey(id));
  });

  it('gives the same canonical id to spellings that differ only in padding', () => {
    expect(parseCaseId('CASE-0004711')!.canonical).to.equal(parseCaseId('CASE-004711')!.canonical);
  });

  it('refuses ids of neither format rather than guessing', () => {
    for (const id of ['', '4711', '0004711', '000004711', 'case-004711', 'CASE-4711', 'CASE-', ' 00004711', '00004711\n', 'CASE-25-000123', 'L-4711', 'N-4711']) {
      expect(parseCaseId(id), id).to.equal(null);
    }
  });

  it('is stable: the same id always gives the same canonical id', () => {
    expect(parseCaseId('CASE-010022')).to.deep.equal(parseCaseId('CASE-010022'));
  });
});
