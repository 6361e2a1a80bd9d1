/**
 * Reads query results as plain objects for reports and specs: JSON columns parsed back
 * into values, integers that fit a JS number as numbers (counts come back as BIGINT),
 * timestamps as `Date`, lists as arrays.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { QueryParam } from './workspace.ts';

/**
 * Runs `sql` with `params` and converts each row.
 *
 * @example
 * await readRows(connection, 'SELECT count(*) AS n, $1::JSON AS j', ['{"a":1}']); // [{ n: 1, j: { a: 1 } }]
 */
export async function readRows<T>(connection: DuckDBConnection, sql: string, params?: readonly QueryParam[] | Record<string, QueryParam>): Promise<T[]> {
  const values = params === undefined ? undefined : Array.isArray(params) ? [...params] : { ...(params as Record<string, QueryParam>) };
  const reader = await connection.runAndReadAll(sql, values as DuckDBValue[] | Record<string, DuckDBValue> | undefined);
  const names = reader.deduplicatedColumnNames();
  const isJson = reader.columnTypes().map((type) => type.alias === 'JSON');
  return reader.getRowsJS().map((row) => {
    const object: Record<string, unknown> = {};
    row.forEach((value, i) => {
      object[names[i]] = isJson[i] && typeof value === 'string' ? JSON.parse(value) : plain(value);
    });
    return object as T;
  });
}

/** Narrows bigints that fit a number (recursively through lists and structs). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
