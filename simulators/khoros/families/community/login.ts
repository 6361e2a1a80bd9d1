/**
 * Community API v1 login, `POST /restapi/vc/authentication/sessions/login` (GET works too,
 * as public callers use both): `user.login` and `user.password` as query parameters or a
 * form body. Answers as v1 does (reference §1.3, §4): XML unless
 * `restapi.response_format=json`; with JSON, `{response:{status:"success", value:{type:
 * "string", $:"<session key>"}}}`. Bad credentials are a v1 error with HTTP 200; its code
 * (303, "User authentication failed.") is seed-defined, the public record shows only
 * code 301 "Invalid session key.".
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { KhorosRequest, KhorosResponse } from '../../route.ts';
import type { KhorosSimSettings } from '../../settings.ts';

/**
 * Checks the credentials against the Care API user and issues a session key.
 *
 * @example
 * const res = login(req, settings, store.sessions);
 * // res.body → { response: { status: 'success', value: { type: 'string', $: 'k3y…' } } }
 */
export function login(req: KhorosRequest, settings: KhorosSimSettings, sessions: Set<string>): KhorosResponse {
  const params = new URLSearchParams(req.query);
  if (typeof req.body === 'string') for (const [k, v] of new URLSearchParams(req.body)) params.set(k, v);
  const json = params.get('restapi.response_format') === 'json';
  if (params.get('user.login') !== settings.username || params.get('user.password') !== settings.password) {
    return v1(json, { status: 'error', error: { code: 303, message: 'User authentication failed.' } },
      '<response status="error"><error code="303"><message>User authentication failed.</message></error></response>');
  }
  // Session keys are opaque to clients; a random one per login, valid until the simulator stops.
  const key = randomBytes(24).toString('base64url');
  sessions.add(key);
  return v1(json, { status: 'success', value: { type: 'string', $: key } },
    `<response status="success"><value type="string">${key}</value></response>`);
}

function v1(json: boolean, response: unknown, xml: string): KhorosResponse {
  if (json) return { status: 200, body: { response } };
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
  return { status: 200, raw: { contentType: 'text/xml; charset=UTF-8', length: Buffer.byteLength(text), stream: Readable.from([Buffer.from(text)]) } };
}
