/**
 * The Intercom simulator (REST API 2.16): one node:http server that mounts the route
 * modules of `routes/index.ts` and does what they share. For each API request, in order:
 * bearer auth (401 `unauthorized` "Access Token Invalid", no rate-limit headers), the rate
 * limit (429, headers on every authenticated answer), a seeded fault draw (429 storms, resets,
 * 5xx, slow answers) and latency,
 * the `Intercom-Version` header (400 `intercom_version_invalid`), routing (404
 * `not_found` "Resource Not Found" for unknown paths and methods), the JSON body (400
 * `parameter_invalid`), the handler, and the request log. Every error body is an
 * `error.list` with a `request_id`. Inspection lives outside the API at `/_sim`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from 'find-my-way';
import type { IntercomWorkspace } from '../dataset/types.ts';
import { compareVersions } from './api-version.ts';
import { IntercomError, type RouteModule, type SimRequest, type SimResponse, type SimRoute, type SimState } from './context.ts';
import { createFaultPlan, type FaultRates } from './faults.ts';
import { inspect } from './inspect.ts';
import { createLatency, type LatencySpec } from './latency.ts';
import { createRateLimiter, type Admission } from './rate-limiter.ts';
import { queryObject, RequestLog, type LoggedRequest } from './request-log.ts';
import { routeModules } from './routes/index.ts';
import { createState } from './state.ts';
import { DEFAULT_VERSION, isKnownVersion } from './version-header.ts';

/** Options of `startIntercomSimulator`. */
export interface IntercomSimOptions {
  workspace: IntercomWorkspace;
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** The one valid access token. @default 'sim-intercom-token' */
  token?: string;
  /** Seeds faults and latency. @default 1 */
  seed?: number;
  /** Per-minute quota, enforced as `ceil(quota / 6)` per window. @default 10000 */
  ratePerMinute?: number;
  /** Window length; shorter windows make rate-limit tests fast. @default 10 */
  windowSeconds?: number;
  /** Response-time distribution; null/undefined = answer at once. @default null */
  latency?: LatencySpec | null;
  /** @default no faults */
  faults?: FaultRates;
  /** Seconds before written contacts show in search. @default 0 */
  searchDelaySeconds?: number;
  /** Epoch milliseconds (timestamps, rate-limit windows, log times). @default Date.now */
  clock?: () => number;
  /** The route modules to mount. @default routeModules */
  modules?: RouteModule[];
}

/** A running simulator. */
export interface IntercomSimulator {
  /** API base URL, e.g. `http://127.0.0.1:4010` (give it to clients as their base URL). */
  url: string;
  /** `${url}/_sim`. */
  inspectUrl: string;
  token: string;
  state: SimState;
  requests: RequestLog;
  close(): Promise<void>;
}

type Routed = { route?: SimRoute; params: Record<string, string> };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: SimResponse, headers: Record<string, string>): void {
  const data = answer.raw?.data ?? (answer.body === undefined ? undefined : Buffer.from(JSON.stringify(answer.body)));
  const type = answer.raw?.contentType ?? 'application/json; charset=utf-8';
  res.writeHead(answer.status, { ...headers, ...answer.headers, ...(data ? { 'Content-Type': type } : {}), 'Content-Length': String(data?.length ?? 0) });
  res.end(data);
}

/**
 * Starts the simulator on a real port.
 *
 * @example
 * const sim = await startIntercomSimulator({ workspace: dataset.intercom, ratePerMinute: 600 });
 * const client = new IntercomClient({ token: sim.token, baseUrl: sim.url });
 * await sim.close();
 */
