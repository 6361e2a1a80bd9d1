/**
 * Builds the Khoros clients of one run: one got instance and one `KhorosApi` per family,
 * one throttle per quota shared by every stream on it, auth per family, one retry table,
 * and the counters the export and the benchmarks read.
 */
import got from 'got';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config.ts';
import { createFamilyClient } from './create-family-client.ts';
import { createRedactor } from './create-redactor.ts';
import { createThrottle, type Throttle } from './create-throttle.ts';
import { analyticsAuth, basicAuth, bearerAuth, noAuth, sessionAuth, type FamilyAuth } from './family-auth.ts';
import type { KhorosApi, KhorosClients, RequestStats } from './khoros-api.ts';
import { resolveQuotas, type QuotaName, type Quotas } from './quotas.ts';
import type { StatsSink } from './request-with-retries.ts';
import { resolveRetryTable, type RetryOverrides } from './retry-policy.ts';

/** Options of `createKhorosClients`. */
export interface KhorosClientOptions {
  /** Quotas per family over the defaults (`DEFAULT_QUOTAS`). */
  quotas?: Partial<Quotas>;
  /** Multiplies every quota's calls, as the simulator's `quotaScale`. @default 1 */
  quotaScale?: number;
  /** Share of each budget left unused to absorb jitter. @default DEFAULT_PACING_MARGIN (0.02) */
  pacingMargin?: number;
  /** Per-request timeout (JSON: whole request; downloads: each phase and idleness). @default 30000 */
  timeoutMs?: number;
  /** Retry table overrides per outcome (tests shrink the delays). */
  retry?: RetryOverrides;
  /** Aborts waiting, sleeping and in-flight requests. */
  signal?: AbortSignal;
  /** Back-off sleep, for fake timers. @default timers/promises setTimeout with `signal` */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source. @default Math.random */
  random?: () => number;
}

const FAMILIES: readonly QuotaName[] = ['care', 'careOther', 'analytics', 'community', 'marketing', 'crm', 'files'];

/**
 * Creates every family's client from the `khoros` config slice.
 *
 * @example
 * const clients = createKhorosClients(config.khoros, { quotaScale: 60 });
 * const authors = await clients.care.json('/api/v2/authors', { searchParams: { offset: 0 } });
 * clients.stats().requests.care; // 1
 */
export function createKhorosClients(config: Config['khoros'], options: KhorosClientOptions = {}): KhorosClients {
  const { signal, timeoutMs = 30_000, random = Math.random } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal }));
  const quotas = resolveQuotas(options.quotas, options.quotaScale);
  const table = resolveRetryTable(options.retry);
  const redactor = createRedactor([config.password, config.companyKey, config.marketingToken, Buffer.from(`${config.username}:${config.password}`).toString('base64')]);
  const stats: RequestStats = { requests: {}, rateLimited: {}, retries: {}, waitedMs: {} };
  const throttles = Object.fromEntries(FAMILIES.map((f) => [f, createThrottle(quotas[f], { margin: options.pacingMargin, signal })])) as Record<QuotaName, Throttle>;

  const configured = [config.care, config.analytics, config.community, config.marketing, config.crm, config.files, config.admin]
    .filter((u): u is string => Boolean(u)).map((u) => new URL(u).host);
  const allowed = new Set([...configured, ...(config.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  const isAllowed = (url: URL) => allowed.has(url.host) || allowed.has(url.hostname);

  const instance = got.extend({ retry: { limit: 0 }, throwHttpErrors: false, headers: { 'user-agent': 'khoros2intercom' } });
  const basic = basicAuth(config.username, config.password);
  const client = (family: QuotaName, baseUrl: string | undefined, auth: FamilyAuth): KhorosApi => createFamilyClient({
    family, baseUrl, auth, throttle: throttles[family], table, redactor, stats: sink(stats, family), sleep, random, signal, timeoutMs, isAllowed,
    // One got instance per family, so per-family defaults (agents, hooks) stay apart.
    got: instance.extend({ context: { family } }),
  });

  return {
    care: client('care', config.care, basic),
    careOther: client('careOther', config.care, basic),
    analytics: client('analytics', config.analytics, analyticsAuth(config.username, config.password, config.companyKey)),
    // The login goes through an unauthenticated client on the same quota, so it is paced and counted too.
    community: client('community', config.community, sessionAuth(client('community', config.community, noAuth), config.username, config.password, redactor)),
    marketing: client('marketing', config.marketing, bearerAuth(config.marketingToken)),
    crm: client('crm', config.crm, basic),
    files: client('files', config.files, basic),
    stats: () => {
      const copy = structuredClone(stats);
      for (const family of Object.keys(copy.waitedMs)) copy.waitedMs[family] = Math.round(copy.waitedMs[family]);
      return copy;
    },
  };
}

/** The counters of one family, created on first use. */
function sink(stats: RequestStats, family: string): StatsSink {
  const add = (counter: Record<string, number>, key: string, by = 1) => { counter[key] = (counter[key] ?? 0) + by; };
  return {
    request: () => add(stats.requests, family),
    rateLimited: () => add(stats.rateLimited, family),
    retry: (reason) => add((stats.retries[family] ??= {}), reason),
    waited: (ms) => add(stats.waitedMs, family, ms),
  };
}
