/**
 * A hostile server for the secrets spec: it forwards requests to the real simulator but
 * for those it is told to echo, which it answers with an error whose body echoes the
 * request back (its URL, its body, every header, Authorization included), as a
 * misconfigured gateway or an API's verbose error page might. A stage meeting it fails
 * mid-way, and every error message built from the answer is where a credential could slip
 * out.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of `startEchoProxy`. */
export interface EchoProxyOptions {
  /** Base URL of the server the first requests go to (`http://host:port`). */
  target: string;
  /** Whether to echo this request (`seen`: requests before it) rather than forward it. */
  echo: (request: { method: string; path: string; seen: number }) => boolean;
  /** Status of the echoing answers. @default 400 */
  status?: number;
  /** The error body around the echo, in the shape of the API behind. */
  body: (echo: string) => unknown;
}

/** A running echo proxy. */
export interface EchoProxy {
  /** `http://127.0.0.1:port`: put it where the target's base URL was. */
  url: string;
  /** Requests forwarded and requests echoed so far. */
  readonly counts: { forwarded: number; echoed: number };
  close(): Promise<void>;
}

/**
 * Starts an echo proxy on a free port.
 *
 * @example
 * const proxy = await startEchoProxy({ target: sims.intercom.url, echo: ({ seen }) => seen >= 20, body: (echo) => ({ type: 'error.list', errors: [{ code: 'bad_request', message: echo }] }) });
 * // config.intercom.url = proxy.url
 */
export async function startEchoProxy(options: EchoProxyOptions): Promise<EchoProxy> {
  const counts = { forwarded: 0, echoed: 0 };
  const target = new URL(options.target);
  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    if (!options.echo({ method: req.method ?? 'GET', path: req.url ?? '/', seen: counts.forwarded + counts.echoed })) {
      counts.forwarded += 1;
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
      return;
    }
    counts.echoed += 1;
    const echo = [`${req.method} ${req.url}`, body.toString(), ...Object.entries(req.headers).map(([name, value]) => `${name}: ${value}`)].join('\n');
    res.writeHead(options.status ?? 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(options.body(echo)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
