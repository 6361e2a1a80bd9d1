/**
 * Settings of one Khoros simulator run: credentials, quotas, the 429 signal, page sizes,
 * the Analytics job duration and faults. Documented limits are the defaults; everything
 * marked seed-defined is our design where the public record is silent.
 */
import type { FaultSpec } from './faults.ts';

/** A quota: at most `calls` in any sliding window of `windowMs`. */
export interface Quota {
  calls: number;
  windowMs: number;
}

/** Every knob of the simulator; `resolveSettings` fills the defaults. */
export interface KhorosSimSettings {
  /** Care and Analytics API user (HTTP Basic). */
  username: string;
  password: string;
  /** Analytics `companyKey`. */
  companyKey: string;
  /** Marketing OAuth 2.0 bearer token. */
  marketingToken: string;
  /** Marketing environment and company id, as in `/{environment}/v1/company/{companyId}`. */
  environment: string;
  companyId: string;
  /**
   * Quotas per bucket. `care`: the Author and Conversation APIs share 60 calls per 60 s
   * (documented); `analytics`: 20 per minute (documented); `care-other` (work queues, tags,
   * agents, brands, automation), `community`, `marketing`, `crm`, `files`: seed-defined.
   */
  quotas: Record<string, Quota | null>;
  /**
   * The throttle signal, undocumented for Care: `'seconds'` sends `Retry-After` with the
   * seconds until a call is allowed again, `'none'` sends a bare 429.
   * @default 'seconds'
   */
  retryAfter: 'seconds' | 'none';
  /** Seed-defined page sizes. */
  pageSizes: {
    /** `GET /api/v2/authors` persons per page (the docs imply about 10). @default 10 */
    authors: number;
    /** CRM `GET /customers` maximum `limit`. @default 1000 */
    customers: number;
    /** CRM `GET /cases` maximum `limit` (cases carry their interactions). @default 100 */
    cases: number;
    /** Community LiQL maximum `LIMIT`. @default 1000 */
    liql: number;
    /** Care `GET /api/v2/agents` maximum `limit`. @default 500 */
    agents: number;
  };
  /** How long an Analytics job stays RUNNING, in ms. @default 1500 */
  analyticsJobMs: number;
  /** Longest Analytics report window, in ms (seed-defined). @default 31 days */
  analyticsMaxWindowMs: number;
  /** Faults, deterministic from `faults.seed`. */
  faults: FaultSpec;
  /** Simulator clock (epoch ms). @default Date.now */
  clock: () => number;
}

const MINUTE = 60_000;

/** The documented and seed-defined defaults. */
export const DEFAULT_SETTINGS: KhorosSimSettings = {
  username: 'api-user',
  password: 'sim-password',
  companyKey: 'sim-company-key',
  marketingToken: 'sim-marketing-token',
  environment: 'app',
  companyId: '1001',
  quotas: {
    care: { calls: 60, windowMs: MINUTE },
    analytics: { calls: 20, windowMs: MINUTE },
    'care-other': { calls: 60, windowMs: MINUTE },
    community: { calls: 300, windowMs: MINUTE },
    marketing: { calls: 120, windowMs: MINUTE },
    crm: { calls: 120, windowMs: MINUTE },
    files: null,
  },
  retryAfter: 'seconds',
  pageSizes: { authors: 10, customers: 1000, cases: 100, liql: 1000, agents: 500 },
  analyticsJobMs: 1500,
  analyticsMaxWindowMs: 31 * 24 * 3_600_000,
  faults: { seed: 1, rate5xx: 0, rateReset: 0, rateSlow: 0, slowMs: 2000, ratePlainText: 0, rateTruncated: 0 },
  clock: () => Date.now(),
};

/** Options accepted by the simulator: any subset of the settings, quotas merged per bucket. */
export type KhorosSimOverrides = Partial<Omit<KhorosSimSettings, 'quotas' | 'pageSizes' | 'faults'>> & {
  quotas?: Record<string, Quota | null>;
  pageSizes?: Partial<KhorosSimSettings['pageSizes']>;
  faults?: Partial<FaultSpec>;
  /** Multiply every quota by this factor (fast tests and benchmarks). @default 1 */
  quotaScale?: number;
};

/**
 * Fills the defaults and applies `quotaScale`.
 *
 * @example
 * resolveSettings({ quotaScale: 100 }).quotas.care; // { calls: 6000, windowMs: 60000 }
 */
export function resolveSettings(overrides: KhorosSimOverrides = {}): KhorosSimSettings {
  const { quotaScale = 1, quotas, pageSizes, faults, ...rest } = overrides;
  if (!(quotaScale > 0)) throw new Error(`quotaScale must be a positive number, got ${quotaScale}`);
  const merged = { ...DEFAULT_SETTINGS.quotas, ...quotas };
  const scaled: Record<string, Quota | null> = {};
  for (const [bucket, quota] of Object.entries(merged)) {
    scaled[bucket] = quota ? { calls: Math.max(1, Math.round(quota.calls * quotaScale)), windowMs: quota.windowMs } : null;
  }
  return {
    ...DEFAULT_SETTINGS,
    ...rest,
    quotas: scaled,
    pageSizes: { ...DEFAULT_SETTINGS.pageSizes, ...pageSizes },
    faults: { ...DEFAULT_SETTINGS.faults, ...faults },
  };
}
