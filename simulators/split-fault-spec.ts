/**
 * Splits the `sim --faults` option between the two simulators: `intercom.`-prefixed
 * entries go to the Intercom simulator, the rest (optionally `khoros.`-prefixed) to Khoros.
 */
import type { FaultRates } from './intercom/faults.ts';
import { parseFaultSpec, type FaultSpec } from './khoros/faults.ts';

/** Intercom fault and latency options, as `startIntercomSimulator` takes them. */
export interface IntercomFaultOptions {
  seed?: number;
  faults?: FaultRates;
  latency?: { p50Ms: number; p99Ms: number };
}

const INTERCOM_KEYS: Record<string, keyof FaultRates> = {
  '5xx': 'rate5xx',
  reset: 'rateReset',
  '5xxafterwrite': 'rate5xxAfterWrite',
  '429': 'rate429',
  '429burst': 'storm429Burst',
  '429ms': 'storm429Ms',
  slow: 'rateSlow',
  slowms: 'slowMs',
};

/** Intercom options that are counts or durations, not shares. */
const NOT_SHARES = new Set<keyof FaultRates>(['storm429Burst', 'storm429Ms', 'slowMs']);
const INTERCOM_NAMES = 'intercom.5xx, intercom.reset, intercom.5xxAfterWrite, intercom.429, intercom.429Burst, intercom.429Ms, intercom.slow, intercom.slowMs, intercom.latency, intercom.seed';

/**
 * @example
 * splitFaultSpec('seed=3,5xx=0.1,intercom.5xxAfterWrite=0.05,intercom.latency=150:800');
 * // { khoros: { seed: 3, rate5xx: 0.1 }, intercom: { faults: { rate5xxAfterWrite: 0.05 }, latency: { p50Ms: 150, p99Ms: 800 } } }
 * splitFaultSpec('429=0.001,intercom.429=0.002,intercom.429Burst=5,intercom.slow=0.01,intercom.slowMs=1500');
 * // { khoros: { rate429: 0.001 }, intercom: { faults: { rate429: 0.002, storm429Burst: 5, rateSlow: 0.01, slowMs: 1500 } } }
 */
export function splitFaultSpec(text: string | undefined): { khoros: Partial<FaultSpec>; intercom: IntercomFaultOptions } {
  const khorosParts: string[] = [];
  const intercom: IntercomFaultOptions = {};
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    if (!part.toLowerCase().startsWith('intercom.')) {
      khorosParts.push(part.replace(/^khoros\./i, ''));
      continue;
    }
    const [rawName, rawValue = ''] = part.slice('intercom.'.length).split('=');
    const name = rawName.toLowerCase();
    if (name === 'latency') {
      const [p50, p99] = rawValue.split(':').map(Number);
      if (!(p50 >= 0 && p99 >= p50)) throw new Error(`--faults: "${part}" needs latency=P50:P99 in ms with P99 >= P50`);
      intercom.latency = { p50Ms: p50, p99Ms: p99 };
      continue;
    }
    const value = Number(rawValue);
    if (rawValue === '' || !Number.isFinite(value) || value < 0) throw new Error(`--faults: "${part}" needs a non-negative number`);
    if (name === 'seed') {
      intercom.seed = value;
      continue;
    }
    const key = INTERCOM_KEYS[name];
    if (!key) throw new Error(`--faults: unknown Intercom fault "${rawName}"; use ${INTERCOM_NAMES}`);
    if (!NOT_SHARES.has(key) && value > 1) throw new Error(`--faults: "${part}" is a share and must be between 0 and 1`);
    if (key === 'storm429Burst' && !(Number.isInteger(value) && value >= 1)) throw new Error(`--faults: "${part}" is a number of requests and must be a whole number ≥ 1`);
    if (key === 'storm429Ms' && value === 0) throw new Error(`--faults: "${part}" is a storm's span and must be more than 0 ms`);
    intercom.faults = { ...intercom.faults, [key]: value };
  }
  if (intercom.faults?.storm429Burst !== undefined && intercom.faults.storm429Ms !== undefined) {
    throw new Error(`--faults: "${text}" gives both intercom.429Burst and intercom.429Ms; a storm lasts a burst of requests or a span of time, choose one`);
  }
  return { khoros: parseFaultSpec(khorosParts.join(',')), intercom };
}
