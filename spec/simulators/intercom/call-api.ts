/**
 * A tiny fetch wrapper for the Intercom simulator specs: JSON in, status, headers and
 * parsed JSON out, with the bearer token and `Intercom-Version: 2.16` unless overridden.
 */

/** What `callApi` returns. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Calls the simulator.
 *
 * @example
 * const { status, body } = await callApi(sim, 'POST', '/contacts', { email: 'a@b.co' });
 */
export async function callApi(
  sim: { url: string; token: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${sim.token}`,
      'Intercom-Version': '2.16',
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
