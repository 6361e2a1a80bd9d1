/**
 * One API family's client: its own got instance, the throttle of its quota, its
 * credentials, and the retry loop. JSON is parsed here, not by got, so a garbled body is
 * classified (and retried) rather than thrown.
 */
import type { Got } from 'got';
import type { Readable } from 'node:stream';
import { ConfigError, HostNotAllowedError } from '../errors.ts';
import { classifyStatus } from './classify-outcome.ts';
import { noAuth, type FamilyAuth } from './family-auth.ts';
import type { KhorosApi, KhorosRequestOptions } from './khoros-api.ts';
import { requestWithRetries, type Attempt, type RetryLoopContext } from './request-with-retries.ts';
import type { Redactor } from './create-redactor.ts';

/** Everything one family client needs. */
export interface FamilyClientContext extends RetryLoopContext {
  baseUrl: string | undefined;
  got: Got;
  auth: FamilyAuth;
  timeoutMs: number;
  /** Whether an absolute URL's host may be requested. */
  isAllowed(url: URL): boolean;
}

/** Bytes of an error body kept for the message. */
const ERROR_BODY_BYTES = 4096;

/**
 * Builds the `KhorosApi` of one family.
 *
 * @example
 * const care = createFamilyClient({ family: 'care', baseUrl: config.care, got: got.extend({...}), ... });
 * const page = await care.json('/api/v2/authors', { searchParams: { offset: 0 } });
 */
export function createFamilyClient(ctx: FamilyClientContext): KhorosApi {
  const { family, baseUrl = '', redactor, signal, timeoutMs } = ctx;
  const origin = baseUrl ? new URL(baseUrl).origin : undefined;

  const resolve = (pathOrUrl: string, searchParams: KhorosRequestOptions['searchParams'] = {}): URL => {
    let url: URL;
    if (/^https?:\/\//i.test(pathOrUrl)) {
      url = new URL(pathOrUrl);
      if (!ctx.isAllowed(url)) throw new HostNotAllowedError(family, redactor.url(url), url.host);
    } else {
      if (!baseUrl) throw new ConfigError(`khoros.${family === 'careOther' ? 'care' : family} is not configured, so ${family} cannot request ${pathOrUrl}`);
      url = new URL(`${baseUrl.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`);
    }
    for (const [name, value] of Object.entries(searchParams)) url.searchParams.set(name, String(value));
    return url;
  };
  // Credentials go only to the family's own origin; other allowed hosts (a CDN) get none.
  const authFor = (url: URL) => (url.origin === origin ? ctx.auth : noAuth);

  return {
    family,
    baseUrl,
    async json<T = unknown>(pathOrUrl: string, options: KhorosRequestOptions = {}): Promise<T> {
      const url = resolve(pathOrUrl, options.searchParams);
      const method = options.method ?? 'GET';
      const idempotent = options.idempotent ?? method === 'GET';
      return requestWithRetries<T>(ctx, { method, url, idempotent, auth: authFor(url) }, async (headers) => {
        const res = await ctx.got(url, {
          method, headers, json: options.json, form: options.form, signal,
          responseType: 'text', followRedirect: false, timeout: { request: timeoutMs },
        });
        const status = res.statusCode;
        const contentType = res.headers['content-type'];
        const outcome = classifyStatus(status);
        if (outcome !== 'ok') return refusal(url, status, res.headers, res.body);
        if (status === 204 || status === 205) return { ok: true, value: undefined as T };
        try {
          // Care declares JSON as text/plain: the content type does not matter, parsing does.
          return { ok: true, value: JSON.parse(res.body) as T };
        } catch (error) {
          const detail = res.body ? redactor.text((error as Error).message) : 'empty body';
          return { ok: false, outcome: 'malformed', status, contentType, detail, responseBody: redactor.excerpt(res.body, ERROR_BODY_BYTES) };
        }
      });
    },
    async download(pathOrUrl: string) {
      const url = resolve(pathOrUrl);
      type Download = { status: number; contentType: string | undefined; contentLength: number | undefined; body: Readable };
      return requestWithRetries<Download>(ctx, { method: 'GET', url, idempotent: true, auth: authFor(url) }, async (headers) => {
        const body = ctx.got.stream(url, {
          headers, signal, followRedirect: true,
          // Whole downloads may take long: bound each phase and idleness, not the total.
          timeout: { lookup: timeoutMs, connect: timeoutMs, secureConnect: timeoutMs, send: timeoutMs, response: timeoutMs, socket: timeoutMs },
          hooks: { beforeRedirect: [(options) => { const to = new URL(String(options.url)); if (!ctx.isAllowed(to)) throw new HostNotAllowedError(family, redactor.url(to), to.host); }] },
        });
        const res = await new Promise<import('got').Response>((ok, fail) => {
          const onError = (error: Error) => fail((error as { cause?: unknown }).cause instanceof HostNotAllowedError ? (error as { cause: Error }).cause : error);
          body.once('error', onError);
          body.once('response', (response) => { body.off('error', onError); ok(response); });
        });
        const status = res.statusCode;
        if (classifyStatus(status) !== 'ok') {
          const text = await readSome(body, ERROR_BODY_BYTES);
          body.destroy();
          return refusal(url, status, res.headers, text);
        }
        const length = Number(res.headers['content-length']);
        return { ok: true, value: { status, contentType: res.headers['content-type'], contentLength: Number.isFinite(length) ? length : undefined, body } };
      });
    },
  };

  function refusal(url: URL, status: number, headers: Record<string, string | string[] | undefined>, text: string): Attempt<never> {
    const outcome = classifyStatus(status) as Exclude<ReturnType<typeof classifyStatus>, 'ok'>;
    const location = headers.location ? ` to ${redactor.url(URL.canParse(String(headers.location), url.href) ? new URL(String(headers.location), url) : String(headers.location))}` : '';
    const retryAfter = headers['retry-after'];
    return {
      ok: false, outcome, status, detail: status < 400 ? `unexpected redirect${location}` : `HTTP ${status}`,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, contentType: headers['content-type'] as string | undefined,
      responseMessage: messageOf(text, redactor), responseBody: text ? redactor.excerpt(text, ERROR_BODY_BYTES) : undefined,
    };
  }
}

/** The message of a Khoros error envelope (Care, Analytics, Community v1/v2, Marketing, CRM, Bot), at most 300 characters. */
function messageOf(text: string, redactor: Redactor): string | undefined {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const candidates = [body?.message, body?.status?.error?.message, body?.response?.error?.message, body?.error?.messages?.[0], body?.error?.message, body?.error];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  return found === undefined ? undefined : redactor.excerpt(found, 300);
}

/** Reads up to `limit` bytes of a stream as text. */
async function readSome(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= limit) break;
    }
  } catch {
    // An error body that fails to arrive is still a refusal; the status says enough.
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
