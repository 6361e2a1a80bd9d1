/**
 * Reads the Care authors (Persons) that link to Khoros customers through their CRM handle
 * (`handles.crm[].id`), for the two lookups that need them: the authors of each customer
 * (profile enrichment of contacts) and the customer of each author (the contact of a Care
 * conversation). A merged author without a CRM handle of its own takes its survivor's
 * (`mergedIntoId`), so references to it resolve to the surviving customer.
 *
 * Read for a chunk of customers or authors (memory follows the chunk), or for all (memory
 * grows with the staged authors).
 */
import type { Author } from '../../simulators/dataset/types.ts';
import type { Workspace } from '../workspace/workspace.ts';

/** Which authors to read: those of these customers, these author ids, or every one. */
export type AuthorSelection = { customerIds?: readonly string[]; authorIds?: readonly string[] } | 'all';

/** The two author tables of `Lookups`. */
export interface AuthorLookups {
  authorsByCustomer: Map<string, Author[]>;
  customerByAuthor: Map<string, string>;
}

const CRM_IDS = `CAST(json_extract_string(payload, '$.handles.crm[*].id') AS VARCHAR[])`;

/**
 * Reads the author lookups of a selection.
 *
 * @example
 * const { authorsByCustomer } = await readAuthorLookups(workspace, { customerIds: ['C0000007'] });
 * authorsByCustomer.get('C0000007')?.length; // 1
 */
export async function readAuthorLookups(workspace: Workspace, selection: AuthorSelection): Promise<AuthorLookups> {
  const authorsByCustomer = new Map<string, Author[]>();
  const customerByAuthor = new Map<string, string>();
  const all = selection === 'all';
  const customerIds = all ? [] : [...new Set(selection.customerIds ?? [])];
  const authorIds = all ? [] : [...new Set(selection.authorIds ?? [])];

  if (all || customerIds.length) {
    const rows = await workspace.query<{ key: string; payload: Author; crm: string[] | null }>(
      `SELECT key, payload, ${CRM_IDS} AS crm FROM raw_authors
       WHERE ${all ? 'len(' + CRM_IDS + ') > 0' : `list_has_any(${CRM_IDS}, CAST(from_json($1::JSON, '["VARCHAR"]') AS VARCHAR[]))`}
       ORDER BY key`, all ? [] : [JSON.stringify(customerIds)]);
    const wanted = new Set(customerIds);
    for (const row of rows) {
      for (const id of new Set(row.crm ?? [])) {
        if (!all && !wanted.has(id)) continue;
        const list = authorsByCustomer.get(id) ?? [];
        list.push(row.payload);
        authorsByCustomer.set(id, list);
      }
    }
  }

  if (all || authorIds.length) {
    // The author's first CRM handle, else its survivor's when it was merged away.
    const rows = await workspace.query<{ key: string; customer: string | null }>(
      `SELECT a.key, coalesce((${CRM_IDS.replaceAll('payload', 'a.payload')})[1], (${CRM_IDS.replaceAll('payload', 's.payload')})[1]) AS customer
       FROM raw_authors AS a LEFT JOIN raw_authors AS s ON s.key = (a.payload->>'mergedIntoId')
       ${all ? '' : `WHERE a.key IN (SELECT unnest(from_json($1::JSON, '["VARCHAR"]')))`}`, all ? [] : [JSON.stringify(authorIds)]);
    for (const row of rows) if (row.customer) customerByAuthor.set(row.key, row.customer);
  }
  return { authorsByCustomer, customerByAuthor };
}
