/**
 * Inserts rows into a workspace table, many per statement: what verify writes its readback
 * and findings with. Values are bound parameters; a column's cast (`JSON`, `VARCHAR[]`,
 * `TIMESTAMPTZ`) is applied in SQL, so objects go in as JSON text.
 */
import type { QueryParam, Workspace } from '../workspace/workspace.ts';

/** A column and the SQL cast of its parameter (none: bound as is). */
export interface InsertColumn {
  name: string;
  cast?: 'JSON' | 'VARCHAR[]' | 'TIMESTAMPTZ' | 'BIGINT' | 'INTEGER';
}

/** Rows per statement. */
const BATCH = 400;

/**
 * Inserts `rows` (values in `columns` order; objects and arrays for JSON and list columns).
 *
 * @example
 * await insertRows(workspace, 'verify_findings', [{ name: 'run_id' }, { name: 'expected', cast: 'JSON' }], [['r1', { a: 1 }]]);
 */
export async function insertRows(workspace: Workspace, table: string, columns: readonly InsertColumn[], rows: readonly unknown[][]): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new RangeError(`not a table name: ${JSON.stringify(table)}`);
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params: QueryParam[] = [];
    const values = batch.map((row) => `(${columns.map((column, c) => {
      params.push(param(row[c], column));
      return column.cast ? `$${params.length}::${column.cast}` : `$${params.length}`;
    }).join(', ')})`);
    await workspace.query(`INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

function param(value: unknown, column: InsertColumn): QueryParam {
  if (value === undefined || value === null) return null;
  if (column.cast === 'JSON' || column.cast === 'VARCHAR[]') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value as QueryParam;
}
