/**
 * The Help Center tree for the KB: one collection per Community category that holds a KB
 * board (directly or below), nested as the categories are (`parent_category`), and one
 * section (a collection with a parent) per KB board under its category's collection, all
 * in one help center (`POST /help_center/collections {name, description, parent_id,
 * help_center_id}`). Categories with no KB board below them (forums, blogs) get nothing.
 *
 * A collection is found again by the ledger (the id its create wrote, if Intercom still
 * has it), else by help center, parent and name; only missing ones are created, parents
 * first. After a 5xx the create's lookup lists the collections again before resending.
 */
import type { IntercomClient } from '../intercom/intercom-api.ts';
import { containsHtml } from '../transform/contains-html.ts';
import { htmlToText } from '../transform/html-to-text.ts';
import { lastWrite } from '../workspace/ledger.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { provisionStep, skipStep, type ProvisionContext } from './provision-step.ts';
import { listCollections, type Collection } from './read-intercom-setup.ts';

/** One category or board to provision, parents before children. */
export interface KbNode {
  /** `kb_categories/<id>` or `kb_boards/<id>` (the ledger's key). */
  key: string;
  family: 'kb_categories' | 'kb_boards';
  id: string;
  name: string;
  description: string;
  /** The parent category's key; null: top level. */
  parentKey: string | null;
}

/** The tree, and what planning noticed. */
export interface KbTree {
  nodes: KbNode[];
  notes: string[];
}

interface Staged {
  id: string;
  title: string | null;
  description: string | null;
  parent: string | null;
}

/**
 * Reads the staged categories and boards and orders the tree, parents first.
 *
 * @example
 * const { nodes } = await planCollections(workspace);
 * nodes.map((n) => n.key); // ['kb_categories/getting-started', 'kb_categories/billing-payments', 'kb_boards/billing-payments-knowledge-base', ...]
 */
