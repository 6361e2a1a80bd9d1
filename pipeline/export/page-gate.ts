/**
 * Backpressure from the workspace to the Khoros sources. A source asks for its next page as
 * soon as it hands one on (rxjs `expand`), whatever the writer is doing, and `mergeMap`
 * queues what it cannot write yet without bound. Against real rate limits the API is the
 * slower side, but an API as fast as the simulators with their limits off (or Community,
 * whose quota is generous) outruns DuckDB: the export of `large` queued pages until it held
 * some 500 MB of them. The gate counts the pages handed on and not yet written; while they
 * number `limit` or more, every request of the sources waits (`gateClients`), so memory
 * holds at most `limit` pages, however big the family and however fast the API.
 */
import type { KhorosApi, KhorosClients } from '../khoros/khoros-api.ts';

/** Pages handed on and not yet written, across every family of the run, before the sources wait. */
export const PAGES_WAITING_LIMIT = 16;

/** The count of pages waiting for the workspace, and the wait on it. */
export interface PageGate {
  /** A page was handed to the writer. */
  entered(): void;
  /** A page was written (or refused): one place more. */
  left(): void;
  /** Resolves once fewer than `limit` pages wait. */
  ready(): Promise<void>;
  /** Pages waiting now. */
  readonly waiting: number;
}

/**
 * A gate letting `limit` pages wait.
 *
 * @example
 * const gate = createPageGate(16);
 * gate.entered(); await gate.ready(); gate.left();
 */
export function createPageGate(limit = PAGES_WAITING_LIMIT): PageGate {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`page gate limit ${limit}: expected a positive integer`);
  let waiting = 0;
  const blocked: (() => void)[] = [];
  return {
    entered() { waiting += 1; },
    left() {
      waiting = Math.max(0, waiting - 1);
      while (waiting < limit && blocked.length > 0) blocked.shift()!();
    },
    async ready() {
      while (waiting >= limit) await new Promise<void>((resolve) => blocked.push(resolve));
    },
    get waiting() { return waiting; },
  };
}

/**
 * The clients with every JSON request held at the gate (downloads are not: they run after
 * the records, and write their own files as they go).
 *
 * @example
 * const sourceClients = gateClients(clients, gate);
 */
export function gateClients(clients: KhorosClients, gate: PageGate): KhorosClients {
  const gated = (api: KhorosApi): KhorosApi => ({
    family: api.family,
    baseUrl: api.baseUrl,
    async json(pathOrUrl, options) {
      await gate.ready();
      return api.json(pathOrUrl, options);
    },
    download: (url) => api.download(url),
  });
  return {
    care: gated(clients.care), careOther: gated(clients.careOther), analytics: gated(clients.analytics), community: gated(clients.community),
    marketing: gated(clients.marketing), crm: gated(clients.crm), files: gated(clients.files),
    stats: () => clients.stats(),
  };
}