export async function startIntercomSimulator(options: IntercomSimOptions): Promise<IntercomSimulator> {
  const { host = '127.0.0.1', port = 0, token = 'sim-intercom-token', seed = 1, clock = Date.now } = options;
  const state = createState(options.workspace, { clock, searchDelaySeconds: options.searchDelaySeconds ?? 0 });
  const requests = new RequestLog();
  const limiter = createRateLimiter({ ratePerMinute: options.ratePerMinute, windowSeconds: options.windowSeconds });
  const faults = createFaultPlan(options.faults ?? {}, seed);
  const delay = createLatency(options.latency, seed);
  const router = Router({ ignoreTrailingSlash: true, maxParamLength: 2048 });
  for (const module of options.modules ?? routeModules) {
    for (const route of module(state)) router.on(route.method, route.path, () => undefined, route);
  }
  let requestCount = 0;
  const nextRequestId = () => `00000000-0000-4000-8000-${(++requestCount).toString(16).padStart(12, '0')}`;

  function error(entry: LoggedRequest, status: number, code: string, message: string, field?: string, headers?: Record<string, string>): SimResponse {
    entry.requestId = nextRequestId();
    const detail = field ? { code, message, field } : { code, message };
    return { status, body: { type: 'error.list', request_id: entry.requestId, errors: [detail] }, headers };
  }

  async function dispatch(req: IncomingMessage, entry: LoggedRequest, text: string, routed: Routed, url: URL): Promise<SimResponse | 'reset'> {
    const { route, params } = routed;
    if (!route?.public) {
      if (req.headers.authorization !== `Bearer ${token}`) return error(entry, 401, 'unauthorized', 'Access Token Invalid');
      const admission = limiter.admit(clock());
      const rateHeaders = {
        'X-RateLimit-Limit': String(admission.limit),
        'X-RateLimit-Remaining': String(admission.remaining),
        'X-RateLimit-Reset': String(admission.reset),
      };
      const answer = await handleApi(req, entry, text, routed, url, admission);
      // A storm's 429 says the window is spent, as the limiter's own 429 does.
      if (answer !== 'reset') answer.headers = { ...rateHeaders, ...(entry.fault === '429' ? { 'X-RateLimit-Remaining': '0' } : {}), ...answer.headers };
      return answer;
    }
    return invoke(entry, route, { method: entry.method, path: entry.path, params, query: url.searchParams, body: entry.body, version: DEFAULT_VERSION, headers: req.headers });
  }

  async function invoke(entry: LoggedRequest, route: SimRoute, request: SimRequest): Promise<SimResponse> {
    try {
      return await route.handler(request);
    } catch (thrown) {
      if (!(thrown instanceof IntercomError)) throw thrown;
      return error(entry, thrown.status, thrown.code, thrown.message, thrown.field, thrown.extraHeaders);
    }
  }

  async function handleApi(req: IncomingMessage, entry: LoggedRequest, text: string, { route, params }: Routed, url: URL, admission: Admission): Promise<SimResponse | 'reset'> {
    if (!admission.allowed) return error(entry, 429, 'rate_limit_exceeded', admission.message);
    const fault = faults.next(route?.write === true, clock());
    const wait = delay() + (fault.kind === 'slow' ? fault.ms : 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (fault.kind !== 'none') entry.fault = fault.kind;
    if (fault.kind === '429') return error(entry, 429, 'rate_limit_exceeded', admission.message);
    if (fault.kind === 'reset') return 'reset';
    if (fault.kind === '5xx') {
      return fault.status === 503 ? error(entry, 503, 'service_unavailable', 'Service Unavailable') : error(entry, fault.status, 'server_error', 'Server Error');
    }
    const header = req.headers['intercom-version'];
    const version = (Array.isArray(header) ? header[0] : header)?.trim() || DEFAULT_VERSION;
    entry.version = version;
    if (!isKnownVersion(version)) return error(entry, 400, 'intercom_version_invalid', `Intercom-Version '${version}' is not a valid API version`);
    if (!route) return error(entry, 404, 'not_found', 'Resource Not Found');
    if (route.minVersion && compareVersions(version, route.minVersion) < 0) {
      return error(entry, 400, 'intercom_version_invalid', 'Requested resource is not available in current API version.');
    }
    if (text.trim() !== '' && entry.body === undefined) return error(entry, 400, 'parameter_invalid', 'The request body is not valid JSON');
    const answer = await invoke(entry, route, { method: entry.method, path: entry.path, params, query: url.searchParams, body: entry.body, version, headers: req.headers });
    if (fault.kind === '5xxAfterWrite' && answer.status < 400) return error(entry, 503, 'service_unavailable', 'Service Unavailable');
    return answer;
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/')) {
      const answer = inspect(state, requests, method, url.pathname.slice('/_sim'.length), body);
      send(res, answer ?? { status: 404, body: { error: `no inspection endpoint ${method} ${url.pathname}` } }, {});
      return;
    }
    const found = router.find(method as Parameters<typeof router.find>[0], url.pathname);
    const routed: Routed = { route: found?.store as SimRoute | undefined, params: (found?.params ?? {}) as Record<string, string> };
    const entry: LoggedRequest = { time: clock(), method, path: url.pathname, query: queryObject(url.searchParams), body, status: null };
    let answer: SimResponse | 'reset';
    try {
      answer = await dispatch(req, entry, text, routed, url);
    } catch (thrown) {
      answer = error(entry, 500, 'server_error', `Simulator error: ${(thrown as Error).message}`);
    }
    requests.add(entry);
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    entry.status = answer.status;
    send(res, answer, entry.requestId ? { 'X-Request-Id': entry.requestId } : {});
  }

  const server = createServer((req, res) => void onRequest(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  state.baseUrl = url;
  return {
    url,
    inspectUrl: `${url}/_sim`,
    token,
    state,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
