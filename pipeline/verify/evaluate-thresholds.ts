/**
 * Holds a verify run's totals against the configured thresholds (`verify` in config, strict
 * by default): one verdict per threshold, so the report says which one failed and by how much.
 */
import type { VerifyConfig } from '../config.ts';
import type { ThresholdVerdict, VerifyResult } from './verify-types.ts';

/**
 * @example
 * evaluateThresholds({ missing: 1, unexpected: 0, fieldChecks: 10, fieldMismatches: 0, fieldMismatchRate: 0, partCountMismatches: 0 }, VERIFY_DEFAULTS);
 * // [{ name: 'maxMissing', limit: 0, actual: 1, pass: false }, ...]
 */
export function evaluateThresholds(totals: VerifyResult['totals'], config: Pick<VerifyConfig, 'maxMissing' | 'maxUnexpected' | 'maxFieldMismatchRate' | 'maxPartCountMismatches'>): ThresholdVerdict[] {
  const verdict = (name: string, limit: number, actual: number): ThresholdVerdict => ({ name, limit, actual, pass: actual <= limit });
  return [
    verdict('maxMissing', config.maxMissing, totals.missing),
    verdict('maxUnexpected', config.maxUnexpected, totals.unexpected),
    verdict('maxFieldMismatchRate', config.maxFieldMismatchRate, totals.fieldMismatchRate),
    verdict('maxPartCountMismatches', config.maxPartCountMismatches, totals.partCountMismatches),
  ];
}
