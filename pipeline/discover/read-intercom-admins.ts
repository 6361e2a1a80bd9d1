/**
 * Reads the Intercom workspace's admins (`GET {url}/admins`, Bearer token,
 * `Intercom-Version` header): one request, read-only. The error it throws names the URL and
 * the status, never the token.
 */
import got from 'got';
import type { Config } from '../config.ts';
import { FatalError } from '../errors.ts';
import type { IntercomAdminRef } from './match-agents.ts';

/**
 * The admins, or a FatalError (`intercom_admins_unreadable`) saying why not.
 *
 * @example
 * const admins = await readIntercomAdmins(config.intercom); // [{ id: '991', email: 'ann@example.com', name: 'Ann' }, ...]
 */
export async function readIntercomAdmins(intercom: Config['intercom'], options: { timeoutMs?: number } = {}): Promise<IntercomAdminRef[]> {
  const url = new URL(`${intercom.url.replace(/\/+$/, '')}/admins`);
  url.username = '';
  url.password = '';
  let response;
  try {
    response = await got(url, {
      headers: { authorization: `Bearer ${intercom.token}`, 'intercom-version': intercom.version, accept: 'application/json', 'user-agent': 'khoros2intercom' },
      throwHttpErrors: false,
      timeout: { request: options.timeoutMs ?? 30_000 },
      retry: { limit: 2, methods: ['GET'] },
    });
  } catch (error) {
    throw new FatalError('intercom_admins_unreadable', `intercom: GET ${url} failed (${(error as NodeJS.ErrnoException).code ?? 'network error'})`);
  }
  if (response.statusCode !== 200) {
    const hint = response.statusCode === 401 || response.statusCode === 403 ? ': check intercom.token' : '';
    throw new FatalError('intercom_admins_unreadable', `intercom: GET ${url} answered ${response.statusCode}${hint}`);
  }
  let body: { admins?: unknown };
  try {
    body = JSON.parse(response.body) as { admins?: unknown };
  } catch {
    throw new FatalError('intercom_admins_unreadable', `intercom: GET ${url} did not answer JSON`);
  }
  if (!Array.isArray(body?.admins)) throw new FatalError('intercom_admins_unreadable', `intercom: GET ${url} answered no "admins" list`);
  return (body.admins as Record<string, unknown>[]).map((a) => ({
    id: String(a.id),
    email: typeof a.email === 'string' ? a.email : '',
    name: typeof a.name === 'string' ? a.name : null,
  }));
}
