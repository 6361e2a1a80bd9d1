/**
 * Starts the real Intercom simulator (every module of `routes/index.ts`) for the conversation
 * and help-center specs, on the small workspace with help centers and conversation attributes
 * added.
 */
import type { IntercomWorkspace } from '../../../simulators/dataset/types.ts';
import { startIntercomSimulator, type IntercomSimOptions, type IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { smallWorkspace } from './small-workspace.ts';

/** Contact ids of the small workspace. */
export const ANN = '5ba682d23d7cf92bef87bf01';
export const BOB = '5ba682d23d7cf92bef87bf02';
export const CAROL = '5ba682d23d7cf92bef87bf03';
/** Admin and team ids of the small workspace. */
export const CIARA = '991267459';
export const TOMAS = '991267460';
export const TEAM = '814865';

/**
 * The small workspace plus an English-only default help center, a bilingual one, and four
 * conversation attributes (string, integer, list, and an archived string).
 *
 * @example
 * const workspace = conversationWorkspace();
 */
export function conversationWorkspace(): IntercomWorkspace {
  return {
    ...smallWorkspace(),
    help_centers: [
      { id: '81', identifier: 'acme', display_name: 'Acme Help', website_turned_on: true, locales: ['en'] },
      { id: '82', identifier: 'acme-eu', display_name: 'Acme EU', website_turned_on: true, locales: ['en', 'fr'] },
    ],
    conversation_attributes: [
      { id: 1, name: 'issue_type', data_type: 'string', description: '', required: false, visible_to_team_ids: [], archived: false, created_at: 1_700_000_000, updated_at: 1_700_000_000, admin_id: CIARA, multiline: false },
      { id: 2, name: 'khoros_case_number', data_type: 'integer', description: '', required: false, visible_to_team_ids: [], archived: false, created_at: 1_700_000_000, updated_at: 1_700_000_000, admin_id: CIARA },
      {
        id: 3, name: 'channel', data_type: 'list', description: '', required: false, visible_to_team_ids: [], archived: false, created_at: 1_700_000_000, updated_at: 1_700_000_000, admin_id: CIARA,
        options: [{ id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', label: 'twitter', archived: false }, { id: 'b2c3d4e5-f6a7-8901-bcde-f01234567891', label: 'facebook', archived: false }],
      },
      { id: 4, name: 'old_field', data_type: 'string', description: '', required: false, visible_to_team_ids: [], archived: true, created_at: 1_700_000_000, updated_at: 1_700_000_000, admin_id: CIARA },
    ],
  };
}

/**
 * Starts the simulator on {@link conversationWorkspace}.
 *
 * @example
 * const sim = await startConversationSim({ clock: () => 1_750_000_000_000 });
 */
export function startConversationSim(options: Partial<IntercomSimOptions> = {}): Promise<IntercomSimulator> {
  return startIntercomSimulator({ workspace: conversationWorkspace(), ...options });
}
