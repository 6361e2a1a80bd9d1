/**
 * Reads one Intercom object by id for verify: its JSON, or null when Intercom answers 404
 * (the object is gone, or a fault hides it). Any other error stops the run, as a rate limit
 * or an outage should (exit 3: run verify again).
 */
import { IntercomRequestError } from '../errors.ts';
import type { IntercomClient } from '../intercom/intercom-api.ts';

type Obj = Record<string, any>;

/**
 * @example
 * await readById(intercom, '/contacts', '6762f0000000000000000001'); // { type: 'contact', ... } or null
 */
export async function readById(intercom: IntercomClient, collection: string, id: string): Promise<Obj | null> {
  try {
    return await intercom.request<Obj>('GET', `${collection}/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof IntercomRequestError && error.status === 404) return null;
    throw error;
  }
}
