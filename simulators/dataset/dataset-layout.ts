/**
 * The shape of the dataset document as a tree whose record arrays are lazy generators.
 * `generateDataset` materializes the tree; `writeDataset` walks it and streams each record
 * array one element per line. Both read the same tree, so the file and the in-memory
 * document cannot drift apart.
 */
import type { DatasetPlan } from './plan.ts';
import { generateAuthors } from './authors.ts';
import { generateCases } from './cases.ts';
import { generateConversations } from './conversations.ts';
import { generateCustomers } from './customers.ts';
import { generateArticles, generateImages } from './kb.ts';
import {
  generateContacts, intercomAdmins, intercomBrands, intercomConversationAttributes, intercomDataAttributes,
  intercomHelpCenters, intercomTags, intercomTeams, intercomWorkspaceInfo,
} from './intercom-side.ts';
import { TIMELINE } from './timeline.ts';

/** A node of the document tree. */
export type LayoutNode =
  | { kind: 'value'; value: unknown }
  | {
      kind: 'records';
      /** Key in `meta.counts` and in `writeDataset`'s counts. */
      family: string;
      records: () => Iterable<unknown>;
      /** A family nested in each record (interactions in cases, messages in conversations). */
      nested?: { family: string; count: (record: any) => number };
    }
  | { kind: 'object'; entries: ReadonlyArray<readonly [string, LayoutNode]> };

const value = (v: unknown): LayoutNode => ({ kind: 'value', value: v });
const records = (family: string, make: () => Iterable<unknown>, nested?: { family: string; count: (record: any) => number }): LayoutNode => ({ kind: 'records', family, records: make, ...(nested ? { nested } : {}) });
const object = (entries: Array<readonly [string, LayoutNode]>): LayoutNode => ({ kind: 'object', entries });

/**
 * The document tree of a plan, in the key order of the written file.
 *
 * @example
 * const tree = datasetLayout(planDataset(1, SCALES.tiny, 'tiny'));
 */
export function datasetLayout(plan: DatasetPlan): LayoutNode {
  return object([
    ['version', value(1)],
    ['meta', value({ seed: plan.seed, scale: plan.scale, asOf: TIMELINE.asOf, counts: plan.familyCounts, edgeCases: plan.edgeCases })],
    [
      'khoros',
      object([
        ['instance', value(plan.instance)],
        ['customFields', value(plan.customFields)],
        ['customers', records('customers', () => generateCustomers(plan))],
        ['authors', records('authors', () => generateAuthors(plan))],
        ['agents', records('agents', () => plan.agents)],
        ['teams', records('teams', () => plan.teams)],
        ['brands', records('brands', () => plan.brands)],
        ['initiatives', records('initiatives', () => plan.initiatives)],
        ['campaigns', records('campaigns', () => plan.campaigns)],
        ['cases', records('cases', () => generateCases(plan), { family: 'interactions', count: (c) => c.interactions.length })],
        ['conversations', records('conversations', () => generateConversations(plan), { family: 'messages', count: (c) => c.messages.length })],
        [
          'kb',
          object([
            ['categories', records('categories', () => plan.categories)],
            ['boards', records('boards', () => plan.boards)],
            ['articles', records('articles', () => generateArticles(plan))],
            ['images', records('images', () => generateImages(plan))],
          ]),
        ],
        ['workQueues', records('workQueues', () => plan.workQueues)],
        ['tags', records('tags', () => plan.careTags)],
        ['automationRules', records('automationRules', () => plan.automationRules)],
        ['slas', records('slas', () => plan.slas)],
      ]),
    ],
    [
      'intercom',
      object([
        ['workspace', value(intercomWorkspaceInfo(plan))],
        ['admins', records('intercom.admins', () => intercomAdmins(plan))],
        ['teams', records('intercom.teams', () => intercomTeams(intercomAdmins(plan)))],
        ['brands', records('intercom.brands', () => intercomBrands(plan))],
        ['help_centers', records('intercom.help_centers', () => intercomHelpCenters(plan))],
        ['contacts', records('intercom.contacts', () => generateContacts(plan))],
        ['tags', records('intercom.tags', () => intercomTags(plan))],
        ['data_attributes', records('intercom.data_attributes', () => intercomDataAttributes())],
        ['conversation_attributes', records('intercom.conversation_attributes', () => intercomConversationAttributes())],
      ]),
    ],
  ]);
}

/**
 * Builds the whole tree in memory.
 *
 * @example
 * const doc = materialize(datasetLayout(plan)) as Dataset;
 */
export function materialize(node: LayoutNode): unknown {
  if (node.kind === 'value') return node.value;
  if (node.kind === 'records') return Array.from(node.records());
  const out: Record<string, unknown> = {};
  for (const [key, child] of node.entries) out[key] = materialize(child);
  return out;
}