export async function planCollections(workspace: Workspace): Promise<KbTree> {
  const read = async (family: string, parentFields: string[]): Promise<Staged[]> => {
    const [exists] = await workspace.query<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1`, [`raw_${family}`]);
    if (!exists?.n) return [];
    const parent = `coalesce(payload->'parent_category'->>'id', ${parentFields.map((f) => `payload->>'${f}'`).join(', ')})`;
    return workspace.query<Staged>(
      `SELECT key AS id, payload->>'title' AS title, payload->>'description' AS description, ${parent} AS parent FROM raw_${family} ORDER BY key`);
  };
  const categories = new Map((await read('kb_categories', ['parentId', 'parent_id'])).map((c) => [c.id, c]));
  const boards = await read('kb_boards', ['categoryId', 'parentId']);
  const notes: string[] = [];

  // Keep the categories above a board; a parent that is not staged, or a loop, ends the walk.
  const kept = new Set<string>();
  const parentOf = new Map<string, string | null>();
  for (const board of boards) {
    const seen = new Set<string>();
    for (let at = board.parent; at !== null; at = categories.get(at)?.parent ?? null) {
      if (!categories.has(at)) {
        notes.push(`category ${at} (above board ${board.id}) is not staged: what is below it goes to the top level`);
        break;
      }
      if (seen.has(at)) {
        notes.push(`categories loop at ${at}: it goes to the top level`);
        parentOf.set(at, null);
        break;
      }
      seen.add(at);
      kept.add(at);
    }
  }
  const pruned = [...categories.keys()].filter((id) => !kept.has(id));
  if (pruned.length) notes.push(`${pruned.length} ${pruned.length === 1 ? 'category holds' : 'categories hold'} no KB board and get${pruned.length === 1 ? 's' : ''} no collection: ${pruned.join(', ')}`);

  const nodes: KbNode[] = [];
  const node = (family: KbNode['family'], staged: Staged, parent: string | null): KbNode => ({
    key: `${family}/${staged.id}`, family, id: staged.id, name: nameOf(staged), description: textOf(staged.description),
    parentKey: parent !== null && kept.has(parent) ? `kb_categories/${parent}` : null,
  });
  const children = new Map<string | null, KbNode[]>();
  for (const id of kept) {
    const staged = categories.get(id)!;
    const parent = parentOf.has(id) ? null : staged.parent;
    const n = node('kb_categories', staged, parent);
    const list = children.get(n.parentKey) ?? [];
    children.set(n.parentKey, [...list, n]);
  }
  for (const board of boards) {
    const n = node('kb_boards', board, board.parent);
    children.set(n.parentKey, [...(children.get(n.parentKey) ?? []), n]);
  }
  // Depth first from the top: each node after its parent; siblings by key, categories before boards.
  const visit = (parentKey: string | null) => {
    const rank = (n: KbNode) => (n.family === 'kb_categories' ? 0 : 1);
    for (const n of (children.get(parentKey) ?? []).sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key))) {
      nodes.push(n);
      if (n.family === 'kb_categories') visit(n.key);
    }
  };
  visit(null);
  return { nodes, notes };
}

function nameOf(staged: Staged): string {
  const title = textOf(staged.title);
  return title || staged.id;
}

function textOf(value: string | null): string {
  if (typeof value !== 'string') return '';
  return (containsHtml(value) ? htmlToText(value) : value).replace(/\s+/g, ' ').trim();
}

/**
 * Provisions the tree in one help center; answers the Intercom id per node key.
 *
 * @example
 * const ids = await provisionCollections(context, intercom, setup.collections, tree.nodes, { id: '4100001', default: true });
 * ids.get('kb_boards/billing-payments-knowledge-base'); // '12'
 */
export async function provisionCollections(context: ProvisionContext, intercom: IntercomClient, existing: readonly Collection[],
  nodes: readonly KbNode[], helpCenter: { id: string; default: boolean }): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const inHelpCenter = (c: Collection) => (c.help_center_id === null ? helpCenter.default : String(c.help_center_id) === helpCenter.id);
  const matches = (c: Collection, parentId: string | null, name: string) =>
    inHelpCenter(c) && String(c.parent_id ?? '') === String(parentId ?? '') && String(c.name ?? '').trim() === name;
  const byId = new Map(existing.map((c) => [String(c.id), c]));
  for (const node of nodes) {
    const kind = node.family === 'kb_boards' ? 'section' : 'collection';
    const step = { objectType: 'collection' as const, key: node.key, name: node.name, detail: `${kind} for ${node.family === 'kb_boards' ? 'KB board' : 'category'} ${node.id}` };
    const parentId = node.parentKey === null ? null : ids.get(node.parentKey) ?? null;
    if (node.parentKey !== null && parentId === null) {
      skipStep(context, step, `its parent ${node.parentKey} has no collection`);
      continue;
    }
    // The ledger's id first (the name may have been edited in Intercom since), then the name.
    const last = await lastWrite(context.workspace, 'collection', node.key, 'create');
    const written = last?.status === 'done' && last.intercomId && byId.has(last.intercomId) ? last.intercomId : undefined;
    const found = written ?? existing.find((c) => matches(c, parentId, node.name))?.id;
    const payload: Record<string, unknown> = {
      name: node.name, ...(node.description ? { description: node.description } : {}),
      ...(parentId !== null ? { parent_id: parentId } : {}), help_center_id: Number(helpCenter.id),
    };
    const lookup = async () => (await listCollections(intercom)).find((c) => matches(c, parentId, node.name));
    const id = await provisionStep(context, {
      ...step, report: { parentId },
      existing: () => (found === undefined ? undefined : String(found)),
      write: {
        endpoint: 'POST /help_center/collections', payload,
        send: () => intercom.request<Collection>('POST', '/help_center/collections', { json: payload, lookup }),
        settle: (created) => ({ intercomId: String(created.id) }),
      },
    });
    if (id !== undefined) ids.set(node.key, id);
  }
  return ids;
}
