/**
 * A small hand-written Intercom workspace for the simulator specs: two admins in one team,
 * two tags, a string and an integer custom contact attribute, three contacts.
 */
import type { IntercomWorkspace } from '../../../simulators/dataset/types.ts';

/**
 * A fresh copy each call, so a spec may change it.
 *
 * @example
 * const sim = await startIntercomSimulator({ workspace: smallWorkspace() });
 */
export function smallWorkspace(): IntercomWorkspace {
  return {
    workspace: { id: 'ws1abcde', name: 'Acme Support', region: 'us' },
    admins: [
      { type: 'admin', id: '991267459', name: 'Ciara Lee', email: 'ciara@acme.test', job_title: 'Lead' },
      { type: 'admin', id: '991267460', name: 'Tomas Ruiz', email: 'tomas@acme.test' },
    ],
    teams: [{ type: 'team', id: '814865', name: 'Tier 1', admin_ids: [991267459, 991267460] }],
    tags: [{ type: 'tag', id: '101', name: 'VIP' }, { type: 'tag', id: '102', name: 'Churn risk' }],
    data_attributes: [
      { model: 'contact', name: 'plan', label: 'Plan', data_type: 'string' },
      { model: 'contact', name: 'seats', label: 'Seats', data_type: 'integer' },
    ],
    contacts: [
      { id: '5ba682d23d7cf92bef87bf01', role: 'user', external_id: 'cust-1', email: 'ann@example.com', name: 'Ann Smith', created_at: 1_700_000_000, custom_attributes: { plan: 'pro', seats: 5 }, tags: ['101'] },
      { id: '5ba682d23d7cf92bef87bf02', role: 'user', external_id: 'cust-2', email: 'bob@example.org', name: 'Bob Jones', created_at: 1_700_086_400, custom_attributes: { plan: 'free', seats: 1 } },
      { id: '5ba682d23d7cf92bef87bf03', role: 'lead', email: 'carol@example.com', name: 'Carol', created_at: 1_700_172_800 },
    ],
  };
}
