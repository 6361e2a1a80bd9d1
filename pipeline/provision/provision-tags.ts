/**
 * Creates the planned tags Intercom lacks (`POST /tags {name}`). Intercom compares tag
 * names case-insensitively and `POST /tags {name}` answers the existing tag when the name is
 * taken, so the request is idempotent: after a 5xx it is simply sent again. The tags were
 * listed once at the start; only the missing ones are written.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import type { PlannedTag } from './plan-tags.ts';
import { provisionStep, type ProvisionContext } from './provision-step.ts';
import type { IntercomSetup } from './read-intercom-setup.ts';

/**
 * Provisions the tags, one request per missing tag.
 *
 * @example
 * await provisionTags(context, intercom, setup, [{ name: 'brand: Litware Labs', detail: '...' }]);
 */
export async function provisionTags(context: ProvisionContext, intercom: IntercomClient, setup: IntercomSetup, planned: readonly PlannedTag[]): Promise<void> {
  const existing = new Map(setup.tags.map((t) => [t.name.trim().toLowerCase(), t.id]));
  for (const tag of planned) {
    const payload = { name: tag.name };
    await provisionStep(context, {
      objectType: 'tag', key: tag.name, name: tag.name, detail: tag.detail,
      existing: () => existing.get(tag.name.trim().toLowerCase()),
      write: {
        endpoint: 'POST /tags', payload,
        send: () => intercom.request<{ id: string | number }>('POST', '/tags', { json: payload, idempotent: true }),
        settle: (answer) => ({ intercomId: String(answer.id) }),
      },
    });
  }
}
