/**
 * Starts both simulators on one dataset and describes how to reach them: the `ready`
 * object printed by `khoros2intercom sim` (a contract for outside tools) and the config
 * file every other command accepts with `--config`.
 */
import type { Dataset } from './dataset/types.ts';
import type { ConfigFile } from '../pipeline/config.ts';
import { startKhorosSimulator, type KhorosSimOptions, type KhorosSimulator } from './khoros/server.ts';
import { startIntercomSimulator } from './intercom/server.ts';

/** Options of `startSimulators`. */
export interface SimulatorsOptions {
  dataset: Dataset;
  host?: string;
  /** @default 0 (any free port) */
  khorosPort?: number;
  /** @default 0 (any free port) */
  intercomPort?: number;
  /** Khoros overrides: quotas, faults, page sizes. */
  khoros?: Omit<KhorosSimOptions, 'dataset' | 'host' | 'port'>;
  /** Intercom overrides, passed through to `startIntercomSimulator`. */
  intercom?: Record<string, unknown>;
  /** Bearer token the Intercom simulator accepts. @default 'sim-intercom-token' */
  intercomToken?: string;
}

/** What `khoros2intercom sim` prints, as one JSON line, when both simulators listen. */
export interface ReadyLine {
  khoros: {
    care: string; username: string; password: string;
    analytics: string; companyKey: string;
    community: string; marketing: string; marketingToken: string; environment: string; companyId: string;
    crm: string; files: string; admin: string;
  };
  intercom: { url: string; token: string; inspect: string };
}

/** Both running simulators. */
export interface Simulators {
  ready: ReadyLine;
  /** The config file content matching `ready`. */
  config: ConfigFile;
  khoros: KhorosSimulator;
  intercom: Awaited<ReturnType<typeof startIntercomSimulator>>;
  close(): Promise<void>;
}

/**
 * Starts the Khoros and Intercom simulators.
 *
 * @example
 * const sims = await startSimulators({ dataset: generateDataset({ seed: 1, scale: 'tiny' }) });
 * console.log(sims.ready.khoros.care); // http://127.0.0.1:PORT/care
 * await sims.close();
 */
export async function startSimulators(options: SimulatorsOptions): Promise<Simulators> {
  const { dataset, host = '127.0.0.1' } = options;
  const khoros = await startKhorosSimulator({ ...options.khoros, dataset, host, port: options.khorosPort ?? 0 });
  let intercom: Simulators['intercom'];
  try {
    intercom = await startIntercomSimulator({
      ...options.intercom,
      workspace: dataset.intercom,
      host,
      port: options.intercomPort ?? 0,
      token: options.intercomToken ?? 'sim-intercom-token',
    });
  } catch (error) {
    await khoros.close();
    throw error;
  }
  const s = khoros.settings;
  const ready: ReadyLine = {
    khoros: {
      care: khoros.urls.care, username: s.username, password: s.password,
      analytics: khoros.urls.analytics, companyKey: s.companyKey,
      community: khoros.urls.community, marketing: khoros.urls.marketing, marketingToken: s.marketingToken,
      environment: s.environment, companyId: s.companyId,
      crm: khoros.urls.crm, files: khoros.urls.files, admin: khoros.urls._admin,
    },
    intercom: { url: intercom.url, token: intercom.token, inspect: intercom.inspectUrl },
  };
  const config: ConfigFile = {
    khoros: { ...ready.khoros, allowedHosts: [new URL(khoros.url).host] },
    intercom: { url: intercom.url, token: intercom.token, version: '2.16', inspect: intercom.inspectUrl },
    workspace: './migration.duckdb',
    // The simulator's search lags by exactly this much (0 unless asked): lookups need not wait longer.
    import: { searchLagSeconds: Math.ceil(intercom.state.searchDelaySeconds) },
  };
  return {
    ready, config, khoros, intercom,
    close: async () => {
      await Promise.allSettled([khoros.close(), intercom.close()]);
    },
  };
}
