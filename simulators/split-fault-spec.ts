/**
 * Splits the `sim --faults` option between the two simulators: `intercom.`-prefixed
 * entries go to the Intercom simulator, the rest (optionally `khoros.`-prefixed) to Khoros.
 */
import { parseFaultSpec, type FaultSpec } from './khoros/faults.ts';

/** Intercom fault and latency options, as `startIntercomSimulator` takes them. */
export interface IntercomFaultOptions {
  seed?: number;
  faults?: { rate5xx?: number; rateReset?: number; rate5xxAfterWrite?: number };
  latency?: { p50Ms: number; p99Ms: number };
}

const INTERCOM_KEYS: Record<string, 'rate5xx' | 'rateReset' | 'rate5xxAfterWrite'> = {
  '5xx': 'rate5xx',
  reset: 'rateReset',
  '5xxafterwrite': 'rate5xxAfterWrite',
};

/**
 * @example
 * splitFaultSpec('seed=3,5xx=0.1,intercom.5xxAfterWrite=0.05,intercom.latency=150:800');
 * // { khoros: { seed: 3, rate5xx: 0.1 }, intercom: { faults: { rate5xxAfterWrite: 0.05 }, latency: { p50Ms: 150, p99Ms: 800 } } }
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
    if (!key) throw new Error(`--faults: unknown Intercom fault "${rawName}"; use intercom.5xx, intercom.reset, intercom.5xxAfterWrite, intercom.latency, intercom.seed`);
    if (value > 1) throw new Error(`--faults: "${part}" is a share and must be between 0 and 1`);
    intercom.faults = { ...intercom.faults, [key]: value };
  }
  return { khoros: parseFaultSpec(khorosParts.join(',')), intercom };
}
