/**
 * The simulator's in-memory workspace, seeded from a dataset's `intercom` side. Every map
 * holds objects in Intercom's own 2.16 response shapes, so inspection returns them as they are.
 */
import type { IntercomWorkspace } from '../dataset/types.ts';
import { buildContact } from './contact-object.ts';
import type { SimState } from './context.ts';
import { SearchIndex } from './search-index.ts';
import { standardAttributes } from './standard-attributes.ts';

/** Options of `createState`. */
export interface StateOptions {
  /** Epoch milliseconds. @default Date.now */
  clock?: () => number;
  /** Seconds before a written contact shows in search. @default 0 */
  searchDelaySeconds?: number;
  /** Base URL of the API; the server sets it once it listens. @default '' */
  baseUrl?: string;
}

type Family = Parameters<SimState['nextId']>[0];

/**
 * Builds the state for one simulator run.
 *
 * @example
 * const state = createState({ contacts: [{ id: '6762f0000000000000000001', role: 'user', email: 'a@b.co' }] });
 * state.contacts.get('6762f0000000000000000001')!.email_domain; // 'b.co'
 * state.nextId('tag'); // '1' (numeric ids are counters, skipping ids the dataset uses)
 */
export function createState(seed: IntercomWorkspace, options: StateOptions = {}): SimState {
  // The state mutates its objects: a copy keeps two simulators of one dataset apart.
  const workspace = structuredClone(seed);
  const clock = options.clock ?? Date.now;
  const counters = new Map<Family, number>();
  const state: SimState = {
    baseUrl: options.baseUrl ?? '',
    workspaceId: workspace.workspace?.id ?? 'simws001',
    contacts: new Map(), conversations: new Map(), tags: new Map(), dataAttributes: new Map(),
    conversationAttributes: new Map(), admins: new Map(), teams: new Map(), brands: new Map(),
    helpCenters: new Map(), articles: new Map(), internalArticles: new Map(), collections: new Map(),
    uploads: new Map(),
    now: () => Math.floor(clock() / 1000),
    searchDelaySeconds: options.searchDelaySeconds ?? 0,
    hooks: {},
    contactIndex: new SearchIndex(),
    nextId(family) {
      const taken = takenIds(state, family);
      for (;;) {
        const n = (counters.get(family) ?? 0) + 1;
        counters.set(family, n);
        const id = family === 'contact' ? `6762f0${n.toString(16).padStart(18, '0')}` : String(n);
        if (!taken(id)) return id;
      }
    },
  };
  const now = state.now();
  seedAdmins(state, workspace);
  for (const brand of workspace.brands ?? []) state.brands.set(brand.id, dropNulls({ ...brand }));
  if (state.brands.size === 0) {
    // "The default brand id always matches the workspace" (2.16 `GET /brands`).
    state.brands.set(state.workspaceId, { type: 'brand', id: state.workspaceId, name: workspace.workspace?.name ?? 'Default Brand', is_default: true, created_at: now, updated_at: now });
  }
  (workspace.help_centers ?? []).forEach((hc, i) => state.helpCenters.set(hc.id, {
    workspace_id: state.workspaceId, created_at: now, updated_at: now, website_turned_on: false,
    display_name: hc.identifier, default: i === 0, locales: ['en'], ...dropNulls({ ...hc }),
  }));
  for (const tag of workspace.tags ?? []) state.tags.set(tag.id, { type: 'tag', id: tag.id, name: tag.name });
  seedDataAttributes(state, workspace, now);
  for (const attribute of workspace.conversation_attributes ?? []) {
    const id = attribute.id === undefined ? state.nextId('attribute') : String(attribute.id);
    state.conversationAttributes.set(id, { type: 'conversation_attribute', ...attribute, id: Number(id) });
  }
  for (const seed of workspace.contacts ?? []) {
    const { tags = [], type: _type, id, workspace_id: _ws, created_at, updated_at, ...fields } = seed;
    const contact = buildContact(state, id, fields, created_at ?? now);
    contact.updated_at = updated_at ?? contact.created_at;
    contact.tags.data = tags.map((ref) => tagFor(state, ref)).map((tagId) => ({ type: 'tag', id: tagId, url: `/tags/${tagId}` }));
    state.contacts.set(id, contact);
    state.contactIndex!.record(id, contact, Number.NEGATIVE_INFINITY);
  }
  return state;
}

/**
 * The admin the API token belongs to (`GET /me`): the first admin of the workspace.
 *
 * @example
 * currentAdminId(state); // '991267459'
 */
export function currentAdminId(state: SimState): string {
  return state.admins.keys().next().value as string;
}

function seedAdmins(state: SimState, workspace: IntercomWorkspace): void {
  const teams = workspace.teams ?? [];
  for (const team of teams) state.teams.set(team.id, { ...team, type: 'team', admin_ids: team.admin_ids ?? [] });
  for (const admin of workspace.admins ?? []) {
    const teamIds = admin.team_ids ?? teams.filter((t) => t.admin_ids.map(String).includes(admin.id)).map((t) => Number(t.id));
    state.admins.set(admin.id, dropNulls({ away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, ...admin, type: 'admin', team_ids: teamIds }));
  }
  if (state.admins.size === 0) {
    state.admins.set('1', { type: 'admin', id: '1', name: 'Simulator Admin', email: 'admin@simulator.invalid', away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [] });
  }
}

function seedDataAttributes(state: SimState, workspace: IntercomWorkspace, now: number): void {
  for (const model of ['contact', 'company'] as const) {
    // Standard attributes are keyed by full_name: `plan.name` and `name` share a name.
    for (const attribute of standardAttributes(model)) state.dataAttributes.set(`${model}.${attribute.full_name}`, attribute);
  }
  for (const seed of workspace.data_attributes ?? []) {
    const id = seed.id ?? Number(state.nextId('attribute'));
    state.dataAttributes.set(`${seed.model}.${seed.name}`, {
      type: 'data_attribute', id, model: seed.model, name: seed.name, full_name: `custom_attributes.${seed.name}`,
      label: seed.label ?? seed.name, description: seed.description ?? '',
      data_type: seed.data_type === 'datetime' ? 'date' : seed.data_type,
      ...(seed.options ? { options: seed.options } : {}),
      api_writable: seed.api_writable ?? true, ui_writable: seed.ui_writable ?? true, messenger_writable: false,
      custom: true, archived: seed.archived ?? false, admin_id: currentAdminId(state),
      created_at: seed.created_at ?? now, updated_at: seed.updated_at ?? now,
    });
  }
}

/** A dataset contact's tag reference is a tag id or a tag name; unknown names become tags. */
function tagFor(state: SimState, ref: string): string {
  if (state.tags.has(ref)) return ref;
  for (const tag of state.tags.values()) if (tag.name.toLowerCase() === ref.toLowerCase()) return tag.id;
  const id = state.nextId('tag');
  state.tags.set(id, { type: 'tag', id, name: ref });
  return id;
}

function takenIds(state: SimState, family: Family): (id: string) => boolean {
  switch (family) {
    case 'contact': return (id) => state.contacts.has(id);
    case 'conversation': return (id) => state.conversations.has(id);
    case 'tag': return (id) => state.tags.has(id);
    case 'article': return (id) => state.articles.has(id) || state.internalArticles.has(id);
    case 'collection': return (id) => state.collections.has(id);
    case 'upload': return (id) => state.uploads.has(id);
    case 'attribute': return (id) => state.conversationAttributes.has(id)
      || [...state.dataAttributes.values()].some((a) => String(a.id) === id);
    default: return () => false;
  }
}

function dropNulls<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === null) delete record[key];
  return record;
}
