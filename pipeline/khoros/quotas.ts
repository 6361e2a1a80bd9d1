/**
 * The Khoros rate-limit quotas the clients pace themselves by: one per bucket the server
 * counts, so one throttle per quota (the Care Author and Conversation APIs share `care`).
 */

/** At most `calls` requests in any sliding window of `windowMs`. */
export interface Quota {
  calls: number;
  windowMs: number;
}

/** The client families, each paced by the quota of the same name. */
export type QuotaName = 'care' | 'careOther' | 'analytics' | 'community' | 'marketing' | 'crm' | 'files';

/** Quotas per family; `null` is unlimited. */
export type Quotas = Record<QuotaName, Quota | null>;

const MINUTE = 60_000;

/**
 * The defaults. `care` (Author and Conversation APIs, one shared bucket) 60 per 60 s and
 * `analytics` 20 per minute are documented (reference §4); `careOther` (work queues, tags,
 * agents, brands, automation, SLAs), `community`, `marketing` and `crm` are seed-defined and
 * match the simulator's defaults (`simulators/khoros/settings.ts`); `files` is unlimited.
 */
export const DEFAULT_QUOTAS: Readonly<Quotas> = Object.freeze({
  care: { calls: 60, windowMs: MINUTE },
  careOther: { calls: 60, windowMs: MINUTE },
  analytics: { calls: 20, windowMs: MINUTE },
  community: { calls: 300, windowMs: MINUTE },
  marketing: { calls: 120, windowMs: MINUTE },
  crm: { calls: 120, windowMs: MINUTE },
  files: null,
});

/**
 * Fills the defaults under `overrides` and multiplies every quota's calls by `quotaScale`,
 * rounding as the simulator does (at least one call), so a client and a simulator given the
 * same options agree on the budget.
 *
 * @example
 * resolveQuotas({ files: { calls: 10, windowMs: 1000 } }, 60).care; // { calls: 3600, windowMs: 60000 }
 */
export function resolveQuotas(overrides: Partial<Quotas> = {}, quotaScale = 1): Quotas {
  if (!(quotaScale > 0)) throw new RangeError(`quotaScale must be a positive number, got ${quotaScale}`);
  const merged: Quotas = { ...DEFAULT_QUOTAS, ...overrides };
  const scaled = {} as Quotas;
  for (const [name, quota] of Object.entries(merged) as [QuotaName, Quota | null][]) {
    if (quota && !(quota.calls > 0 && quota.windowMs > 0)) throw new RangeError(`quota ${name}: calls and windowMs must be positive, got ${JSON.stringify(quota)}`);
    scaled[name] = quota ? { calls: Math.max(1, Math.round(quota.calls * quotaScale)), windowMs: quota.windowMs } : null;
  }
  return scaled;
}
