/**
 * The Khoros simulator: one node:http server that mounts every API family under its own
 * prefix (`/care`, `/analytics`, `/community`, `/marketing`, `/crm`, `/files`, `/_admin`),
 * so each family has its own base URL in config as the real products have their own hosts.
 * The core does what all families share: auth, quotas, faults, the request log, errors.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Router from 'find-my-way';
import type { Dataset } from '../dataset/types.ts';
import { isAuthorized } from './auth.ts';
import { createFaultPlan, type Fault } from './faults.ts';
import { allFamilies } from './families/index.ts';
import { createRateLimiter, type Admission } from './rate-limiter.ts';
import { readBody } from './read-body.ts';
import { KhorosHttpError, type ApiFamily, type KhorosResponse, type KhorosRoute } from './route.ts';
import { resolveSettings, type KhorosSimOverrides, type KhorosSimSettings } from './settings.ts';
import { KhorosStore } from './store.ts';
import { RequestLog } from './request-log.ts';

/** Options of `startKhorosSimulator`. */
export interface KhorosSimOptions extends KhorosSimOverrides {
  dataset: Dataset;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
}

/** A running simulator. */
export interface KhorosSimulator {
  /** `http://host:port`. */
  url: string;
  /** Base URL per family: `care` is where `/api/v2/...` paths hang from. */
  urls: Record<string, string>;
  settings: KhorosSimSettings;
  store: KhorosStore;
  requests: RequestLog;
  close(): Promise<void>;
}

/**
 * Starts the simulator on a real port.
 *
 * @example
 * const sim = await startKhorosSimulator({ dataset, quotaScale: 100 });
 * // GET `${sim.urls.care}/api/v2/authors` with Basic `${sim.settings.username}:${sim.settings.password}`
 * await sim.close();
 */
export async function startKhorosSimulator(options: KhorosSimOptions): Promise<KhorosSimulator> {
  const { dataset, host = '127.0.0.1', port = 0, ...overrides } = options;
  // The dataset names its instance (company key, company id); explicit options win.
  const instance = dataset.khoros.instance ?? {};
  const named = Object.fromEntries(Object.entries({ companyKey: instance.companyKey, companyId: instance.companyId, environment: instance.environment }).filter(([, v]) => v));
  const settings = resolveSettings({ ...named, ...overrides });
  const store = new KhorosStore(dataset.khoros);
  const requests = new RequestLog();
  const faults = createFaultPlan(settings.faults);
  const limiters = new Map<string, { take(now: number): Admission }>();
  for (const [bucket, quota] of Object.entries(settings.quotas)) if (quota) limiters.set(bucket, createRateLimiter(quota));

  const router = Router({ ignoreTrailingSlash: true, maxParamLength: 2048 });
  const families = allFamilies({ store, settings, requests });
  for (const family of families) {
    for (const route of family.routes) {
      router.on(route.method, `/${family.name}${route.path}`, (req, res, params) => {
        void serve(req, res, family, route, params as Record<string, string>);
      });
    }
  }

  const server = createServer((req, res) => {
    if (!router.find(req.method as 'GET', (req.url ?? '/').split('?')[0])) {
      send(res, 404, { status: 'fail', message: `No route for ${req.method} ${(req.url ?? '').split('?')[0]}` });
      return;
    }
    router.lookup(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  const urls = Object.fromEntries(families.map((f) => [f.name, `${url}/${f.name}`]));

  async function serve(req: IncomingMessage, res: ServerResponse, family: ApiFamily, route: KhorosRoute, params: Record<string, string>) {
    const started = Date.now();
    const parsed = new URL(req.url ?? '/', url);
    const path = parsed.pathname.slice(family.name.length + 1);
    const entry = requests.start({ method: req.method ?? 'GET', family: family.name, path, query: parsed.search });
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    try {
      const scheme = route.auth ?? family.auth;
      if (!isAuthorized(scheme, req.headers, parsed.searchParams, settings, store.sessions)) {
        return answer(401, family.errorBody(401, 'Authentication failed: missing or invalid credentials'));
      }
      const bucket = route.bucket === undefined ? family.bucket : route.bucket;
      const limiter = bucket ? limiters.get(bucket) : undefined;
      const admission = limiter?.take(settings.clock()) ?? { ok: true };
      const refuse = (retryAfterMs: number) => {
        const headers: Record<string, string> = settings.retryAfter === 'seconds' ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {};
        return answer(429, family.errorBody(429, 'Rate limit exceeded'), headers);
      };
      if (!admission.ok) return refuse(admission.retryAfterMs);
      // Families outside the API (admin, public files) never meet faults.
      const now = settings.clock();
      const fault: Fault = bucket || scheme !== 'none' ? faults.next(now) : { kind: 'none' };
      entry.fault = fault.kind === 'none' ? undefined : fault.kind;
      // A storm answers as the quota's own 429: a burst names the shortest wait, a span its end.
      if (fault.kind === '429') return refuse(fault.endsAt === undefined ? 1000 : fault.endsAt - now);
      if (fault.kind === 'reset') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      if (fault.kind === '5xx') return answer(fault.status, family.errorBody(fault.status, 'Service temporarily unavailable'));
      if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      const body = await readBody(req);
      const response = await route.handler({
        method: req.method ?? 'GET', path, params, query: parsed.searchParams, body, headers: req.headers,
        baseUrl: `${url}/${family.name}`, rootUrl: url, now: settings.clock(),
      });
      entry.status = response.status;
      deliver(res, response, fault);
    } catch (error) {
      if (error instanceof KhorosHttpError) return answer(error.status, error.body ?? family.errorBody(error.status, error.message));
      const message = error instanceof Error ? error.message : String(error);
      answer(500, family.errorBody(500, `Internal error: ${message}`));
    } finally {
      entry.ms = Date.now() - started;
    }
  }

  return {
    url, urls, settings, store, requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Writes a JSON answer. */
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Writes a route's answer, bent by the plaintext or truncated fault. */
function deliver(res: ServerResponse, response: KhorosResponse, fault: Fault): void {
  if (response.raw) {
    const headers: Record<string, string> = { 'Content-Type': response.raw.contentType, ...response.headers };
    if (response.raw.length !== undefined) headers['Content-Length'] = String(response.raw.length);
    res.writeHead(response.status, headers);
    response.raw.stream.pipe(res);
    return;
  }
  const text = response.body === undefined ? '' : JSON.stringify(response.body);
  const contentType = fault.kind === 'plaintext' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(response.status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...response.headers });
  if (fault.kind === 'truncated') {
    const bytes = Buffer.from(text);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    // Destroy after the partial write is flushed: the client sees a short body.
    res.socket?.end();
    setImmediate(() => res.destroy());
    return;
  }
  res.end(text);
}
