/**
 * What changed in a map since it was confirmed, row by row, for the refusal that tells a
 * person to review the change: field rows are matched by their `source` (the n-th row of a
 * source with the n-th, so a moved row is not a change), everything else by its YAML path.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One line per changed value, added or removed row; empty when only formatting or comments
 * changed.
 *
 * @example
 * mapEdits(confirmed, current);
 * // ['objects.customers.fields[3] (loyaltyNumber): target.attribute "khoros_loyalty_number" → "loyalty_id"',
 * //  'objects.cases.fields (escalated): row removed', 'policies.noEmail: "lead" → "skip"']
 */
export function mapEdits(confirmed: unknown, current: unknown): string[] {
  const lines: string[] = [];
  walk(confirmed as Json, current as Json, '', lines);
  return lines;
}

function walk(before: Json | undefined, after: Json | undefined, path: string, lines: string[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (/^objects\.[^.]+\.fields$/.test(path) && Array.isArray(before) && Array.isArray(after)) return fieldRows(before, after, path, lines);
  if (isObject(before) && isObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) walk(before[key], after[key], path ? `${path}.${key}` : key, lines);
    return;
  }
  if (before === undefined) lines.push(`${path}: added ${show(after)}`);
  else if (after === undefined) lines.push(`${path}: removed (was ${show(before)})`);
  else lines.push(`${path}: ${show(before)} → ${show(after)}`);
}

function fieldRows(before: Json[], after: Json[], path: string, lines: string[]): void {
  const then = new Map(rowKeys(before).map((key, i) => [key, before[i]]));
  const now = new Map(rowKeys(after).map((key, i) => [key, { row: after[i], i }]));
  for (const [key, { row, i }] of now) {
    const old = then.get(key);
    const at = `${path}[${i}] (${key})`;
    if (old === undefined) {
      lines.push(`${at}: row added → ${show(isObject(row) ? row.target : row)}`);
      continue;
    }
    const changes: string[] = [];
    walk(old, row, '', changes);
    for (const change of changes) lines.push(`${at}: ${change}`);
  }
  for (const [key, row] of then) if (!now.has(key)) lines.push(`${path} (${key}): row removed (was → ${show(isObject(row) ? row.target : row)})`);
}

/** Each row's source; a source's second row is `source #2`, and so on. */
function rowKeys(rows: Json[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const source = isObject(row) && typeof row.source === 'string' ? row.source : JSON.stringify(row);
    const n = (seen.get(source) ?? 0) + 1;
    seen.set(source, n);
    return n === 1 ? source : `${source} #${n}`;
  });
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: Json | undefined): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
